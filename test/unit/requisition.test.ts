import {
  type ApprovalInput,
  availableActions,
  decideApproval,
  decideArrival,
  decideCancel,
  decideDelayReport,
  decideOrder,
  decideStockCheck,
  expectedOn,
  isDelayReportOverdue,
  isLateReport,
  isMakerChange,
  type RequisitionState,
  reorderQuantity,
} from '../../shared/domain/requisition.ts';

/** A requisition of one line (10 units of P-1), awaiting its approvals unless told otherwise. */
const aRequisition = (overrides: Partial<RequisitionState> = {}): RequisitionState => ({
  status: 'awaitingApproval',
  origin: 'request',
  lines: [{ partNumber: 'P-1', quantity: 10, received: 0, makerChange: false }],
  approvals: {},
  delayReports: [],
  ...overrides,
});

const approve = (approver: string, level: ApprovalInput['level'] = 'department'): ApprovalInput => ({
  level,
  decision: 'approve',
  approver,
});
const head = { decision: 'approve', by: { sub: 'head' } } as const;
const plant = { decision: 'approve', by: { sub: 'plant' } } as const;
const approvedByBoth = aRequisition({ status: 'approved', approvals: { department: head, plant } });
const withMakerChange = (overrides: Partial<RequisitionState> = {}) =>
  aRequisition({ lines: [{ partNumber: 'K-1', quantity: 2, received: 0, makerChange: true }], ...overrides });

describe('approvals (department head and plant management)', () => {
  it('refuses an approval before the warehouse keeper checked the stock', () => {
    expect(decideApproval(aRequisition({ status: 'awaitingStockCheck' }), approve('head'))).toEqual({
      ok: false,
      refusal: 'notStockChecked',
    });
  });

  it('keeps the requisition awaiting approval after one level approves', () => {
    expect(decideApproval(aRequisition(), approve('head'))).toEqual({ ok: true, to: 'awaitingApproval' });
  });

  it('approves once the second level approves, by another person', () => {
    const oneDone = aRequisition({ approvals: { department: head } });
    expect(decideApproval(oneDone, approve('plant', 'plant'))).toEqual({ ok: true, to: 'approved' });
  });

  it('refuses the same person approving at both levels, in either order', () => {
    expect(
      decideApproval(aRequisition({ approvals: { department: head } }), approve('head', 'plant')),
    ).toEqual({
      ok: false,
      refusal: 'sameApprover',
    });
    expect(decideApproval(aRequisition({ approvals: { plant } }), approve('plant', 'department'))).toEqual({
      ok: false,
      refusal: 'sameApprover',
    });
  });

  it('refuses a level that has decided already', () => {
    expect(decideApproval(aRequisition({ approvals: { department: head } }), approve('other'))).toEqual({
      ok: false,
      refusal: 'levelDecided',
    });
  });

  it('rejects the requisition on a reject at either level', () => {
    expect(decideApproval(aRequisition(), { ...approve('head'), decision: 'reject' })).toEqual({
      ok: true,
      to: 'rejected',
    });
    const oneDone = aRequisition({ approvals: { department: head } });
    expect(decideApproval(oneDone, { ...approve('plant', 'plant'), decision: 'reject' })).toEqual({
      ok: true,
      to: 'rejected',
    });
  });

  it('refuses approvals of a requisition that is no longer awaiting them', () => {
    for (const status of ['approved', 'rejected', 'cancelled', 'ordered', 'proposed'] as const) {
      expect(decideApproval(aRequisition({ status }), approve('head'))).toEqual({
        ok: false,
        refusal: 'illegalStatus',
      });
    }
  });
});

describe("a key part's other maker or model (三定)", () => {
  it('tells a maker change only for key parts naming another maker or model', () => {
    const key = { category: 'key', maker: '博世', model: 'B-1' };
    expect(isMakerChange(key, {})).toBe(false);
    expect(isMakerChange(key, { maker: '博世', model: 'B-1' })).toBe(false);
    expect(isMakerChange(key, { maker: '西门子' })).toBe(true);
    expect(isMakerChange(key, { model: 'B-2' })).toBe(true);
    expect(isMakerChange({ ...key, category: 'standard' }, { maker: '西门子' })).toBe(false);
  });

  it("needs the plant's word on the change", () => {
    expect(decideApproval(withMakerChange(), approve('plant', 'plant'))).toEqual({
      ok: false,
      refusal: 'makerChangeRequired',
    });
    expect(
      decideApproval(withMakerChange({ approvals: { department: head } }), {
        ...approve('plant', 'plant'),
        makerChange: 'approved',
      }),
    ).toEqual({ ok: true, to: 'approved' });
  });

  it('refuses approving the requisition while refusing the change, but takes it with a reject', () => {
    const refusing = { ...approve('plant', 'plant'), makerChange: 'rejected' } as const;
    expect(decideApproval(withMakerChange(), refusing)).toEqual({
      ok: false,
      refusal: 'makerChangeRejectedButApproved',
    });
    expect(decideApproval(withMakerChange(), { ...refusing, decision: 'reject' })).toEqual({
      ok: true,
      to: 'rejected',
    });
  });

  it('takes no word on a change at the department level or without a change', () => {
    expect(decideApproval(withMakerChange(), { ...approve('head'), makerChange: 'approved' })).toEqual({
      ok: false,
      refusal: 'makerChangeNotProposed',
    });
    expect(decideApproval(aRequisition(), { ...approve('plant', 'plant'), makerChange: 'approved' })).toEqual(
      {
        ok: false,
        refusal: 'makerChangeNotProposed',
      },
    );
  });

  it('lets the department level approve without a word on the change', () => {
    expect(decideApproval(withMakerChange(), approve('head'))).toEqual({ ok: true, to: 'awaitingApproval' });
  });
});

describe('ordering (no purchase without both approvals)', () => {
  it('orders a requisition approved by both levels', () => {
    expect(decideOrder(approvedByBoth)).toEqual({ ok: true, to: 'ordered' });
  });

  it('refuses one approver only, or none', () => {
    expect(decideOrder(aRequisition({ approvals: { department: head } }))).toEqual({
      ok: false,
      refusal: 'notApprovedByBoth',
    });
    expect(decideOrder(aRequisition({ status: 'awaitingStockCheck' }))).toEqual({
      ok: false,
      refusal: 'notApprovedByBoth',
    });
  });

  it('refuses an approved requisition whose two approvals are one person or missing', () => {
    const samePerson = { decision: 'approve', by: { sub: 'head' } } as const;
    expect(
      decideOrder(aRequisition({ status: 'approved', approvals: { department: head, plant: samePerson } })),
    ).toEqual({ ok: false, refusal: 'notApprovedByBoth' });
    expect(decideOrder(aRequisition({ status: 'approved', approvals: { plant } }))).toEqual({
      ok: false,
      refusal: 'notApprovedByBoth',
    });
  });

  it('refuses a maker change the plant did not approve', () => {
    expect(
      decideOrder(withMakerChange({ status: 'approved', approvals: { department: head, plant } })),
    ).toEqual({
      ok: false,
      refusal: 'makerChangeNotApproved',
    });
    const approvedChange = { ...plant, makerChange: 'approved' } as const;
    expect(
      decideOrder(
        withMakerChange({ status: 'approved', approvals: { department: head, plant: approvedChange } }),
      ),
    ).toEqual({ ok: true, to: 'ordered' });
  });

  it('orders a reorder proposal as proposed, within the quota', () => {
    expect(decideOrder(aRequisition({ status: 'proposed', origin: 'reorder' }))).toEqual({
      ok: true,
      to: 'ordered',
    });
  });

  it('refuses rejected, cancelled, ordered and received requisitions', () => {
    for (const status of ['rejected', 'cancelled', 'ordered', 'received'] as const) {
      expect(decideOrder(aRequisition({ status, approvals: { department: head, plant } }))).toEqual({
        ok: false,
        refusal: 'illegalStatus',
      });
    }
  });
});

describe('stock check, cancel and the actions offered', () => {
  it('checks the stock only while awaiting it', () => {
    expect(decideStockCheck(aRequisition({ status: 'awaitingStockCheck' }))).toEqual({
      ok: true,
      to: 'awaitingApproval',
    });
    expect(decideStockCheck(aRequisition())).toEqual({ ok: false, refusal: 'illegalStatus' });
  });

  it('lets a department cancel only before approval', () => {
    expect(decideCancel(aRequisition(), true)).toEqual({ ok: true, to: 'cancelled' });
    expect(decideCancel(approvedByBoth, true)).toEqual({ ok: false, refusal: 'departmentCancelTooLate' });
    expect(decideCancel(approvedByBoth, false)).toEqual({ ok: true, to: 'cancelled' });
  });

  it('refuses cancelling a final requisition or a purchase of which parts arrived', () => {
    expect(decideCancel(aRequisition({ status: 'received' }), false)).toEqual({
      ok: false,
      refusal: 'illegalStatus',
    });
    const partly = aRequisition({
      status: 'ordered',
      lines: [{ partNumber: 'P-1', quantity: 10, received: 4, makerChange: false }],
    });
    expect(decideCancel(partly, false)).toEqual({ ok: false, refusal: 'partlyReceived' });
  });

  it('offers the legal steps', () => {
    expect(availableActions(aRequisition({ status: 'awaitingStockCheck' }))).toEqual([
      'stockCheck',
      'cancel',
    ]);
    expect(availableActions(aRequisition())).toEqual(['approve', 'cancel']);
    expect(availableActions(approvedByBoth)).toEqual(['order', 'cancel']);
    expect(availableActions(aRequisition({ status: 'proposed', origin: 'reorder' }))).toEqual([
      'order',
      'cancel',
    ]);
    expect(availableActions(aRequisition({ status: 'ordered' }))).toEqual(['reportDelay', 'cancel']);
    expect(availableActions(aRequisition({ status: 'received' }))).toEqual([]);
  });
});

describe('arrivals', () => {
  const ordered = aRequisition({
    status: 'ordered',
    lines: [
      { partNumber: 'P-1', quantity: 10, received: 0, makerChange: false },
      { partNumber: 'P-2', quantity: 2, received: 0, makerChange: false },
    ],
  });

  it('adds the units to their line and completes the requisition when every line is in', () => {
    const first = decideArrival(ordered, 'P-1', 10);
    expect(first).toMatchObject({ ok: true, complete: false, to: 'ordered' });
    if (!first.ok) throw new Error('refused');
    expect(first.lines.map((l) => l.received)).toEqual([10, 0]);
    const second = decideArrival({ ...ordered, lines: first.lines }, 'P-2', 2);
    expect(second).toMatchObject({ ok: true, complete: true, to: 'received' });
  });

  it('refuses a part not ordered, a requisition not in purchase, and more than still to come', () => {
    expect(decideArrival(ordered, 'P-9', 1)).toEqual({ ok: false, refusal: 'notOrderedForPart' });
    expect(decideArrival(approvedByBoth, 'P-1', 1)).toEqual({ ok: false, refusal: 'notOrderedForPart' });
    expect(decideArrival(ordered, 'P-2', 3)).toEqual({ ok: false, refusal: 'exceedsOrdered' });
  });
});

describe('written delay reports (within 3 days)', () => {
  const ordered = aRequisition({
    status: 'ordered',
    order: { expectedOn: '2026-03-10', at: '2026-03-01T02:00:00.000Z' },
  });

  it('is late only when made more than 3 calendar days after learning of the delay', () => {
    expect(isLateReport('2026-03-01', '2026-03-04')).toBe(false);
    expect(isLateReport('2026-03-01', '2026-03-05')).toBe(true);
    expect(isLateReport('2026-02-27', '2026-03-03')).toBe(true);
  });

  it('takes a report of an ordered purchase with a later expected day', () => {
    expect(
      decideDelayReport(
        ordered,
        { learnedOn: '2026-03-02', newExpectedOn: '2026-03-20' },
        '2026-03-01',
        '2026-03-08',
      ),
    ).toEqual({ ok: true, late: true });
  });

  it('refuses days that do not fit', () => {
    const report = (learnedOn: string, newExpectedOn: string) =>
      decideDelayReport(ordered, { learnedOn, newExpectedOn }, '2026-03-01', '2026-03-05');
    expect(report('2026-03-06', '2026-03-20')).toEqual({ ok: false, refusal: 'learnedOnInFuture' });
    expect(report('2026-02-28', '2026-03-20')).toEqual({ ok: false, refusal: 'learnedOnBeforeOrder' });
    expect(report('2026-03-04', '2026-03-10')).toEqual({ ok: false, refusal: 'newExpectedOnTooEarly' });
    expect(
      decideDelayReport(
        approvedByBoth,
        { learnedOn: '2026-03-04', newExpectedOn: '2026-03-20' },
        '2026-03-01',
        '2026-03-05',
      ),
    ).toEqual({ ok: false, refusal: 'illegalStatus' });
  });

  it('expects the parts on the latest reported day', () => {
    const reported = {
      ...ordered,
      delayReports: [{ newExpectedOn: '2026-03-20' }, { newExpectedOn: '2026-03-15' }],
    };
    expect(expectedOn(reported)).toBe('2026-03-20');
    expect(expectedOn(ordered)).toBe('2026-03-10');
  });

  it('flags a purchase more than 3 days past its expected day without a report, once', () => {
    expect(isDelayReportOverdue(ordered, '2026-03-13')).toBe(false);
    expect(isDelayReportOverdue(ordered, '2026-03-14')).toBe(true);
    expect(
      isDelayReportOverdue({ ...ordered, delayReportOverdue: { expectedOn: '2026-03-10' } }, '2026-03-14'),
    ).toBe(false);
    expect(
      isDelayReportOverdue({ ...ordered, delayReports: [{ newExpectedOn: '2026-03-20' }] }, '2026-03-14'),
    ).toBe(false);
    expect(isDelayReportOverdue({ ...ordered, status: 'received' }, '2026-03-30')).toBe(false);
  });
});

describe('reorder at the low quota', () => {
  it('fills up to the high quota at or below the low quota', () => {
    expect(reorderQuantity({ lowQuota: 2, highQuota: 10 }, 2)).toBe(8);
    expect(reorderQuantity({ lowQuota: 2, highQuota: 10 }, 0)).toBe(10);
    expect(reorderQuantity({ lowQuota: 2, highQuota: 10 }, 3)).toBeUndefined();
  });

  it('proposes nothing for parts without a quota or already at the high quota', () => {
    expect(reorderQuantity({ lowQuota: 0, highQuota: 0 }, 0)).toBeUndefined();
    expect(reorderQuantity({ lowQuota: 5, highQuota: 5 }, 5)).toBeUndefined();
  });
});

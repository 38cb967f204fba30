import { randomUUID } from 'node:crypto';
import { addDays } from '../../shared/calendar/plain-date.ts';
import { type ApiResponse, startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { act, actionBodies, aServiceRequestAt, today } from '../support/service-requests.ts';
import { everything } from '../support/surveys.ts';

interface LotTaken {
  lotId: string;
  receivedOn: string;
  quantity: number;
  unitCost: number;
}
interface VisitReport {
  partsUsed: {
    partNumber?: string;
    name: string;
    quantity: number;
    cost?: number;
    lots?: LotTaken[];
    ledgerSeq?: number;
  }[];
  partsReplaced: { partNumber: string; quantity: number; cause: string; ledgerSeq: number }[];
  partsCost: number;
}
interface ServiceView {
  status: string;
  version: number;
  service: { visitReport: VisitReport };
  timeline: { type: string; data: Record<string, unknown> }[];
}
interface LedgerEntry {
  seq: number;
  kind: string;
  quantity: number;
  value: number;
  toRepair: number;
  allocations?: { lotId: string; quantity: number; unitCost: number }[];
  data: Record<string, unknown>;
}
interface PartView {
  stock: { onHand: number; stockValue: number; toRepair: number };
  belowLowQuota: boolean;
  lots: { lotId: string; receivedOn: string; quantity: number; unitCost: number }[];
}
interface Problem {
  errors?: { field: string; code: string; message: string }[];
}

let api: TestRuntime;
let cs: string;
let warehouse: string;
beforeAll(async () => {
  api = await startTestRuntime();
  cs = await api.token('customer-service');
  warehouse = await api.token('warehouse');
});
afterAll(async () => api.stop());

/** A new standard part of the catalogue, by default out of any reserve quota (no reorder joins a visit). */
async function aPart(quota = { lowQuota: 0, highQuota: 0 }): Promise<string> {
  const partNumber = `VP-${randomUUID().slice(0, 8)}`;
  const response = await api.request('POST', '/v1/parts', {
    token: warehouse,
    body: {
      partNumber,
      name: '气压棒',
      specification: '100 mm',
      unit: '件',
      unitCost: 10,
      category: 'standard',
      location: 'T-01-1',
      ...quota,
    },
  });
  if (response.status !== 201) throw new Error(`part not created: ${response.text}`);
  return partNumber;
}

/** Receives an accepted lot; answers its lot id. */
async function receive(partNumber: string, quantity: number, unitCost: number, receivedOn = today()) {
  const response = await api.request<{ entry: { data: { lotId: string } } }>(
    'POST',
    `/v1/parts/${partNumber}/receipts`,
    {
      token: warehouse,
      body: { quantity, unitCost, supplier: '华东五金', receivedOn, inspection: { result: 'accepted' } },
    },
  );
  if (response.status !== 201) throw new Error(`not received: ${response.text}`);
  return response.body.entry.data.lotId;
}

const part = async (partNumber: string) =>
  (await api.request<PartView>('GET', `/v1/parts/${partNumber}`, { token: warehouse })).body;
const ledger = async (partNumber: string) =>
  (await api.request<{ items: LedgerEntry[] }>('GET', `/v1/parts/${partNumber}/ledger`, { token: warehouse }))
    .body.items;
const reconcile = async (partNumber: string) =>
  (await api.request('GET', `/v1/parts/${partNumber}/reconcile`, { token: warehouse })).body;
const partsCounters = async () =>
  (await api.item('STATS#parts', `MONTH#${today().slice(0, 7)}`)) ?? ({} as Record<string, unknown>);
const gained = (after: Record<string, unknown>, before: Record<string, unknown>, name: string) =>
  Number(after[name] ?? 0) - Number(before[name] ?? 0);

/** Reports the visit of `id` with the sample report's text and these parts. */
const reportVisit = (id: string, parts: { partsUsed?: unknown[]; partsReplaced?: unknown[] }) =>
  act(api, id, 'visit-report', {
    token: cs,
    body: { ...actionBodies['visit-report'](), partsUsed: [], ...parts },
  });

const visited = (response: ApiResponse) => {
  expect({ status: response.status, text: response.status === 200 ? '' : response.text }).toEqual({
    status: 200,
    text: '',
  });
  return response.body as unknown as ServiceView;
};
const refused = (response: ApiResponse) => {
  expect(response.status).toBe(422);
  return (response.body as Problem).errors ?? [];
};

describe('the demo catalogue', () => {
  it('has the gas lift of the sample visit in three lots at their own costs, and every part reconciles', async () => {
    const gasLift = await part('QYB-120');

    expect(gasLift.stock.onHand).toBe(200);
    expect(gasLift.lots.map((lot) => lot.unitCost)).toEqual([35, 38.5, 40.2]);
    expect(new Set(gasLift.lots.map((lot) => lot.receivedOn)).size).toBe(3);
    expect((await part('SX-WJG05')).belowLowQuota).toBe(true);
    for (const partNumber of ['QYB-120', 'YSJ-KT35', 'FB-KZY01-LJB', 'FBJ-MOTOR-3KW', 'SX-WJG05']) {
      expect(await reconcile(partNumber)).toMatchObject({ agrees: true, chainIntact: true });
    }
  });
});

describe('a visit report using catalogue parts', () => {
  it('issues them oldest lot first to the request, in the same transaction, and shows their exact cost', async () => {
    const partNumber = await aPart();
    const older = await receive(partNumber, 3, 10.1, addDays(today(), -40));
    const newer = await receive(partNumber, 5, 20.2, addDays(today(), -3));
    const id = await aServiceRequestAt(api, 'VISIT_SCHEDULED', cs);

    const view = visited(
      await reportVisit(id, {
        partsUsed: [
          { partNumber, name: '气压棒', quantity: 4 },
          { name: '本地五金店买的螺丝', quantity: 6 },
        ],
      }),
    );

    const report = view.service.visitReport;
    const [used, local] = report.partsUsed;
    expect(used).toEqual({
      partNumber,
      name: '气压棒',
      quantity: 4,
      cost: 50.5,
      lots: [
        { lotId: older, receivedOn: addDays(today(), -40), quantity: 3, unitCost: 10.1 },
        { lotId: newer, receivedOn: addDays(today(), -3), quantity: 1, unitCost: 20.2 },
      ],
      ledgerSeq: expect.any(Number),
    });
    expect(local).toEqual({ name: '本地五金店买的螺丝', quantity: 6 });
    expect(report.partsCost).toBe(50.5);
    const [issue] = await ledger(partNumber);
    expect(issue).toMatchObject({
      seq: used?.ledgerSeq,
      kind: 'issue',
      quantity: -4,
      value: -50.5,
      data: { to: { kind: 'serviceRequest', caseId: id } },
    });
    const after = await part(partNumber);
    expect(after.stock).toEqual({ onHand: 4, stockValue: 80.8, toRepair: 0 });
    expect(after.lots).toMatchObject([{ lotId: newer, quantity: 4, unitCost: 20.2 }]);
    expect(await reconcile(partNumber)).toMatchObject({ agrees: true, chainIntact: true });
    const event = view.timeline.find((e) => e.type === 'service.reportVisit');
    expect(event?.data).toMatchObject({ partsCost: 50.5, partsUsed: [used, local] });
  });

  it('books replaced parts as waiting for repair with their cause, counted in the month', async () => {
    const partNumber = await aPart();
    await receive(partNumber, 10, 5);
    const id = await aServiceRequestAt(api, 'VISIT_SCHEDULED', cs);
    const before = await partsCounters();

    const view = visited(
      await reportVisit(id, { partsReplaced: [{ partNumber, quantity: 2, cause: '气压棒漏气，无法升降' }] }),
    );

    const [replaced] = view.service.visitReport.partsReplaced;
    expect(replaced).toEqual({ partNumber, quantity: 2, cause: '气压棒漏气，无法升降', ledgerSeq: 3 });
    expect(view.service.visitReport.partsCost).toBe(0);
    expect((await part(partNumber)).stock).toEqual({ onHand: 10, stockValue: 50, toRepair: 2 });
    expect((await ledger(partNumber))[0]).toMatchObject({
      seq: 3,
      kind: 'toRepair',
      quantity: 0,
      toRepair: 2,
      data: { cause: '气压棒漏气，无法升降', caseId: id },
    });
    expect(gained(await partsCounters(), before, 'toRepairUnits')).toBe(2);
    expect(await reconcile(partNumber)).toMatchObject({ agrees: true });
  });

  it('takes a part both used and replaced as one issue that also books the old one to repair', async () => {
    const partNumber = await aPart();
    const other = await aPart();
    await receive(partNumber, 10, 7.77);
    await receive(other, 4, 1.25);
    const id = await aServiceRequestAt(api, 'VISIT_SCHEDULED', cs);
    const before = await partsCounters();

    const view = visited(
      await reportVisit(id, {
        partsUsed: [
          { partNumber, name: '气压棒', quantity: 1 },
          { partNumber: other, name: '脚轮', quantity: 2 },
        ],
        partsReplaced: [{ partNumber, quantity: 1, cause: '旧气压棒漏气' }],
      }),
    );

    const report = view.service.visitReport;
    expect(report.partsUsed[0]?.ledgerSeq).toBe(3);
    expect(report.partsReplaced).toEqual([{ partNumber, quantity: 1, cause: '旧气压棒漏气', ledgerSeq: 3 }]);
    expect(report.partsCost).toBe(10.27);
    const entries = await ledger(partNumber);
    expect(entries.map((e) => e.kind)).toEqual(['issue', 'receipt', 'created']);
    expect(entries[0]).toMatchObject({
      quantity: -1,
      value: -7.77,
      toRepair: 1,
      data: { to: { kind: 'serviceRequest', caseId: id }, cause: '旧气压棒漏气' },
    });
    expect((await part(partNumber)).stock).toEqual({ onHand: 9, stockValue: 69.93, toRepair: 1 });
    const after = await partsCounters();
    expect(gained(after, before, 'issuedUnits')).toBe(3);
    expect(gained(after, before, 'toRepairUnits')).toBe(1);
    expect(gained(after, before, 'repairSpendFen')).toBe(1027);
    expect(await reconcile(partNumber)).toMatchObject({ agrees: true });
    expect(await reconcile(other)).toMatchObject({ agrees: true });
  });

  it('proposes the reorder of a part it leaves at its low quota, and mails the warehouse', async () => {
    const partNumber = await aPart({ lowQuota: 2, highQuota: 10 });
    await receive(partNumber, 5, 6);
    const id = await aServiceRequestAt(api, 'VISIT_SCHEDULED', cs);

    visited(await reportVisit(id, { partsUsed: [{ partNumber, name: '气压棒', quantity: 3 }] }));

    expect((await api.item(`PART#${partNumber}`, 'PART'))?.openReorderId).toEqual(expect.any(String));
    const notices = (await api.emailsTo('warehouse@aftersales.local')).filter((mail) =>
      mail.subject.includes(partNumber),
    );
    expect(notices).toHaveLength(1);
    expect(await reconcile(partNumber)).toMatchObject({ agrees: true });
  });

  it('records lines without a part number as today: a non-stock part, no movement, no cost', async () => {
    const id = await aServiceRequestAt(api, 'VISIT_SCHEDULED', cs);
    const before = await partsCounters();

    const view = visited(await reportVisit(id, { partsUsed: [{ name: '本地采购的合页', quantity: 2 }] }));

    expect(view.service.visitReport.partsUsed).toEqual([{ name: '本地采购的合页', quantity: 2 }]);
    expect(view.service.visitReport.partsCost).toBe(0);
    expect(await partsCounters()).toEqual(before);
  });
});

describe('a refused visit report', () => {
  it('names every part not in the catalogue (422) and writes nothing', async () => {
    const partNumber = await aPart();
    await receive(partNumber, 5, 3);
    const id = await aServiceRequestAt(api, 'VISIT_SCHEDULED', cs);
    const before = await everything(api);

    const errors = refused(
      await reportVisit(id, {
        partsUsed: [
          { partNumber, name: '气压棒', quantity: 1 },
          { partNumber: 'NO-SUCH-PART', name: '不存在', quantity: 1 },
        ],
        partsReplaced: [{ partNumber: 'NO-SUCH-OLD', quantity: 1, cause: '损坏' }],
      }),
    );

    expect(errors.map(({ field, code }) => ({ field, code }))).toEqual([
      { field: 'partsUsed.1.partNumber', code: 'unknown_part' },
      { field: 'partsReplaced.0.partNumber', code: 'unknown_part' },
    ]);
    expect(await everything(api)).toEqual(before);
    const request = await api.request<ServiceView>('GET', `/v1/service-requests/${id}`, { token: cs });
    expect(request.body.status).toBe('VISIT_SCHEDULED');
  });

  it('refuses more than in stock on each line quantity (422) and writes nothing', async () => {
    const partNumber = await aPart();
    const other = await aPart();
    await receive(partNumber, 3, 3);
    await receive(other, 1, 3);
    const id = await aServiceRequestAt(api, 'VISIT_SCHEDULED', cs);
    const before = await everything(api);

    const errors = refused(
      await reportVisit(id, {
        partsUsed: [
          { name: '螺丝', quantity: 1 },
          { partNumber, name: '气压棒', quantity: 4 },
          { partNumber: other, name: '脚轮', quantity: 2 },
        ],
      }),
    );

    expect(errors).toMatchObject([
      { field: 'partsUsed.1.quantity', code: 'insufficient_stock' },
      { field: 'partsUsed.2.quantity', code: 'insufficient_stock' },
    ]);
    expect(await everything(api)).toEqual(before);
  });

  it('refuses the same part number twice in a list', async () => {
    const partNumber = await aPart();
    const id = await aServiceRequestAt(api, 'VISIT_SCHEDULED', cs);

    const errors = refused(
      await reportVisit(id, {
        partsUsed: [
          { partNumber, name: '气压棒', quantity: 1 },
          { partNumber, name: '气压棒', quantity: 1 },
        ],
      }),
    );

    expect(errors).toMatchObject([{ field: 'partsUsed.1.partNumber', code: 'invalid' }]);
  });

  it('refuses a visit that would write more than one transaction holds, and books one that just fits', async () => {
    // 95 lots of one unit: the visit would write the case and its event, the office counters, and
    // the part, its ledger entry, the parts counters and one item per lot taken.
    const partNumber = await aPart();
    for (let n = 0; n < 95; n += 1) await receive(partNumber, 1, 1);
    const id = await aServiceRequestAt(api, 'VISIT_SCHEDULED', cs);
    const before = await everything(api);

    const errors = refused(
      await reportVisit(id, { partsUsed: [{ partNumber, name: '螺丝', quantity: 95 }] }),
    );

    expect(errors).toMatchObject([{ field: 'partsUsed', code: 'too_many_movements' }]);
    expect(errors[0]?.message).toContain('单独领用');
    expect(await everything(api)).toEqual(before);

    const view = visited(await reportVisit(id, { partsUsed: [{ partNumber, name: '螺丝', quantity: 94 }] }));
    expect(view.service.visitReport.partsCost).toBe(94);
    expect((await part(partNumber)).stock.onHand).toBe(1);
    expect(await reconcile(partNumber)).toMatchObject({ agrees: true });
  });
});

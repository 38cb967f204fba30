import type { Role } from '../../shared/http/roles.ts';
import { routes } from '../../shared/http/routes.ts';
import { describeForm } from '../../web/console/src/forms/fields.ts';
import { ledgerDetails, reconcileVerdict, signedChange } from '../../web/console/src/pages/parts/ledger.ts';
import { partActionsFor } from '../../web/console/src/pages/parts/part-actions.ts';
import {
  approvalSchema,
  requisitionActionsFor,
} from '../../web/console/src/pages/parts/requisition-actions.ts';
import { scrapActionsFor } from '../../web/console/src/pages/parts/scrap-actions.ts';
import type { RequisitionView, ScrapView } from '../../web/console/src/pages/parts/types.ts';

const stock = (onHand: number, toRepair = 0) => ({ stock: { onHand, stockValue: onHand * 10, toRepair } });
const keys = (specs: readonly { key: string }[]) => specs.map((spec) => spec.key);

describe("the forms of a part's page", () => {
  it('offer the warehouse keeper receipts, issues, returns, repairs and the catalogue, not transfers', () => {
    expect(keys(partActionsFor(['warehouse'], stock(5, 2)))).toEqual([
      'receiveParts',
      'issueParts',
      'returnSurplusParts',
      'bookPartsToRepair',
      'repairedParts',
      'unrepairableParts',
      'updatePart',
    ]);
  });

  it('offer transfers out to management only', () => {
    expect(keys(partActionsFor(['manager'], stock(5)))).toContain('transferParts');
    expect(keys(partActionsFor(['warehouse'], stock(5)))).not.toContain('transferParts');
  });

  it('offer nothing to those who only read parts', () => {
    const readers: Role[] = ['department', 'production', 'customer-service', 'office'];
    for (const role of readers) expect(partActionsFor([role], stock(5, 1))).toEqual([]);
  });

  it('leave out issues and transfers with nothing in stock, and repairs with nothing to repair', () => {
    const shown = keys(partActionsFor(['manager'], stock(0, 0)));

    expect(shown).toEqual(['receiveParts', 'returnSurplusParts', 'bookPartsToRepair', 'updatePart']);
  });

  it("send a repair's outcome with its form: each outcome is its own option of the route's body", () => {
    const [repaired, unrepairable] = partActionsFor(['warehouse'], stock(0, 3)).filter(
      (spec) => spec.route === routes.recordPartRepair,
    );

    expect(repaired?.schema && describeForm(repaired.schema).fixed).toEqual({ outcome: 'repaired' });
    expect(unrepairable?.schema && describeForm(unrepairable.schema).fixed).toEqual({
      outcome: 'unrepairable',
    });
  });
});

describe('a ledger entry in words', () => {
  it('names the department and purpose an issue went to', () => {
    const details = ledgerDetails({
      data: { to: { kind: 'department', departmentId: 'assembly', purpose: '装配线维修' }, note: '急用' },
    });

    expect(details).toEqual([
      { label: 'console.parts.ledger.toDepartment', text: 'assembly · 装配线维修' },
      { label: 'console.parts.ledger.note', text: '急用' },
    ]);
  });

  it('links an issue to its service request', () => {
    expect(ledgerDetails({ data: { to: { kind: 'serviceRequest', caseId: '01JSR' } } })).toEqual([
      { label: 'console.parts.ledger.toServiceRequest', text: '01JSR', link: '/service-requests/01JSR' },
    ]);
  });

  it("gives a rejected receipt's supplier, the note back to the buyer and the requisition", () => {
    const details = ledgerDetails({
      data: {
        supplier: '常州恒力五金',
        receivedOn: '2026-11-27',
        unitCostFen: 4020,
        inspection: { result: 'rejected', note: '行程不符' },
        requisitionId: '01JRQ',
      },
    });

    expect(details).toEqual([
      { label: 'console.parts.ledger.supplier', text: '常州恒力五金' },
      { label: 'console.parts.ledger.inspectionNote', text: '行程不符' },
      { label: 'console.parts.ledger.requisition', text: '01JRQ', link: '/requisitions/01JRQ' },
    ]);
  });

  it('links a scrap to its request and gives its reason', () => {
    expect(
      ledgerDetails({ data: { scrapId: '01JBF', reference: 'BF-1', route: 'warehouse', reason: '锈蚀' } }),
    ).toEqual([
      { label: 'console.parts.ledger.scrap', text: '01JBF', link: '/scraps/01JBF' },
      { label: 'console.parts.ledger.reason', text: '锈蚀' },
    ]);
  });

  it('says nothing for an entry without details', () => {
    expect(ledgerDetails({ data: {} })).toEqual([]);
  });

  it('signs each change: in plus, out minus, none zero', () => {
    expect([signedChange(3), signedChange(-2), signedChange(0)]).toEqual(['+3', '−2', '0']);
    expect(signedChange(-12.5, (n) => `¥${n}`)).toBe('−¥12.5');
  });
});

describe('the reconciliation in one word', () => {
  it('agrees only when the figures agree and the chain verifies', () => {
    expect(reconcileVerdict({ agrees: true, chainIntact: true })).toBe('agrees');
    expect(reconcileVerdict({ agrees: false, chainIntact: true })).toBe('differs');
    expect(reconcileVerdict({ agrees: true, chainIntact: false })).toBe('chainBroken');
  });
});

const requisition = (overrides: Partial<RequisitionView> = {}) =>
  ({
    availableActions: ['approve', 'cancel'],
    approvals: {},
    lines: [{ partNumber: 'QYB-120', name: '气压棒', quantity: 40, received: 0, makerChange: false }],
    departmentId: 'assembly',
    ...overrides,
  }) as Pick<RequisitionView, 'availableActions' | 'approvals' | 'lines' | 'departmentId'>;

describe('the steps of a requisition', () => {
  it("offer the department head their own department's approval, and management the plant's", () => {
    expect(
      keys(requisitionActionsFor(requisition(), { roles: ['department'], departmentId: 'assembly' })),
    ).toEqual(['approveDepartment', 'cancelRequisition']);
    expect(keys(requisitionActionsFor(requisition(), { roles: ['manager'] }))).toEqual([
      'approvePlant',
      'cancelRequisition',
    ]);
  });

  it("offer no approval of another department's requisition, nor of a level decided already", () => {
    expect(
      keys(requisitionActionsFor(requisition(), { roles: ['department'], departmentId: 'painting' })),
    ).toEqual(['cancelRequisition']);
    const decided = requisition({
      approvals: { plant: { decision: 'approve', at: '2026-11-27T02:00:00Z', by: { sub: 'm1' } } },
    });
    expect(keys(requisitionActionsFor(decided, { roles: ['manager'] }))).toEqual(['cancelRequisition']);
  });

  it('offer the stock check to the warehouse keeper only', () => {
    const waiting = requisition({ availableActions: ['stockCheck', 'cancel'] });

    expect(keys(requisitionActionsFor(waiting, { roles: ['warehouse'] }))).toEqual([
      'checkRequisitionStock',
      'cancelRequisition',
    ]);
    expect(keys(requisitionActionsFor(waiting, { roles: ['manager'] }))).toEqual(['cancelRequisition']);
  });

  it("fix the approval's level and ask about a maker change only of the plant, when one is proposed", () => {
    const plant = describeForm(approvalSchema('plant', true));
    const department = describeForm(approvalSchema('department', true));

    expect(plant.fixed).toEqual({ level: 'plant' });
    expect(plant.fields.map((field) => field.name)).toEqual(['decision', 'note', 'makerChange']);
    expect(department.fixed).toEqual({ level: 'department' });
    expect(department.fields.map((field) => field.name)).toEqual(['decision', 'note']);
    expect(describeForm(approvalSchema('plant', false)).fields.map((field) => field.name)).toEqual([
      'decision',
      'note',
    ]);
  });
});

const scrap = (overrides: Partial<ScrapView> = {}) =>
  ({ availableActions: ['appraise'], appraisals: {}, ...overrides }) as Pick<
    ScrapView,
    'availableActions' | 'appraisals'
  >;

describe('the steps of a scrap request', () => {
  it('offer each appraiser the open slot of their role, with the slot fixed', () => {
    const [repairTeam] = scrapActionsFor(scrap(), ['production']);

    expect(repairTeam?.key).toBe('appraise.repairTeam');
    expect(repairTeam && describeForm(repairTeam.schema).fixed).toEqual({ slot: 'repairTeam' });
    expect(keys(scrapActionsFor(scrap(), ['warehouse']))).toEqual(['appraise.warehouseKeeper']);
    expect(keys(scrapActionsFor(scrap(), ['department']))).toEqual(['appraise.equipmentOwner']);
  });

  it('offer no slot given already, and nothing to management while the appraisals run', () => {
    const given = scrap({
      appraisals: {
        repairTeam: { opinion: 'scrap', note: '磨损', at: '2026-11-27T02:00:00Z', by: { sub: 'p1' } },
      },
    });

    expect(scrapActionsFor(given, ['production'])).toEqual([]);
    expect(scrapActionsFor(given, ['manager'])).toEqual([]);
  });

  it('offer management the approval and the rejection, each with its decision fixed', () => {
    const specs = scrapActionsFor(scrap({ availableActions: ['approve', 'reject'] }), ['manager']);

    expect(keys(specs)).toEqual(['approveScrap', 'rejectScrap']);
    expect(specs.map((spec) => describeForm(spec.schema).fixed)).toEqual([
      { decision: 'approve' },
      { decision: 'reject' },
    ]);
    expect(scrapActionsFor(scrap({ availableActions: ['approve', 'reject'] }), ['warehouse'])).toEqual([]);
  });
});

import { proposeLowStockReorders } from '../../shared/app/reorder.ts';
import {
  aPart,
  beijingDay,
  getRequisition,
  issue,
  type RequisitionBody,
  receive,
  step,
} from '../support/requisitions.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';

let api: TestRuntime;
let warehouse = '';

beforeAll(async () => {
  api = await startTestRuntime({ seed: false });
  warehouse = await api.token('warehouse');
});
afterAll(async () => api.stop());

const WAREHOUSE_MAILBOX = 'warehouse@aftersales.local';

const partItem = async (partNumber: string) => (await api.item(`PART#${partNumber}`, 'PART')) ?? {};

/** The reorder proposals of a part, as stored. */
async function proposalsOf(partNumber: string): Promise<RequisitionBody[]> {
  const all = await api.indexPartition('gsi1', 'REQUISITIONS');
  return all.filter(
    (r) => r.origin === 'reorder' && (r.lines as { partNumber: string }[])[0]?.partNumber === partNumber,
  ) as unknown as RequisitionBody[];
}

const noticesAbout = async (partNumber: string) =>
  (await api.emailsTo(WAREHOUSE_MAILBOX)).filter((mail) => mail.subject.includes(partNumber));

/** A part stocked 2..10 holding `onHand` units. */
async function aStockedPart(onHand: number): Promise<string> {
  const partNumber = await aPart(api, warehouse);
  if ((await receive(api, warehouse, partNumber, onHand)).status !== 201) throw new Error('not received');
  return partNumber;
}

describe('reorder at the low quota (储备定额)', () => {
  it('proposes up to the high quota on the issue that reaches the low quota, once', async () => {
    const partNumber = await aStockedPart(6);
    expect((await issue(api, warehouse, partNumber, 3)).status).toBe(201);
    expect(await proposalsOf(partNumber)).toEqual([]);

    expect((await issue(api, warehouse, partNumber, 1)).status).toBe(201);
    const [proposal, ...more] = await proposalsOf(partNumber);
    expect(more).toEqual([]);
    expect(proposal).toMatchObject({
      origin: 'reorder',
      status: 'proposed',
      urgent: false,
      lines: [{ partNumber, quantity: 8, received: 0, makerChange: false }],
    });
    expect((await partItem(partNumber)).openReorderId).toBe(proposal?.id);
    const [notice, ...otherNotices] = await noticesAbout(partNumber);
    expect(otherNotices).toEqual([]);
    expect(notice?.subject).toContain(proposal?.reference);
    expect(notice?.body.text).toContain('补货建议');
    expect(notice?.body.text).toContain('Reorder proposal');

    expect((await issue(api, warehouse, partNumber, 1)).status).toBe(201);
    expect((await proposalsOf(partNumber)).map((r) => r.id)).toEqual([proposal?.id]);
    expect(await noticesAbout(partNumber)).toHaveLength(1);
  });

  it('proposes once when concurrent issues cross the low quota together', async () => {
    const partNumber = await aStockedPart(6);
    const issued = await Promise.all([1, 2, 3].map(() => issue(api, warehouse, partNumber, 2)));
    expect(issued.map((r) => r.status)).toEqual([201, 201, 201]);
    const proposals = await proposalsOf(partNumber);
    expect(proposals).toHaveLength(1);
    expect((await partItem(partNumber)).openReorderId).toBe(proposals[0]?.id);
  });

  it('orders the proposal without approvals; its full arrival clears the open proposal', async () => {
    const partNumber = await aStockedPart(3);
    await issue(api, warehouse, partNumber, 1);
    const [proposal] = await proposalsOf(partNumber);
    if (!proposal) throw new Error('no proposal');
    expect(proposal.lines[0]?.quantity).toBe(8);

    const ordered = await step(api, proposal.id, 'order', warehouse, {
      supplier: '华东五金',
      expectedOn: beijingDay(5),
    });
    expect([ordered.status, ordered.body.status]).toEqual([200, 'ordered']);
    await receive(api, warehouse, partNumber, 5, { requisitionId: proposal.id });
    expect((await partItem(partNumber)).openReorderId).toBe(proposal.id);
    await receive(api, warehouse, partNumber, 3, { requisitionId: proposal.id });
    expect((await getRequisition(api, proposal.id, warehouse)).body.status).toBe('received');
    const part = await partItem(partNumber);
    expect(part.openReorderId).toBeUndefined();
    expect(part.onHand).toBe(10);
  });

  it('proposes for a part already low in the daily check, once', async () => {
    const partNumber = await aPart(api, warehouse, { lowQuota: 5, highQuota: 20 });
    const first = await proposeLowStockReorders(new Date());
    expect(first.proposed).toContain(partNumber);
    const [proposal, ...more] = await proposalsOf(partNumber);
    expect(more).toEqual([]);
    expect(proposal?.lines[0]?.quantity).toBe(20);
    expect((await partItem(partNumber)).openReorderId).toBe(proposal?.id);
    expect(await noticesAbout(partNumber)).toHaveLength(1);

    const second = await proposeLowStockReorders(new Date());
    expect(second.proposed).not.toContain(partNumber);
    expect(await proposalsOf(partNumber)).toHaveLength(1);
  });

  it('leaves parts without a quota and parts above the low quota alone', async () => {
    const unquoted = await aPart(api, warehouse, { lowQuota: 0, highQuota: 0 });
    const stocked = await aStockedPart(5);
    const { proposed } = await proposeLowStockReorders(new Date());
    expect(proposed).not.toContain(unquoted);
    expect(proposed).not.toContain(stocked);
    expect(await proposalsOf(unquoted)).toEqual([]);
  });

  it('frees the part when its proposal is cancelled, for the next proposal', async () => {
    const partNumber = await aPart(api, warehouse);
    await proposeLowStockReorders(new Date());
    const [proposal] = await proposalsOf(partNumber);
    if (!proposal) throw new Error('no proposal');
    const cancelled = await step(api, proposal.id, 'cancel', warehouse, { reason: '改由总部调拨' });
    expect([cancelled.status, cancelled.body.status]).toEqual([200, 'cancelled']);
    expect((await partItem(partNumber)).openReorderId).toBeUndefined();

    expect((await proposeLowStockReorders(new Date())).proposed).toContain(partNumber);
    expect(await proposalsOf(partNumber)).toHaveLength(2);
  });

  it('refuses department users the warehouse proposals', async () => {
    const partNumber = await aPart(api, warehouse);
    await proposeLowStockReorders(new Date());
    const [proposal] = await proposalsOf(partNumber);
    const department = await api.token('department', { department: 'assembly' });
    expect((await getRequisition(api, proposal?.id ?? '', department)).status).toBe(404);
    const listed = await api.request<{ items: RequisitionBody[] }>('GET', '/v1/requisitions?origin=reorder', {
      token: department,
    });
    expect(listed.body.items).toEqual([]);
  });
});

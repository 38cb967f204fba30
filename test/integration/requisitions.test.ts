import { randomUUID } from 'node:crypto';
import {
  type Answer,
  aPart,
  beijingDay,
  getRequisition,
  type Problem,
  type RequisitionBody,
  receive,
  step,
} from '../support/requisitions.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';

let api: TestRuntime;
const tokens = { warehouse: '', head: '', otherHead: '', manager: '', admin: '' };
/** The standard part most requisitions ask for, and a key (三定) part made by 博世, model B-1. */
const parts = { standard: '', key: '' };

beforeAll(async () => {
  api = await startTestRuntime({ seed: false });
  tokens.warehouse = await api.token('warehouse');
  tokens.head = await api.token('department', { department: 'assembly', sub: 'head-assembly' });
  tokens.otherHead = await api.token('department', { department: 'painting', sub: 'head-painting' });
  tokens.manager = await api.token('manager', { sub: 'plant-manager' });
  tokens.admin = await api.token('admin');
  parts.standard = await aPart(api, tokens.warehouse);
  parts.key = await aPart(api, tokens.warehouse, {
    category: 'key',
    maker: '博世',
    model: 'B-1',
    name: '电机',
  });
});
afterAll(async () => api.stop());

/** A department user of assembly with an address of their own (for the arrival notice). */
async function aRequester() {
  const sub = `requester-${randomUUID().slice(0, 8)}`;
  return {
    token: await api.token('department', { department: 'assembly', sub }),
    email: `${sub}@aftersales.local`,
  };
}

const aRequest = (overrides: Record<string, unknown> = {}) => ({
  reason: '装配线气缸更换，超出储备定额',
  lines: [{ partNumber: parts.standard, quantity: 5 }],
  ...overrides,
});

async function requested(body: Record<string, unknown>, token = tokens.head): Promise<RequisitionBody> {
  const response = await api.request<RequisitionBody>('POST', '/v1/requisitions', { token, body });
  if (response.status !== 201) throw new Error(`not created: ${response.text}`);
  return response.body;
}

/** A requisition of assembly with its stock checked: awaiting the two approvals. */
async function awaitingApproval(body: Record<string, unknown> = aRequest()): Promise<RequisitionBody> {
  const created = await requested(body);
  const checked = await step(api, created.id, 'stock-check', tokens.warehouse);
  if (checked.status !== 200) throw new Error(`no stock check: ${checked.text}`);
  return checked.body;
}

const approveAs = (id: string, token: string, level: string, extra: Record<string, unknown> = {}) =>
  step(api, id, 'approvals', token, { level, decision: 'approve', ...extra });

const anOrder = () => ({ supplier: '华东五金', expectedOn: beijingDay(7) });

/** The requisition's stored item and events, straight from DynamoDB. */
async function stored(id: string) {
  const items = await api.partition(`REQUISITION#${id}`);
  return {
    record: items.find((item) => item.sk === 'REQUISITION'),
    events: items.filter((item) => item.entityType === 'event'),
  };
}

const fields = (response: Answer) => (response.body.errors ?? []).map((e) => e.field);

describe('an urgent requisition from request to arrival', () => {
  it('is checked, approved by both levels, ordered and received, its arrival mailed to the requester', async () => {
    const requester = await aRequester();
    const created = await api.request<RequisitionBody>('POST', '/v1/requisitions', {
      token: requester.token,
      body: aRequest({ urgent: true, neededBy: beijingDay(3) }),
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/v1/requisitions/${created.body.id}`);
    expect(created.body).toMatchObject({
      origin: 'request',
      status: 'awaitingStockCheck',
      departmentId: 'assembly',
      urgent: true,
      requestedBy: { email: requester.email },
      lines: [{ partNumber: parts.standard, name: '气压棒', quantity: 5, received: 0, makerChange: false }],
      availableActions: ['stockCheck', 'cancel'],
      version: 1,
    });
    expect(created.body.reference).toMatch(/^QG-\d{8}-\d{4,}$/);
    const id = created.body.id;

    await receive(api, tokens.warehouse, parts.standard, 1);
    const checked = await step(
      api,
      id,
      'stock-check',
      tokens.warehouse,
      { note: '库存不足' },
      { 'If-Match': '"1"' },
    );
    expect([checked.status, checked.body.status]).toEqual([200, 'awaitingApproval']);
    expect(checked.body.lines[0]?.onHandAtCheck).toBe(1);

    const byHead = await approveAs(id, tokens.head, 'department');
    expect([byHead.status, byHead.body.status]).toEqual([200, 'awaitingApproval']);
    const byPlant = await approveAs(id, tokens.manager, 'plant');
    expect([byPlant.status, byPlant.body.status]).toEqual([200, 'approved']);
    expect(byPlant.body.approvals).toMatchObject({
      department: { decision: 'approve', by: { sub: 'head-assembly' } },
      plant: { decision: 'approve', by: { sub: 'plant-manager' } },
    });

    const ordered = await step(api, id, 'order', tokens.warehouse, anOrder());
    expect([ordered.status, ordered.body.status]).toEqual([200, 'ordered']);
    expect(ordered.body.order).toMatchObject({ supplier: '华东五金', expectedOn: beijingDay(7) });

    expect((await receive(api, tokens.warehouse, parts.standard, 2, { requisitionId: id })).status).toBe(201);
    const [first] = await api.emailsTo(requester.email);
    expect(first?.subject).toContain(created.body.reference);
    expect(first?.body.text).toContain('2 件');
    expect((await getRequisition(api, id, tokens.head)).body).toMatchObject({
      status: 'ordered',
      lines: [{ received: 2 }],
    });

    expect((await receive(api, tokens.warehouse, parts.standard, 3, { requisitionId: id })).status).toBe(201);
    const detail = await getRequisition(api, id, requester.token);
    expect(detail.body).toMatchObject({ status: 'received', lines: [{ received: 5 }], availableActions: [] });
    expect(detail.body.timeline?.map((e) => e.type)).toEqual([
      'requisition.created',
      'requisition.stockChecked',
      'requisition.departmentApproved',
      'requisition.plantApproved',
      'requisition.ordered',
      'requisition.arrived',
      'requisition.arrived',
    ]);
    const mails = await api.emailsTo(requester.email);
    expect(mails).toHaveLength(2);
    expect(mails[1]?.body.text).toContain('全部配件均已到齐');

    const ledger = await api.request<{ items: { kind: string; data: Record<string, unknown> }[] }>(
      'GET',
      `/v1/parts/${parts.standard}/ledger`,
      { token: tokens.warehouse },
    );
    expect(ledger.body.items.filter((e) => e.data.requisitionId === id)).toHaveLength(2);
  });
});

describe('approvals: the department head and plant management, two people', () => {
  it('refuses the order with one approval only, writing nothing', async () => {
    const requisition = await awaitingApproval();
    await approveAs(requisition.id, tokens.head, 'department');
    const before = await stored(requisition.id);

    const refused = await step(api, requisition.id, 'order', tokens.warehouse, anOrder());
    expect(refused.status).toBe(409);
    expect(refused.body.title).toContain('双方批准');
    const after = await stored(requisition.id);
    expect(after.record).toEqual(before.record);
    expect(after.events).toHaveLength(before.events.length);
  });

  it('refuses the order when only plant management approved', async () => {
    const requisition = await awaitingApproval();
    await approveAs(requisition.id, tokens.manager, 'plant');
    const refused = await step(api, requisition.id, 'order', tokens.manager, anOrder());
    expect(refused.status).toBe(409);
    expect((await getRequisition(api, requisition.id, tokens.warehouse)).body.status).toBe(
      'awaitingApproval',
    );
  });

  it('refuses the same person approving at both levels', async () => {
    const requisition = await awaitingApproval();
    await approveAs(requisition.id, tokens.head, 'department');
    const samePerson = await api.token('manager', { sub: 'head-assembly' });

    const refused = await approveAs(requisition.id, samePerson, 'plant');
    expect(refused.status).toBe(409);
    expect(refused.body.title).toContain('同一人');
    const after = await getRequisition(api, requisition.id, tokens.warehouse);
    expect(after.body.status).toBe('awaitingApproval');
    expect(after.body.approvals.plant).toBeUndefined();
    expect((await step(api, requisition.id, 'order', tokens.warehouse, anOrder())).status).toBe(409);
  });

  it('refuses a level deciding twice', async () => {
    const requisition = await awaitingApproval();
    await approveAs(requisition.id, tokens.head, 'department');
    const again = await step(api, requisition.id, 'approvals', tokens.head, {
      level: 'department',
      decision: 'reject',
    });
    expect(again.status).toBe(409);
    expect((await getRequisition(api, requisition.id, tokens.head)).body.approvals.department?.decision).toBe(
      'approve',
    );
  });

  it('refuses approvals before the warehouse keeper checked the stock', async () => {
    const created = await requested(aRequest());
    const refused = await approveAs(created.id, tokens.head, 'department');
    expect(refused.status).toBe(409);
    expect(refused.body.title).toContain('核对库存');
    expect((await stored(created.id)).events).toHaveLength(1);
  });

  it("keeps each level to its approver: another department's head does not see it, roles are checked", async () => {
    const requisition = await awaitingApproval();
    expect((await approveAs(requisition.id, tokens.otherHead, 'department')).status).toBe(404);
    expect((await approveAs(requisition.id, tokens.manager, 'department')).status).toBe(403);
    expect((await approveAs(requisition.id, tokens.head, 'plant')).status).toBe(403);
    expect((await approveAs(requisition.id, tokens.warehouse, 'plant')).status).toBe(403);
    expect((await stored(requisition.id)).events).toHaveLength(2);
  });

  it('rejects the requisition on a reject, after which it cannot be ordered', async () => {
    const requisition = await awaitingApproval();
    await approveAs(requisition.id, tokens.head, 'department');
    const rejected = await step(api, requisition.id, 'approvals', tokens.manager, {
      level: 'plant',
      decision: 'reject',
      note: '本季度预算不足',
    });
    expect([rejected.status, rejected.body.status]).toEqual([200, 'rejected']);
    expect(rejected.body.availableActions).toEqual([]);
    expect((await step(api, requisition.id, 'order', tokens.manager, anOrder())).status).toBe(409);
  });

  it('refuses a stale If-Match with 412', async () => {
    const requisition = await awaitingApproval();
    const stale = await step(
      api,
      requisition.id,
      'approvals',
      tokens.head,
      { level: 'department', decision: 'approve' },
      { 'If-Match': '"1"' },
    );
    expect(stale.status).toBe(412);
  });
});

describe("a key part's other maker (三定)", () => {
  const otherMaker = () => aRequest({ lines: [{ partNumber: parts.key, quantity: 2, maker: '西门子' }] });

  it("marks the line and needs plant management's word on the change", async () => {
    const requisition = await awaitingApproval(otherMaker());
    expect(requisition.lines[0]).toMatchObject({ maker: '西门子', model: 'B-1', makerChange: true });
    await approveAs(requisition.id, tokens.head, 'department');

    const silent = await approveAs(requisition.id, tokens.manager, 'plant');
    expect(silent.status).toBe(422);
    expect(fields(silent)).toEqual(['makerChange']);
    const contradictory = await approveAs(requisition.id, tokens.manager, 'plant', {
      makerChange: 'rejected',
    });
    expect(contradictory.status).toBe(422);
    expect(fields(contradictory)).toEqual(['makerChange']);

    const approved = await approveAs(requisition.id, tokens.manager, 'plant', { makerChange: 'approved' });
    expect([approved.status, approved.body.status]).toEqual([200, 'approved']);
    expect(approved.body.approvals.plant?.makerChange).toBe('approved');
    expect((await step(api, requisition.id, 'order', tokens.warehouse, anOrder())).status).toBe(200);
  });

  it('refusing the change rejects the requisition, and it cannot be ordered', async () => {
    const requisition = await awaitingApproval(otherMaker());
    await approveAs(requisition.id, tokens.head, 'department');
    const refused = await step(api, requisition.id, 'approvals', tokens.manager, {
      level: 'plant',
      decision: 'reject',
      makerChange: 'rejected',
    });
    expect([refused.status, refused.body.status]).toEqual([200, 'rejected']);
    expect((await step(api, requisition.id, 'order', tokens.warehouse, anOrder())).status).toBe(409);
  });

  it("takes the catalogue's maker as no change", async () => {
    const same = await requested(
      aRequest({ lines: [{ partNumber: parts.key, quantity: 1, maker: '博世' }] }),
    );
    expect(same.lines[0]).toMatchObject({ maker: '博世', model: 'B-1', makerChange: false });
  });
});

describe('arrivals through receipts', () => {
  /** An ordered, non-urgent requisition of `quantity` units of the standard part. */
  async function orderedRequisition(quantity: number): Promise<RequisitionBody> {
    const requisition = await awaitingApproval(
      aRequest({ lines: [{ partNumber: parts.standard, quantity }] }),
    );
    await approveAs(requisition.id, tokens.head, 'department');
    await approveAs(requisition.id, tokens.manager, 'plant');
    return (await step(api, requisition.id, 'order', tokens.warehouse, anOrder())).body;
  }

  it('sends no mail for a requisition that is not urgent', async () => {
    const requester = await aRequester();
    const created = await requested(aRequest(), requester.token);
    await step(api, created.id, 'stock-check', tokens.warehouse);
    await approveAs(created.id, tokens.head, 'department');
    await approveAs(created.id, tokens.manager, 'plant');
    await step(api, created.id, 'order', tokens.warehouse, anOrder());
    expect(
      (await receive(api, tokens.warehouse, parts.standard, 5, { requisitionId: created.id })).status,
    ).toBe(201);
    expect((await getRequisition(api, created.id, tokens.head)).body.status).toBe('received');
    expect(await api.emailsTo(requester.email)).toEqual([]);
  });

  it('refuses more than still to come (422 on quantity) and books nothing', async () => {
    const requisition = await orderedRequisition(3);
    const part = async () => (await api.item(`PART#${parts.standard}`, 'PART'))?.onHand;
    const before = await part();
    const tooMany = await receive(api, tokens.warehouse, parts.standard, 4, {
      requisitionId: requisition.id,
    });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.errors?.map((e) => e.field)).toEqual(['quantity']);
    expect(await part()).toBe(before);
    expect((await getRequisition(api, requisition.id, tokens.head)).body.lines[0]?.received).toBe(0);
  });

  it('refuses a requisition not in purchase for that part (422 on requisitionId)', async () => {
    const approvedOnly = await awaitingApproval();
    const notOrdered = await receive(api, tokens.warehouse, parts.standard, 1, {
      requisitionId: approvedOnly.id,
    });
    expect([notOrdered.status, fields(notOrdered as Answer)]).toEqual([422, ['requisitionId']]);
    const ordered = await orderedRequisition(2);
    const otherPart = await receive(api, tokens.warehouse, parts.key, 1, { requisitionId: ordered.id });
    expect([otherPart.status, fields(otherPart as Answer)]).toEqual([422, ['requisitionId']]);
    const unknown = await receive(api, tokens.warehouse, parts.standard, 1, { requisitionId: 'no-such-id' });
    expect(unknown.status).toBe(422);
  });

  it('refuses cancelling a purchase of which parts arrived', async () => {
    const requisition = await orderedRequisition(4);
    await receive(api, tokens.warehouse, parts.standard, 1, { requisitionId: requisition.id });
    const cancel = await step(api, requisition.id, 'cancel', tokens.manager, { reason: '供应商停产' });
    expect(cancel.status).toBe(409);
  });
});

describe('requesting and reading', () => {
  it('takes the department user their own department only', async () => {
    const other = await api.request<Problem>('POST', '/v1/requisitions', {
      token: tokens.head,
      body: aRequest({ departmentId: 'painting' }),
    });
    expect(other.status).toBe(403);
    const own = await requested(aRequest({ departmentId: 'assembly' }));
    expect(own.departmentId).toBe('assembly');
  });

  it('needs the warehouse to name the department', async () => {
    const missing = await api.request<Problem>('POST', '/v1/requisitions', {
      token: tokens.warehouse,
      body: aRequest(),
    });
    expect([missing.status, missing.body.errors?.map((e) => e.field)]).toEqual([422, ['departmentId']]);
    const named = await requested(aRequest({ departmentId: 'painting' }), tokens.warehouse);
    expect(named.departmentId).toBe('painting');
  });

  it('names unknown and repeated parts, and writes nothing', async () => {
    const before = (await api.indexPartition('gsi1', 'REQUISITIONS')).length;
    const unknown = await api.request<Problem>('POST', '/v1/requisitions', {
      token: tokens.head,
      body: aRequest({
        lines: [
          { partNumber: parts.standard, quantity: 1 },
          { partNumber: 'NO-SUCH-PART', quantity: 1 },
        ],
      }),
    });
    expect([unknown.status, unknown.body.errors?.map((e) => e.field)]).toEqual([422, ['lines.1.partNumber']]);
    const repeated = await api.request<Problem>('POST', '/v1/requisitions', {
      token: tokens.head,
      body: aRequest({
        lines: [
          { partNumber: parts.standard, quantity: 1 },
          { partNumber: parts.standard, quantity: 2 },
        ],
      }),
    });
    expect([repeated.status, repeated.body.errors?.map((e) => e.field)]).toEqual([
      422,
      ['lines.1.partNumber'],
    ]);
    expect((await api.indexPartition('gsi1', 'REQUISITIONS')).length).toBe(before);
  });

  it("lists a department its own requisitions only; another department's is 404 to it", async () => {
    const painting = await requested(aRequest({ departmentId: 'painting' }), tokens.warehouse);
    const mine = await api.request<{ items: RequisitionBody[] }>('GET', '/v1/requisitions', {
      token: tokens.head,
    });
    expect(mine.status).toBe(200);
    expect(mine.body.items.length).toBeGreaterThan(0);
    expect(mine.body.items.every((r) => r.departmentId === 'assembly')).toBe(true);
    const asked = await api.request('GET', '/v1/requisitions?departmentId=painting', { token: tokens.head });
    expect(asked.status).toBe(403);
    expect((await getRequisition(api, painting.id, tokens.head)).status).toBe(404);
    expect((await getRequisition(api, painting.id, tokens.otherHead)).status).toBe(200);

    const all = await api.request<{ items: RequisitionBody[] }>(
      'GET',
      '/v1/requisitions?status=awaitingStockCheck&departmentId=painting',
      { token: tokens.manager },
    );
    expect(all.body.items.map((r) => r.id)).toContain(painting.id);
    expect(
      all.body.items.every((r) => r.status === 'awaitingStockCheck' && r.departmentId === 'painting'),
    ).toBe(true);
  });

  it('lets a department cancel its own before approval only', async () => {
    const early = await requested(aRequest());
    const cancelled = await step(api, early.id, 'cancel', tokens.head, { reason: '已从其他车间调剂' });
    expect([cancelled.status, cancelled.body.status]).toEqual([200, 'cancelled']);

    const approved = await awaitingApproval();
    await approveAs(approved.id, tokens.head, 'department');
    await approveAs(approved.id, tokens.manager, 'plant');
    expect((await step(api, approved.id, 'cancel', tokens.head, { reason: '不需要了' })).status).toBe(403);
    expect((await step(api, approved.id, 'cancel', tokens.warehouse, { reason: '不需要了' })).status).toBe(
      200,
    );
  });
});

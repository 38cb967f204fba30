import { type ApiResponse, startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { everything } from '../support/surveys.ts';

interface Appraisal {
  opinion: string;
  note: string;
  at: string;
  by: { sub?: string; email?: string };
}
interface ScrapBody {
  id: string;
  reference: string;
  partNumber: string;
  partName: string;
  quantity: number;
  lotId?: string;
  value: number;
  bookedValue?: number;
  reason: string;
  status: string;
  route: string;
  appraisals: Record<string, Appraisal>;
  decision?: { decision: string; note?: string; by: { sub?: string } };
  ledgerSeq?: number;
  requestedBy: { sub?: string };
  availableActions: string[];
  version: number;
  timeline?: { seq: number; type: string; data: Record<string, unknown> }[];
}
interface Problem {
  title: string;
  type: string;
  errors?: { field: string; code: string; message: string }[];
}
interface PartBody {
  stock: { onHand: number; stockValue: number };
  lots: { lotId: string; quantity: number; unitCost: number; receivedOn: string }[];
}
interface LedgerEntry {
  seq: number;
  kind: string;
  quantity: number;
  value: number;
  allocations?: { lotId: string; quantity: number; unitCost: number }[];
  data: Record<string, unknown>;
  by?: { sub?: string };
}

let api: TestRuntime;
const tokens = { warehouse: '', production: '', department: '', manager: '' };

beforeAll(async () => {
  api = await startTestRuntime({ seed: false });
  tokens.warehouse = await api.token('warehouse');
  tokens.production = await api.token('production');
  tokens.department = await api.token('department', { department: 'assembly' });
  tokens.manager = await api.token('manager');
});
afterAll(async () => api.stop());

let partCounter = 0;
/** A new part (a fresh number per test) with lots received at these costs, oldest first. */
async function aPartWithLots(
  lots: { quantity: number; unitCost: number; receivedOn?: string }[],
  overrides: Record<string, unknown> = {},
): Promise<string> {
  partCounter += 1;
  const partNumber = `SCRAP-${partCounter}`;
  const created = await api.request('POST', '/v1/parts', {
    token: tokens.warehouse,
    body: {
      partNumber,
      name: '课桌升降杆',
      specification: '600 mm 钢制',
      unit: '件',
      unitCost: 50,
      category: 'standard',
      location: 'B-02-1',
      lowQuota: 0,
      highQuota: 0,
      ...overrides,
    },
  });
  if (created.status !== 201) throw new Error(`no part: ${created.text}`);
  for (const [i, lot] of lots.entries()) {
    const received = await api.request('POST', `/v1/parts/${partNumber}/receipts`, {
      token: tokens.warehouse,
      body: {
        quantity: lot.quantity,
        unitCost: lot.unitCost,
        supplier: '华东五金',
        receivedOn: lot.receivedOn ?? `2026-0${i + 1}-01`,
        inspection: { result: 'accepted' },
      },
    });
    if (received.status !== 201) throw new Error(`not received: ${received.text}`);
  }
  return partNumber;
}

const requestScrap = (body: Record<string, unknown>, token = tokens.warehouse, headers = {}) =>
  api.request<ScrapBody & Problem>('POST', '/v1/scraps', {
    token,
    headers,
    body: { reason: '受潮锈蚀，无法使用', ...body },
  });

async function requested(body: Record<string, unknown>): Promise<ScrapBody> {
  const response = await requestScrap(body);
  if (response.status !== 201) throw new Error(`not requested: ${response.text}`);
  return response.body;
}

const appraise = (
  id: string,
  slot: string,
  token: string,
  opinion = 'scrap',
  headers: Record<string, string> = {},
): Promise<ApiResponse<ScrapBody & Problem>> =>
  api.request('POST', `/v1/scraps/${id}/appraisals`, {
    token,
    headers,
    body: { slot, opinion, note: `${slot} 鉴定：${opinion === 'scrap' ? '无修复价值' : '可修复'}` },
  });

const decide = (
  id: string,
  body: Record<string, unknown>,
  token = tokens.manager,
  headers: Record<string, string> = {},
): Promise<ApiResponse<ScrapBody & Problem>> =>
  api.request('POST', `/v1/scraps/${id}/decision`, { token, headers, body });

/** A request over 200 CNY with its three appraisals, each by its own role and person. */
async function appraised(partNumber: string, quantity: number, opinions = ['scrap', 'scrap', 'scrap']) {
  const scrap = await requested({ partNumber, quantity });
  expect((await appraise(scrap.id, 'repairTeam', tokens.production, opinions[0])).status).toBe(200);
  expect((await appraise(scrap.id, 'warehouseKeeper', tokens.warehouse, opinions[1])).status).toBe(200);
  const third = await appraise(scrap.id, 'equipmentOwner', tokens.department, opinions[2]);
  expect(third.status).toBe(200);
  return third.body;
}

const part = async (partNumber: string) =>
  (await api.request<PartBody>('GET', `/v1/parts/${partNumber}`, { token: tokens.warehouse })).body;
const ledger = async (partNumber: string) =>
  (
    await api.request<{ items: LedgerEntry[] }>('GET', `/v1/parts/${partNumber}/ledger`, {
      token: tokens.warehouse,
    })
  ).body.items;
const reconcile = async (partNumber: string) =>
  (
    await api.request<{ agrees: boolean; chainIntact: boolean }>('GET', `/v1/parts/${partNumber}/reconcile`, {
      token: tokens.warehouse,
    })
  ).body;
const getScrap = async (id: string) =>
  (await api.request<ScrapBody>('GET', `/v1/scraps/${id}`, { token: tokens.manager })).body;

describe('a scrap of 200.00 CNY or less', () => {
  it('is scrapped at once by the warehouse, with the stock, the ledger and the reconciliation agreeing', async () => {
    const partNumber = await aPartWithLots([{ quantity: 5, unitCost: 50 }]);

    const response = await requestScrap({ partNumber, quantity: 4 });

    expect(response.status).toBe(201);
    expect(response.headers.get('location')).toBe(`/v1/scraps/${response.body.id}`);
    expect(response.body).toMatchObject({
      partNumber,
      partName: '课桌升降杆',
      quantity: 4,
      value: 200,
      bookedValue: 200,
      status: 'scrapped',
      route: 'warehouse',
      appraisals: {},
      requestedBy: { sub: 'local-warehouse' },
      availableActions: [],
      version: 1,
    });
    expect(response.body.reference).toMatch(/^BF-\d{8}-\d{4,}$/);
    const [entry] = await ledger(partNumber);
    expect(entry).toMatchObject({
      seq: response.body.ledgerSeq,
      kind: 'scrap',
      quantity: -4,
      value: -200,
      data: { scrapId: response.body.id, reference: response.body.reference, reason: '受潮锈蚀，无法使用' },
    });
    expect((await part(partNumber)).stock).toMatchObject({ onHand: 1, stockValue: 50 });
    expect(await reconcile(partNumber)).toMatchObject({ agrees: true, chainIntact: true });
    const detail = await getScrap(response.body.id);
    expect(detail.timeline?.map((e) => e.type)).toEqual(['scrap.scrapped']);
  });

  it('goes to appraisal at 200.01 CNY, and nothing leaves stock', async () => {
    const partNumber = await aPartWithLots([{ quantity: 2, unitCost: 200.01 }]);
    const ledgerBefore = await ledger(partNumber);

    const response = await requestScrap({ partNumber, quantity: 1 });

    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      value: 200.01,
      status: 'appraising',
      route: 'appraisal',
      availableActions: ['appraise'],
    });
    expect(response.body.ledgerSeq).toBeUndefined();
    expect((await part(partNumber)).stock).toMatchObject({ onHand: 2, stockValue: 400.02 });
    expect(await ledger(partNumber)).toEqual(ledgerBefore);
  });

  it('values units first in, first out: 2 × 66.67 + 66.66 is 200.00, scrapped at once', async () => {
    const partNumber = await aPartWithLots([
      { quantity: 2, unitCost: 66.67 },
      { quantity: 3, unitCost: 66.66 },
    ]);

    const response = await requestScrap({ partNumber, quantity: 3 });

    expect(response.body).toMatchObject({ status: 'scrapped', value: 200 });
    const [entry] = await ledger(partNumber);
    expect(entry?.allocations?.map((a) => [a.quantity, a.unitCost])).toEqual([
      [2, 66.67],
      [1, 66.66],
    ]);
  });

  it('is booked once when retried with the same Idempotency-Key', async () => {
    const partNumber = await aPartWithLots([{ quantity: 3, unitCost: 10 }]);
    const headers = { 'idempotency-key': `scrap-${partNumber}` };

    const first = await requestScrap({ partNumber, quantity: 1 }, tokens.warehouse, headers);
    const again = await requestScrap({ partNumber, quantity: 1 }, tokens.warehouse, headers);

    expect(again.body.id).toBe(first.body.id);
    expect((await part(partNumber)).stock.onHand).toBe(2);
  });
});

describe('a named lot', () => {
  it('scraps units of that lot, not the oldest', async () => {
    const partNumber = await aPartWithLots([
      { quantity: 5, unitCost: 10 },
      { quantity: 5, unitCost: 12.5 },
    ]);
    const newer = (await part(partNumber)).lots[1];

    const response = await requestScrap({ partNumber, quantity: 2, lotId: newer?.lotId });

    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ lotId: newer?.lotId, value: 25, status: 'scrapped' });
    const [entry] = await ledger(partNumber);
    expect(entry?.allocations).toEqual([expect.objectContaining({ lotId: newer?.lotId, quantity: 2 })]);
    expect((await part(partNumber)).lots.map((l) => l.quantity)).toEqual([5, 3]);
    expect(await reconcile(partNumber)).toMatchObject({ agrees: true });
  });
});

describe('a request the warehouse cannot make', () => {
  const refusedWithNothingWritten = async (body: Record<string, unknown>, field: string, code: string) => {
    const before = await everything(api);

    const response = await requestScrap(body);

    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual([expect.objectContaining({ field, code })]);
    expect(await everything(api)).toEqual(before);
    return response;
  };

  it('refuses a fixed asset, pointing to the fixed-asset procedure', async () => {
    const partNumber = await aPartWithLots([{ quantity: 1, unitCost: 80 }], { fixedAsset: true });

    const response = await refusedWithNothingWritten(
      { partNumber, quantity: 1 },
      'partNumber',
      'fixed_asset',
    );

    expect(response.body.errors?.[0]?.message).toContain('固定资产管理程序');
  });

  it('refuses a part not in the catalogue', async () => {
    await refusedWithNothingWritten({ partNumber: 'NO-SUCH-PART', quantity: 1 }, 'partNumber', 'not_found');
  });

  it('refuses more units than in stock', async () => {
    const partNumber = await aPartWithLots([{ quantity: 2, unitCost: 10 }]);

    await refusedWithNothingWritten({ partNumber, quantity: 3 }, 'quantity', 'insufficient_stock');
  });

  it('refuses more units than the named lot holds, though the part has them', async () => {
    const partNumber = await aPartWithLots([
      { quantity: 2, unitCost: 10 },
      { quantity: 5, unitCost: 10 },
    ]);
    const oldest = (await part(partNumber)).lots[0];

    await refusedWithNothingWritten(
      { partNumber, quantity: 3, lotId: oldest?.lotId },
      'quantity',
      'insufficient_stock',
    );
  });

  it('refuses a lot the part does not hold', async () => {
    const partNumber = await aPartWithLots([{ quantity: 2, unitCost: 10 }]);

    await refusedWithNothingWritten({ partNumber, quantity: 1, lotId: 'NOSUCHLOT' }, 'lotId', 'not_found');
  });

  it('refuses a request from a role other than the warehouse', async () => {
    const partNumber = await aPartWithLots([{ quantity: 2, unitCost: 10 }]);

    const response = await requestScrap({ partNumber, quantity: 1 }, tokens.production);

    expect(response.status).toBe(403);
  });
});

describe('the three appraisals', () => {
  it('are given each by its own role, the third sending the request to management with a notice', async () => {
    const partNumber = await aPartWithLots([{ quantity: 3, unitCost: 150 }]);
    const scrap = await requested({ partNumber, quantity: 2 });

    const first = await appraise(scrap.id, 'repairTeam', tokens.production);
    expect(first.body).toMatchObject({ status: 'appraising', version: 2 });
    expect(first.body.appraisals.repairTeam).toMatchObject({
      opinion: 'scrap',
      by: { sub: 'local-production' },
    });
    const second = await appraise(scrap.id, 'warehouseKeeper', tokens.warehouse);
    expect(second.body).toMatchObject({ status: 'appraising', version: 3 });
    const third = await appraise(scrap.id, 'equipmentOwner', tokens.department, 'keep');

    expect(third.status).toBe(200);
    expect(third.body).toMatchObject({
      status: 'awaitingApproval',
      availableActions: ['approve', 'reject'],
      version: 4,
      appraisals: {
        repairTeam: { opinion: 'scrap' },
        warehouseKeeper: { opinion: 'scrap', by: { sub: 'local-warehouse' } },
        equipmentOwner: { opinion: 'keep', by: { sub: 'local-department-assembly' } },
      },
    });
    expect(third.headers.get('etag')).toBe('"4"');
    const mails = (await api.emailsTo('manager@aftersales.local')).filter((m) =>
      m.subject.includes(scrap.reference),
    );
    expect(mails).toHaveLength(1);
    expect(mails[0]?.body.text).toContain('300.00');
    expect(mails[0]?.body.text).toContain('设备使用部门：留用');
    expect((await part(partNumber)).stock.onHand).toBe(3);
  });

  it('refuses a role that does not fill the slot with 403, and writes nothing', async () => {
    const partNumber = await aPartWithLots([{ quantity: 1, unitCost: 300 }]);
    const scrap = await requested({ partNumber, quantity: 1 });
    const before = await everything(api);

    const refusals = [
      await appraise(scrap.id, 'repairTeam', tokens.warehouse),
      await appraise(scrap.id, 'warehouseKeeper', tokens.department),
      await appraise(scrap.id, 'equipmentOwner', tokens.production),
    ];

    expect(refusals.map((r) => r.status)).toEqual([403, 403, 403]);
    expect(await everything(api)).toEqual(before);
  });

  it('refuses the same person in a second slot with 409', async () => {
    const partNumber = await aPartWithLots([{ quantity: 1, unitCost: 300 }]);
    const scrap = await requested({ partNumber, quantity: 1 });
    const zhang = { production: await api.token('production', { sub: 'zhang-san' }) };
    const zhangAtTheWarehouse = await api.token('warehouse', { sub: 'zhang-san' });
    expect((await appraise(scrap.id, 'repairTeam', zhang.production)).status).toBe(200);

    const again = await appraise(scrap.id, 'warehouseKeeper', zhangAtTheWarehouse);

    expect(again.status).toBe(409);
    expect(again.body.title).toBe('同一人不能在两方鉴定中签字');
    const after = await getScrap(scrap.id);
    expect(after.appraisals.warehouseKeeper).toBeUndefined();
    expect(after.version).toBe(2);
  });

  it('refuses a slot already given with 409', async () => {
    const partNumber = await aPartWithLots([{ quantity: 1, unitCost: 300 }]);
    const scrap = await requested({ partNumber, quantity: 1 });
    await appraise(scrap.id, 'repairTeam', tokens.production);
    const anotherRepairer = await api.token('production', { sub: 'li-si' });

    const response = await appraise(scrap.id, 'repairTeam', anotherRepairer, 'keep');

    expect(response.status).toBe(409);
    expect((await getScrap(scrap.id)).appraisals.repairTeam?.by.sub).toBe('local-production');
  });

  it('refuses an appraisal of a request scrapped at once by the warehouse with 409', async () => {
    const partNumber = await aPartWithLots([{ quantity: 1, unitCost: 20 }]);
    const scrap = await requested({ partNumber, quantity: 1 });

    expect((await appraise(scrap.id, 'repairTeam', tokens.production)).status).toBe(409);
  });

  it('refuses a stale If-Match with 412', async () => {
    const partNumber = await aPartWithLots([{ quantity: 1, unitCost: 300 }]);
    const scrap = await requested({ partNumber, quantity: 1 });
    await appraise(scrap.id, 'repairTeam', tokens.production);

    const stale = await appraise(scrap.id, 'warehouseKeeper', tokens.warehouse, 'scrap', {
      'if-match': '"1"',
    });

    expect(stale.status).toBe(412);
    expect((await getScrap(scrap.id)).version).toBe(2);
  });
});

describe("management's decision", () => {
  it('is refused before the three appraisals: one approver alone cannot scrap', async () => {
    const partNumber = await aPartWithLots([{ quantity: 2, unitCost: 150 }]);
    const scrap = await requested({ partNumber, quantity: 2 });
    const ledgerBefore = await ledger(partNumber);

    const alone = await decide(scrap.id, { decision: 'approve', note: '同意' });
    await appraise(scrap.id, 'repairTeam', tokens.production);
    await appraise(scrap.id, 'warehouseKeeper', tokens.warehouse);
    const withTwo = await decide(scrap.id, { decision: 'approve', note: '同意' });

    expect([alone.status, withTwo.status]).toEqual([409, 409]);
    expect(alone.body.title).toContain('一人审批不能报废');
    expect((await getScrap(scrap.id)).status).toBe('appraising');
    expect(await ledger(partNumber)).toEqual(ledgerBefore);
  });

  it('refuses an appraiser as the approver with 409', async () => {
    const partNumber = await aPartWithLots([{ quantity: 1, unitCost: 300 }]);
    const scrap = await requested({ partNumber, quantity: 1 });
    const wang = await api.token('production', { sub: 'wang-wu' });
    const wangAsManager = await api.token('manager', { sub: 'wang-wu' });
    await appraise(scrap.id, 'repairTeam', wang);
    await appraise(scrap.id, 'warehouseKeeper', tokens.warehouse);
    await appraise(scrap.id, 'equipmentOwner', tokens.department);

    const response = await decide(scrap.id, { decision: 'approve' }, wangAsManager);

    expect(response.status).toBe(409);
    expect(response.body.title).toBe('参加鉴定的人不能审批同一报废申请');
    expect((await getScrap(scrap.id)).status).toBe('awaitingApproval');
    expect((await part(partNumber)).stock.onHand).toBe(1);
  });

  it('refuses a role other than management with 403', async () => {
    const partNumber = await aPartWithLots([{ quantity: 1, unitCost: 300 }]);
    const scrap = await appraised(partNumber, 1);

    expect((await decide(scrap.id, { decision: 'approve' }, tokens.warehouse)).status).toBe(403);
  });

  it('approves: the scrap is booked in the ledger, with the value appraised and the value booked', async () => {
    const partNumber = await aPartWithLots([
      { quantity: 1, unitCost: 120 },
      { quantity: 3, unitCost: 100 },
    ]);
    const scrap = await appraised(partNumber, 2);
    expect(scrap.value).toBe(220);

    const response = await decide(scrap.id, { decision: 'approve', note: '同意报废' }, tokens.manager, {
      'if-match': `"${scrap.version}"`,
    });

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      status: 'scrapped',
      value: 220,
      bookedValue: 220,
      decision: { decision: 'approve', note: '同意报废', by: { sub: 'local-manager' } },
      availableActions: [],
      version: 5,
    });
    const [entry] = await ledger(partNumber);
    expect(entry).toMatchObject({
      seq: response.body.ledgerSeq,
      kind: 'scrap',
      quantity: -2,
      value: -220,
      by: { sub: 'local-manager' },
      data: { scrapId: scrap.id },
    });
    expect((await part(partNumber)).stock).toMatchObject({ onHand: 2, stockValue: 200 });
    expect(await reconcile(partNumber)).toMatchObject({ agrees: true, chainIntact: true });
    const detail = await getScrap(scrap.id);
    expect(detail.timeline?.map((e) => e.type)).toEqual([
      'scrap.requested',
      'scrap.appraised',
      'scrap.appraised',
      'scrap.appraised',
      'scrap.approved',
    ]);
    expect((await decide(scrap.id, { decision: 'approve' })).status).toBe(409);
  });

  it('books the lots as they stand at approval when stock moved since the appraisal', async () => {
    const partNumber = await aPartWithLots([
      { quantity: 2, unitCost: 150 },
      { quantity: 2, unitCost: 110 },
    ]);
    const scrap = await appraised(partNumber, 2);
    await api.request('POST', `/v1/parts/${partNumber}/issues`, {
      token: tokens.warehouse,
      body: { quantity: 2, to: { kind: 'department', departmentId: 'assembly', purpose: '设备维修' } },
    });

    const response = await decide(scrap.id, { decision: 'approve' });

    expect(response.body).toMatchObject({ status: 'scrapped', value: 300, bookedValue: 220 });
    expect((await part(partNumber)).stock.onHand).toBe(0);
  });

  it('refuses an approval when the units are no longer in stock with 409, and writes nothing', async () => {
    const partNumber = await aPartWithLots([{ quantity: 2, unitCost: 150 }]);
    const scrap = await appraised(partNumber, 2);
    await api.request('POST', `/v1/parts/${partNumber}/issues`, {
      token: tokens.warehouse,
      body: { quantity: 1, to: { kind: 'department', departmentId: 'assembly', purpose: '设备维修' } },
    });
    const before = await everything(api);

    const response = await decide(scrap.id, { decision: 'approve' });

    expect(response.status).toBe(409);
    expect(await everything(api)).toEqual(before);
  });

  it('needs a note to approve against a keep opinion', async () => {
    const partNumber = await aPartWithLots([{ quantity: 1, unitCost: 300 }]);
    const scrap = await appraised(partNumber, 1, ['scrap', 'keep', 'scrap']);

    const bare = await decide(scrap.id, { decision: 'approve' });
    const explained = await decide(scrap.id, { decision: 'approve', note: '修复费用高于新件' });

    expect(bare.status).toBe(422);
    expect(bare.body.errors).toEqual([expect.objectContaining({ field: 'note', code: 'required' })]);
    expect(explained.body).toMatchObject({ status: 'scrapped' });
  });

  it('rejects: the request is closed and the stock stays as it was', async () => {
    const partNumber = await aPartWithLots([{ quantity: 2, unitCost: 150 }]);
    const scrap = await appraised(partNumber, 2);
    const ledgerBefore = await ledger(partNumber);

    const response = await decide(scrap.id, { decision: 'reject', note: '可修复后使用' });

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      status: 'rejected',
      decision: { decision: 'reject', note: '可修复后使用' },
      availableActions: [],
    });
    expect(response.body.ledgerSeq).toBeUndefined();
    expect(await ledger(partNumber)).toEqual(ledgerBefore);
    expect((await part(partNumber)).stock.onHand).toBe(2);
  });
});

describe('the list of scrap requests', () => {
  it('filters by part and status, newest first', async () => {
    const partNumber = await aPartWithLots([{ quantity: 10, unitCost: 150 }]);
    const direct = await requested({ partNumber, quantity: 1 });
    const big = await requested({ partNumber, quantity: 2 });

    const ofPart = await api.request<{ items: ScrapBody[] }>('GET', `/v1/scraps?partNumber=${partNumber}`, {
      token: tokens.production,
    });
    const appraising = await api.request<{ items: ScrapBody[] }>(
      'GET',
      `/v1/scraps?partNumber=${partNumber}&status=appraising`,
      { token: tokens.department },
    );
    const allAppraising = await api.request<{ items: ScrapBody[] }>(
      'GET',
      '/v1/scraps?status=appraising&limit=100',
      {
        token: tokens.manager,
      },
    );

    expect(ofPart.body.items.map((s) => s.id)).toEqual([big.id, direct.id]);
    expect(appraising.body.items.map((s) => s.id)).toEqual([big.id]);
    expect(allAppraising.body.items.every((s) => s.status === 'appraising')).toBe(true);
    expect(allAppraising.body.items.map((s) => s.id)).toContain(big.id);
  });
});

import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { addDays, shanghaiDate } from '../../shared/calendar/plain-date.ts';
import { monthOf } from '../../shared/domain/satisfaction-report.ts';
import { translate } from '../../shared/i18n/translate.ts';
import { eventSortKey } from '../../shared/store/audit.ts';
import { documentClient, tableName } from '../../shared/store/client.ts';
import {
  aPart,
  aPartNumber,
  type EntryBody,
  type PartBody,
  type PartsApi,
  type Problem,
  partsApi,
  toDepartment,
} from '../support/parts.ts';
import type { ApiResponse } from '../support/runtime.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { submitServiceRequest } from '../support/service-requests.ts';

let api: TestRuntime;
let parts: PartsApi;
const tokens = { warehouse: '', manager: '', department: '' };
const MANAGER_SUB = 'manager-wang';

beforeAll(async () => {
  api = await startTestRuntime({ seed: false });
  tokens.warehouse = await api.token('warehouse');
  tokens.manager = await api.token('manager', { sub: MANAGER_SUB });
  tokens.department = await api.token('department', { department: 'assembly' });
  parts = partsApi(api, tokens.warehouse);
});
afterAll(async () => api.stop());

const today = () => shanghaiDate(new Date());
const fieldErrors = (response: ApiResponse<Problem>) =>
  (response.body.errors ?? []).map((e) => `${e.field}:${e.code}`).sort();

/** What a refused request must have left alone: the part's version, card, lots and ledger. */
async function booksOf(partNumber: string) {
  const [{ version, stock, lots }, ledger] = await Promise.all([
    parts.detail(partNumber),
    parts.ledger(partNumber),
  ]);
  return { version, stock, lots, entries: ledger.length };
}

/** A part with two lots: 2 units at 10.10 received on Jan 5, 5 at 20.20 on Feb 5. */
async function aPartWithTwoLots(overrides: Record<string, unknown> = {}) {
  const part = await parts.created(overrides);
  const january = await parts.received(part.partNumber, 2, 10.1, '2026-01-05');
  const february = await parts.received(part.partNumber, 5, 20.2, '2026-02-05');
  return {
    partNumber: part.partNumber,
    januaryLot: String(january.entry.data.lotId),
    februaryLot: String(february.entry.data.lotId),
  };
}

describe('the catalogue', () => {
  it('adds a part with an empty stock card and a created entry, and refuses its number again (409)', async () => {
    const body = aPart();
    const created = await parts.create(body);
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/v1/parts/${body.partNumber}`);
    expect(created.headers.get('etag')).toBe('"1"');
    expect(created.body).toMatchObject({
      partNumber: body.partNumber,
      unitCost: 35.5,
      fixedAsset: false,
      version: 1,
      stock: { onHand: 0, stockValue: 0, toRepair: 0 },
      belowLowQuota: true,
    });

    const again = await parts.create({ ...aPart(), partNumber: body.partNumber, name: '另一个' });
    expect(again.status).toBe(409);
    expect(await parts.ledger(body.partNumber)).toMatchObject([{ seq: 1, kind: 'created' }]);
    expect((await parts.detail(body.partNumber)).version).toBe(1);
  });

  it.each([
    ['a key part without a maker', { category: 'key', model: 'QY-120' }, 'maker'],
    ['a key part without a model', { category: 'key', maker: '宁波气弹簧厂' }, 'model'],
    ['a non-standard part without a drawing', { category: 'nonStandard' }, 'drawing'],
    ['a high quota below the low quota', { lowQuota: 5, highQuota: 4 }, 'highQuota'],
    ['a part number with a space', { partNumber: 'QYB 120' }, 'partNumber'],
    ['a part number starting with a dash', { partNumber: '-QYB' }, 'partNumber'],
    ['a unit cost with three decimals', { unitCost: 35.505 }, 'unitCost'],
  ])('refuses %s (422 naming the field) and stores nothing', async (_case, overrides, field) => {
    const body = aPart(overrides);
    const refused = await parts.create(body);
    expect(refused.status).toBe(422);
    expect(refused.body.errors?.map((e) => e.field)).toEqual([field]);
    expect(refused.body.errors?.[0]?.message).toEqual(expect.any(String));
    if (/^[A-Za-z0-9]/.test(body.partNumber) && !body.partNumber.includes(' ')) {
      expect(
        (await api.request('GET', `/v1/parts/${body.partNumber}`, { token: tokens.warehouse })).status,
      ).toBe(404);
    }
  });

  it('takes a key part with maker and model, and a non-standard part with its drawing', async () => {
    const key = await parts.create(aPart({ category: 'key', maker: '宁波气弹簧厂', model: 'QY-120' }));
    const drawn = await parts.create(
      aPart({ category: 'nonStandard', drawing: { reference: 'DWG-KZY-07', revision: 'B' } }),
    );
    expect([key.status, drawn.status]).toEqual([201, 201]);
    expect(drawn.body).toMatchObject({ drawing: { reference: 'DWG-KZY-07', revision: 'B' } });
  });

  it('lets readers look parts up, but only catalogue editors add them', async () => {
    const part = await parts.created();
    expect(
      (await api.request('GET', `/v1/parts/${part.partNumber}`, { token: tokens.department })).status,
    ).toBe(200);
    expect((await parts.create(aPart(), tokens.department)).status).toBe(403);
    expect(
      (await parts.receive(part.partNumber, { quantity: 1, unitCost: 1 }, tokens.department)).status,
    ).toBe(403);
  });
});

describe('the catalogue list', () => {
  /** Every page of a listing, following the cursor (a filtered page may be short). */
  async function listAll(query: string): Promise<PartBody[]> {
    const all: PartBody[] = [];
    let cursor: string | undefined;
    do {
      const page = await api.request<{ items: PartBody[]; nextCursor?: string }>(
        'GET',
        `/v1/parts?${query}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { token: tokens.department },
      );
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      all.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    return all;
  }

  it('pages by part number and filters by category, low quota and search', async () => {
    const tag = aPartNumber('LST');
    const numbers = [`${tag}-A`, `${tag}-B`, `${tag}-C`, `${tag}-D`];
    const [low, stocked, key, unquoted] = numbers as [string, string, string, string];
    await parts.created({ partNumber: low, lowQuota: 2, highQuota: 10 });
    await parts.received(low, 2, 1.5);
    await parts.created({ partNumber: stocked, lowQuota: 2, highQuota: 10 });
    await parts.received(stocked, 3, 1.5);
    await parts.created({ partNumber: key, category: 'key', maker: '宁波气弹簧厂', model: 'QY-1' });
    // Not stocked to a quota (bought nearby when needed): never "below its low quota".
    await parts.created({ partNumber: unquoted, lowQuota: 0, highQuota: 0 });

    const all = await listAll(`q=${tag}`);
    expect(all.map((p) => p.partNumber)).toEqual(numbers);
    expect((await listAll(`q=${tag}&category=key`)).map((p) => p.partNumber)).toEqual([key]);
    const below = await listAll(`q=${tag}&belowLowQuota=true`);
    expect(below.map((p) => p.partNumber)).toEqual([low, key]);
    expect(all.filter((p) => p.belowLowQuota).map((p) => p.partNumber)).toEqual([low, key]);
    expect((await listAll(`q=${tag}&belowLowQuota=false`)).map((p) => p.partNumber)).toEqual([
      stocked,
      unquoted,
    ]);
    expect(await listAll(`q=${tag.toLowerCase()}-c`)).toHaveLength(1);
  });

  it('refuses a bad filter value (422 naming it)', async () => {
    const refused = await api.request<Problem>('GET', '/v1/parts?belowLowQuota=yes', {
      token: tokens.warehouse,
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors?.map((e) => e.field)).toEqual(['query.belowLowQuota']);
  });
});

describe('a part', () => {
  it('shows its lots oldest first, whatever order they were booked in, and its version as ETag', async () => {
    const part = await parts.created();
    await parts.received(part.partNumber, 1, 3, '2026-02-01');
    await parts.received(part.partNumber, 2, 2, '2026-01-01');
    await parts.received(part.partNumber, 3, 1, '2026-03-01');
    const response = await api.request<PartBody>('GET', `/v1/parts/${part.partNumber}`, {
      token: tokens.warehouse,
    });
    expect(response.headers.get('etag')).toBe('"4"');
    expect(response.body.version).toBe(4);
    expect(response.body.lots.map((l) => [l.receivedOn, l.quantity, l.unitCost, l.value])).toEqual([
      ['2026-01-01', 2, 2, 4],
      ['2026-02-01', 1, 3, 3],
      ['2026-03-01', 3, 1, 3],
    ]);
    expect(response.body.stock).toEqual({ onHand: 6, stockValue: 10, toRepair: 0 });
  });

  it('is 404 when there is no such part, for every read', async () => {
    for (const path of ['', '/ledger', '/reconcile']) {
      const response = await api.request('GET', `/v1/parts/${aPartNumber('NONE')}${path}`, {
        token: tokens.warehouse,
      });
      expect(response.status).toBe(404);
    }
  });
});

describe('changing the catalogue', () => {
  const patch = (partNumber: string, body: unknown, token: string, ifMatch?: string) =>
    api.request<PartBody & Problem>('PATCH', `/v1/parts/${partNumber}`, {
      token,
      body,
      ...(ifMatch ? { headers: { 'if-match': ifMatch } } : {}),
    });

  it('changes fields at the If-Match version and refuses a stale version (412)', async () => {
    const part = await parts.created();
    const changed = await patch(
      part.partNumber,
      { location: 'B-02-4', unitCost: 0.7 },
      tokens.warehouse,
      '"1"',
    );
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).toBe('"2"');
    expect(changed.body).toMatchObject({ location: 'B-02-4', unitCost: 0.7, version: 2 });

    const stale = await patch(part.partNumber, { location: 'C-01-1' }, tokens.warehouse, '"1"');
    expect(stale.status).toBe(412);
    expect(await parts.detail(part.partNumber)).toMatchObject({ location: 'B-02-4', version: 2 });
  });

  it('refuses a high quota below the low quota (422 on highQuota)', async () => {
    const part = await parts.created({ lowQuota: 2, highQuota: 10 });
    const refused = await patch(part.partNumber, { highQuota: 1 }, tokens.warehouse);
    expect(refused.status).toBe(422);
    expect(fieldErrors(refused)).toEqual(['highQuota:too_small']);
    expect((await parts.detail(part.partNumber)).highQuota).toBe(10);
  });

  it("keeps a key part's maker, model and specification to management (三定), recording the approver", async () => {
    const part = await parts.created({ category: 'key', maker: '宁波气弹簧厂', model: 'QY-120' });
    for (const fields of [{ maker: '杭州气弹簧厂' }, { model: 'QY-150' }, { specification: '150 mm' }]) {
      const refused = await patch(part.partNumber, fields, tokens.warehouse);
      expect(refused.status).toBe(403);
      expect(refused.body.title).toBe(translate('zh-CN', 'parts.problem.keyPartChange'));
    }
    expect((await parts.detail(part.partNumber)).version).toBe(1);
    // Other fields of a key part are the warehouse's to keep.
    expect((await patch(part.partNumber, { location: 'K-01-1' }, tokens.warehouse)).status).toBe(200);

    const approved = await patch(part.partNumber, { maker: '杭州气弹簧厂' }, tokens.manager);
    expect(approved.status).toBe(200);
    expect(approved.body.maker).toBe('杭州气弹簧厂');
    const [updated] = await parts.ledger(part.partNumber);
    expect(updated).toMatchObject({
      kind: 'updated',
      quantity: 0,
      by: { sub: MANAGER_SUB },
      data: {
        changes: { maker: '杭州气弹簧厂' },
        keyPartChangeApprovedBy: { kind: 'staff', sub: MANAGER_SUB },
      },
    });
  });

  it("lets the warehouse change a standard part's maker", async () => {
    const part = await parts.created({ maker: '宁波气弹簧厂' });
    const changed = await patch(part.partNumber, { maker: '杭州气弹簧厂' }, tokens.warehouse);
    expect(changed.status).toBe(200);
    const [updated] = await parts.ledger(part.partNumber);
    expect(updated?.data).not.toHaveProperty('keyPartChangeApprovedBy');
  });
});

describe('the ledger (帐)', () => {
  it('pages newest first, each entry with its balance', async () => {
    const part = await parts.created();
    for (const quantity of [1, 2, 3, 4]) await parts.received(part.partNumber, quantity, 1);
    const seqs: number[][] = [];
    let cursor: string | undefined;
    do {
      const page = await api.request<{ items: EntryBody[]; nextCursor?: string }>(
        'GET',
        `/v1/parts/${part.partNumber}/ledger?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { token: tokens.warehouse },
      );
      seqs.push(page.body.items.map((e) => e.seq));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seqs).toEqual([[5, 4], [3, 2], [1]]);
    const [newest] = await parts.ledger(part.partNumber);
    expect(newest).toMatchObject({
      kind: 'receipt',
      quantity: 4,
      value: 4,
      balance: { onHand: 10, stockValue: 10 },
    });
  });
});

describe('receipts (验收入库)', () => {
  it('puts accepted units into a new lot at their own cost, exact in awkward amounts', async () => {
    const part = await parts.created();
    const first = await parts.received(part.partNumber, 3, 0.1, '2026-01-10');
    expect(first.entry).toMatchObject({
      kind: 'receipt',
      quantity: 3,
      value: 0.3,
      allocations: [{ receivedOn: '2026-01-10', quantity: 3, unitCost: 0.1, origin: 'purchase' }],
      data: { supplier: '华东五金', unitCostFen: 10, inspection: { result: 'accepted' } },
    });
    await parts.received(part.partNumber, 1, 0.7);
    const detail = await parts.detail(part.partNumber);
    // 3 × 0.1 + 0.7 is 0.9999999999999999 in floating point; fen make it exactly 1.
    expect(detail.stock).toEqual({ onHand: 4, stockValue: 1, toRepair: 0 });
    expect(detail.lots[0]).toEqual({
      lotId: first.entry.data.lotId,
      receivedOn: '2026-01-10',
      quantity: 3,
      unitCost: 0.1,
      value: 0.3,
      origin: 'purchase',
      supplier: '华东五金',
    });
    expect(detail.lots[1]).toMatchObject({ receivedOn: today(), unitCost: 0.7 });
  });

  it('records a rejected delivery with the written note and puts nothing into stock', async () => {
    const part = await parts.created();
    const note = '外管划伤 3 处，退回采购，书面说明随货';
    const rejected = await parts.receive(part.partNumber, {
      quantity: 5,
      unitCost: 30,
      inspection: { result: 'rejected', note },
    });
    expect(rejected.status).toBe(201);
    expect(rejected.body.entry).toMatchObject({
      kind: 'receiptRejected',
      quantity: 0,
      value: 0,
      data: { quantity: 5, inspection: { result: 'rejected', note } },
    });
    expect(rejected.body.entry.allocations).toBeUndefined();
    expect(await parts.detail(part.partNumber)).toMatchObject({
      stock: { onHand: 0, stockValue: 0 },
      lots: [],
    });
  });

  it('refuses a receipt dated in the future (422 on receivedOn) and books nothing', async () => {
    const part = await parts.created();
    const before = await booksOf(part.partNumber);
    const refused = await parts.receive(part.partNumber, {
      quantity: 1,
      unitCost: 1,
      receivedOn: addDays(today(), 1),
    });
    expect(refused.status).toBe(422);
    expect(fieldErrors(refused)).toEqual(['receivedOn:in_future']);
    expect(await booksOf(part.partNumber)).toEqual(before);
  });

  it('refuses a lot worth more than a thousand million yuan (422 on unitCost), so fen stay exact', async () => {
    const part = await parts.created();
    const before = await booksOf(part.partNumber);
    const refused = await parts.receive(part.partNumber, { quantity: 1_000_000, unitCost: 1000.01 });
    expect(refused.status).toBe(422);
    expect(fieldErrors(refused)).toEqual(['unitCost:invalid']);
    expect(await booksOf(part.partNumber)).toEqual(before);
  });
});

describe('issues (先进先出)', () => {
  it('takes the oldest lot first and the next one only for the rest, each at its cost', async () => {
    const { partNumber, januaryLot, februaryLot } = await aPartWithTwoLots();
    const issued = await parts.issue(partNumber, 4);
    expect(issued.status).toBe(201);
    expect(issued.body.entry).toMatchObject({
      kind: 'issue',
      quantity: -4,
      value: -60.6,
      data: { to: toDepartment },
    });
    expect(issued.body.entry.allocations).toEqual([
      { lotId: januaryLot, receivedOn: '2026-01-05', quantity: 2, unitCost: 10.1, origin: 'purchase' },
      { lotId: februaryLot, receivedOn: '2026-02-05', quantity: 2, unitCost: 20.2, origin: 'purchase' },
    ]);
    expect(issued.body.part.stock).toEqual({ onHand: 3, stockValue: 60.6, toRepair: 0 });
    expect((await parts.detail(partNumber)).lots).toMatchObject([{ lotId: februaryLot, quantity: 3 }]);
    expect(await parts.reconcile(partNumber)).toMatchObject({ agrees: true, chainIntact: true });
  });

  it('issues to a service request that exists', async () => {
    const caseId = await submitServiceRequest(api);
    const part = await parts.created();
    await parts.received(part.partNumber, 2, 35.5);
    const issued = await parts.issue(part.partNumber, 1, { kind: 'serviceRequest', caseId });
    expect(issued.status).toBe(201);
    expect(issued.body.entry.data.to).toEqual({ kind: 'serviceRequest', caseId });
  });

  it('refuses an issue to a service request that does not exist (422 on to.caseId)', async () => {
    const part = await parts.created();
    await parts.received(part.partNumber, 2, 35.5);
    const before = await booksOf(part.partNumber);
    const refused = await parts.issue(part.partNumber, 1, { kind: 'serviceRequest', caseId: 'no-such-case' });
    expect(refused.status).toBe(422);
    expect(fieldErrors(refused)).toEqual(['to.caseId:not_found']);
    expect(await booksOf(part.partNumber)).toEqual(before);
  });

  it('refuses more than in stock (insufficient_stock) and writes nothing', async () => {
    const { partNumber } = await aPartWithTwoLots();
    const before = await booksOf(partNumber);
    const refused = await parts.issue(partNumber, 8);
    expect(refused.status).toBe(422);
    expect(fieldErrors(refused)).toEqual(['quantity:insufficient_stock']);
    expect(refused.body.errors?.[0]?.message).toBe(translate('zh-CN', 'parts.insufficientStock'));
    expect(await booksOf(partNumber)).toEqual(before);
  });
});

describe('surplus returns (余料退库)', () => {
  it('puts units back into the lots they came from, recreating a used-up lot with its day and cost', async () => {
    const { partNumber, januaryLot, februaryLot } = await aPartWithTwoLots();
    const issued = await parts.issue(partNumber, 4);
    expect((await parts.detail(partNumber)).lots.map((l) => l.lotId)).toEqual([februaryLot]);

    const back = await parts.returnSurplus(partNumber, issued.body.entry.seq, 3);
    expect(back.status).toBe(201);
    // The newest units of the issue come back first: what stays out is the oldest.
    expect(back.body.entry).toMatchObject({
      kind: 'surplusReturn',
      quantity: 3,
      value: 50.5,
      data: { issueSeq: issued.body.entry.seq, to: toDepartment },
    });
    const { lots, stock } = await parts.detail(partNumber);
    expect(lots).toEqual([
      {
        lotId: januaryLot,
        receivedOn: '2026-01-05',
        quantity: 1,
        unitCost: 10.1,
        value: 10.1,
        origin: 'purchase',
        supplier: '华东五金',
      },
      {
        lotId: februaryLot,
        receivedOn: '2026-02-05',
        quantity: 5,
        unitCost: 20.2,
        value: 101,
        origin: 'purchase',
        supplier: '华东五金',
      },
    ]);
    expect(stock).toEqual({ onHand: 6, stockValue: 111.1, toRepair: 0 });
    expect(await parts.reconcile(partNumber)).toMatchObject({ agrees: true, chainIntact: true });
  });

  it('refuses more than the issue gave out, counting earlier returns (422 on quantity)', async () => {
    const { partNumber } = await aPartWithTwoLots();
    const { seq } = (await parts.issue(partNumber, 2)).body.entry;
    const before = await booksOf(partNumber);
    const tooMany = await parts.returnSurplus(partNumber, seq, 3);
    expect(tooMany.status).toBe(422);
    expect(fieldErrors(tooMany)).toEqual(['quantity:too_big']);
    expect(await booksOf(partNumber)).toEqual(before);

    expect((await parts.returnSurplus(partNumber, seq, 1)).status).toBe(201);
    expect((await parts.returnSurplus(partNumber, seq, 2)).status).toBe(422);
    expect((await parts.returnSurplus(partNumber, seq, 1)).status).toBe(201);
    expect((await parts.returnSurplus(partNumber, seq, 1)).status).toBe(422);
    expect((await parts.detail(partNumber)).stock.onHand).toBe(7);
  });

  it('refuses an issueSeq that is not an issue (422 on issueSeq)', async () => {
    const { partNumber } = await aPartWithTwoLots();
    const before = await booksOf(partNumber);
    for (const issueSeq of [2, 999]) {
      const refused = await parts.returnSurplus(partNumber, issueSeq, 1);
      expect(refused.status).toBe(422);
      expect(fieldErrors(refused)).toEqual(['issueSeq:not_found']);
    }
    expect(await booksOf(partNumber)).toEqual(before);
  });
});

describe('transfers out (调拨出库)', () => {
  it('are management only, first in first out with destination and reason', async () => {
    const { partNumber, januaryLot } = await aPartWithTwoLots();
    const before = await booksOf(partNumber);
    expect((await parts.transfer(partNumber, 1, tokens.warehouse)).status).toBe(403);
    expect(await booksOf(partNumber)).toEqual(before);

    const moved = await parts.transfer(partNumber, 1, tokens.manager);
    expect(moved.status).toBe(201);
    expect(moved.body.entry).toMatchObject({
      kind: 'transferOut',
      quantity: -1,
      value: -10.1,
      by: { sub: MANAGER_SUB },
      allocations: [{ lotId: januaryLot, quantity: 1 }],
      data: { destination: '广州分厂', reason: '分厂设备抢修' },
    });
  });
});

describe('repair and reuse (修旧利废)', () => {
  it('books replaced parts for repair with their cause, outside the stock value', async () => {
    const { partNumber } = await aPartWithTwoLots();
    const noCause = await parts.toRepair(partNumber, { quantity: 3 });
    expect(noCause.status).toBe(422);
    expect(fieldErrors(noCause).map((e) => e.split(':')[0])).toEqual(['cause']);

    const booked = await parts.toRepair(partNumber, { quantity: 3, cause: '气压棒漏气，椅子下沉' });
    expect(booked.status).toBe(201);
    expect(booked.body.entry).toMatchObject({ kind: 'toRepair', quantity: 0, value: 0, toRepair: 3 });
    expect(booked.body.part.stock).toEqual({ onHand: 7, stockValue: 121.2, toRepair: 3 });
  });

  it('repairs into a reused lot at the repair cost, writes off the unrepairable, never more than wait', async () => {
    const part = await parts.created();
    await parts.toRepair(part.partNumber, { quantity: 3, cause: '气压棒漏气' });
    const before = await booksOf(part.partNumber);
    const tooMany = await parts.repair(part.partNumber, { outcome: 'repaired', quantity: 4, repairCost: 5 });
    expect(tooMany.status).toBe(422);
    expect(fieldErrors(tooMany)).toEqual(['quantity:too_big']);
    expect(await booksOf(part.partNumber)).toEqual(before);

    const repaired = await parts.repair(part.partNumber, {
      outcome: 'repaired',
      quantity: 2,
      repairCost: 5.5,
    });
    expect(repaired.status).toBe(201);
    expect(repaired.body.entry).toMatchObject({ kind: 'repaired', quantity: 2, value: 11, toRepair: -2 });
    const lost = await parts.repair(part.partNumber, {
      outcome: 'unrepairable',
      quantity: 1,
      note: '缸体开裂',
    });
    expect(lost.status).toBe(201);
    expect(lost.body.entry).toMatchObject({ kind: 'unrepairable', quantity: 0, value: 0, toRepair: -1 });

    const detail = await parts.detail(part.partNumber);
    expect(detail.stock).toEqual({ onHand: 2, stockValue: 11, toRepair: 0 });
    expect(detail.lots).toEqual([
      {
        lotId: repaired.body.entry.data.lotId,
        receivedOn: today(),
        quantity: 2,
        unitCost: 5.5,
        value: 11,
        origin: 'reused',
      },
    ]);
    expect(
      (await parts.repair(part.partNumber, { outcome: 'unrepairable', quantity: 1, note: '-' })).status,
    ).toBe(422);
    expect(await parts.reconcile(part.partNumber)).toMatchObject({ agrees: true, chainIntact: true });
  });
});

describe('retries and races', () => {
  it('replays a retried issue with the same Idempotency-Key: the same entry, one movement', async () => {
    const { partNumber } = await aPartWithTwoLots();
    const headers = { 'Idempotency-Key': `issue-${aPartNumber()}` };
    const first = await parts.issue(partNumber, 2, toDepartment, headers);
    const retry = await parts.issue(partNumber, 2, toDepartment, headers);
    expect([first.status, retry.status]).toEqual([201, 201]);
    expect(retry.body.entry).toEqual(first.body.entry);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect((await parts.ledger(partNumber)).filter((e) => e.kind === 'issue')).toHaveLength(1);
    expect((await parts.detail(partNumber)).stock.onHand).toBe(5);
  });

  it('lets exactly five of ten concurrent one-unit issues through with five in stock', async () => {
    const part = await parts.created();
    await parts.received(part.partNumber, 5, 12.34);
    /** A client that retries a 409 (the write lost its race more often than the server retries). */
    const issueOne = async () => {
      for (let attempt = 1; ; attempt += 1) {
        const response = await parts.issue(part.partNumber, 1);
        if (response.status !== 409 || attempt === 20) return response;
        await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
      }
    };
    const responses = await Promise.all(Array.from({ length: 10 }, issueOne));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 201, 201, 201, 201, 422, 422, 422, 422, 422]);
    for (const refused of responses.filter((r) => r.status === 422)) {
      expect(fieldErrors(refused)).toEqual(['quantity:insufficient_stock']);
    }
    // Each success saw the card its predecessor left: balances 4, 3, 2, 1, 0, never below.
    const balances = responses
      .filter((r) => r.status === 201)
      .map((r) => r.body.entry.balance.onHand)
      .sort();
    expect(balances).toEqual([0, 1, 2, 3, 4]);
    expect(await parts.detail(part.partNumber)).toMatchObject({
      stock: { onHand: 0, stockValue: 0 },
      lots: [],
    });
    expect(await parts.reconcile(part.partNumber)).toMatchObject({
      agrees: true,
      chainIntact: true,
      ledger: { quantity: 0, value: 0, entries: 7 },
    });
  });
});

describe('reconciliation (帐、卡、物相符)', () => {
  it('finds a lost last ledger entry even when the figures still agree', async () => {
    const part = await parts.created({ maker: '宁波气弹簧厂' });
    await parts.received(part.partNumber, 2, 3);
    await api.request('PATCH', `/v1/parts/${part.partNumber}`, {
      token: tokens.warehouse,
      body: { location: 'Z-09-9' },
    });
    expect(await parts.reconcile(part.partNumber)).toMatchObject({ agrees: true, chainIntact: true });
    // The `updated` entry moved nothing: without it the sums still agree, but the chain is short.
    await documentClient().send(
      new DeleteCommand({
        TableName: tableName(),
        Key: { pk: `PART#${part.partNumber}`, sk: eventSortKey(3) },
      }),
    );
    expect(await parts.reconcile(part.partNumber)).toMatchObject({
      agrees: true,
      chainIntact: false,
      ledger: { entries: 2 },
    });
  });
});

describe("the month's parts counters (STATS#parts)", () => {
  const counters = async () =>
    ((await api.item('STATS#parts', `MONTH#${monthOf(new Date().toISOString())}`)) ?? {}) as Record<
      string,
      number | undefined
    >;
  const grew = (after: Record<string, number | undefined>, before: Record<string, number | undefined>) =>
    Object.fromEntries(
      ['issuedUnits', 'surplusReturnedUnits', 'repairSpendFen', 'quotaRepairSpendFen', 'receivedUnits'].map(
        (name) => [name, (after[name] ?? 0) - (before[name] ?? 0)],
      ),
    );

  it('counts an issue as repair spend and a surplus return against it', async () => {
    const { partNumber } = await aPartWithTwoLots({ lowQuota: 1, highQuota: 20 });
    const before = await counters();
    const issued = await parts.issue(partNumber, 3); // 2 × 10.10 + 1 × 20.20
    expect(grew(await counters(), before)).toEqual({
      issuedUnits: 3,
      surplusReturnedUnits: 0,
      repairSpendFen: 4040,
      quotaRepairSpendFen: 4040,
      receivedUnits: 0,
    });
    await parts.returnSurplus(partNumber, issued.body.entry.seq, 1); // the 20.20 unit
    expect(grew(await counters(), before)).toEqual({
      issuedUnits: 3,
      surplusReturnedUnits: 1,
      repairSpendFen: 2020,
      quotaRepairSpendFen: 2020,
      receivedUnits: 0,
    });
  });

  it('leaves the in-quota spend alone for a part not stocked to a quota, and counts nothing refused', async () => {
    const part = await parts.created({ lowQuota: 0, highQuota: 0 });
    await parts.received(part.partNumber, 2, 7.77);
    const before = await counters();
    await parts.issue(part.partNumber, 1);
    await parts.issue(part.partNumber, 5); // refused
    expect(grew(await counters(), before)).toMatchObject({
      issuedUnits: 1,
      repairSpendFen: 777,
      quotaRepairSpendFen: 0,
    });
  });
});

import { recordStockValueSnapshot } from '../../shared/app/parts-report.ts';
import { addDays, shanghaiDate, startOfShanghaiDay } from '../../shared/calendar/plain-date.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';

/**
 * The spare-parts report and the old lots, over a data set booked through the real routes. Every
 * expected figure is worked out here by hand, in fen, from the receipts' costs and FIFO.
 */

let api: TestRuntime;
let keeper: string;
let manager: string;
let quality: string;
const today = shanghaiDate(new Date());
const daysAgo = (days: number) => addDays(today, -days);
const currentMonth = today.slice(0, 7);
/** The month `n` months before the current one. */
const monthsBack = (n: number) => {
  const [year, month] = currentMonth.split('-').map(Number) as [number, number];
  const index = year * 12 + month - 1 - n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
};
const yuan = (fen: number) => fen / 100;

beforeAll(async () => {
  // No demo data: every part and lot in the table is this file's.
  api = await startTestRuntime({ seed: false });
  keeper = await api.token('warehouse');
  manager = await api.token('manager');
  quality = await api.token('quality');
});
afterAll(async () => api.stop());

async function booked<T = { entry: { seq: number } }>(
  path: string,
  body: Record<string, unknown>,
  token = keeper,
): Promise<T> {
  const response = await api.request<T>('POST', path, { token, body });
  if (response.status !== 201) throw new Error(`${path}: ${response.status} ${response.text}`);
  return response.body;
}
const aPart = (partNumber: string, lowQuota: number, highQuota: number) =>
  booked(`/v1/parts`, {
    partNumber,
    name: `配件 ${partNumber}`,
    specification: '通用',
    unit: '件',
    unitCost: 1,
    category: 'standard',
    location: 'B-02-3',
    lowQuota,
    highQuota,
  });
const receive = (partNumber: string, quantity: number, unitCost: number, receivedOn: string) =>
  booked(`/v1/parts/${partNumber}/receipts`, {
    quantity,
    unitCost,
    supplier: '华东五金',
    receivedOn,
    inspection: { result: 'accepted' },
  });
const issue = async (partNumber: string, quantity: number) =>
  (
    await booked(`/v1/parts/${partNumber}/issues`, {
      quantity,
      to: { kind: 'department', departmentId: 'assembly', purpose: '设备维修' },
    })
  ).entry.seq;

async function report<T = Report>(path: string, token = quality): Promise<T> {
  const response = await api.request<T>('GET', path, { token });
  if (response.status !== 200) throw new Error(`${path}: ${response.status} ${response.text}`);
  return response.body;
}

type Figures = Record<string, number | null>;
interface Report {
  from: string;
  to: string;
  months: (Figures & { month: string; stockValuedAt: string | null })[];
  total: Figures;
  stock: Record<string, number | string>;
}

/*
 * The data set, all booked this month:
 * Q-1 (quota 2..10): 4 @ 12.34 received 400 days ago, 6 @ 15.50 ten days ago, one receipt rejected;
 *   issue 5 = 4 @ 12.34 + 1 @ 15.50 = 64.86; 1 returned as surplus, to the newest lot: -15.50.
 *   Left: 6 @ 15.50 = 93.00.
 * Q-2 (quota 8..20): 10 @ 100.01 received 190 days ago; 3 transferred out by the manager = 300.03.
 *   Left: 7 @ 100.01 = 700.07, at or below its low quota.
 * N-1 (no quota): 3 @ 0.10 received 200 days ago, 2 @ 0.20 today; issue 4 = 3 @ 0.10 + 1 @ 0.20 = 0.50;
 *   4 replaced units booked for repair: 2 repaired at 1.25 each (a reused lot), 1 unrepairable,
 *   1 waits; issue 2 = 1 @ 0.20 + 1 reused @ 1.25 = 1.45. Left: 1 reused @ 1.25.
 */
const spend = { q1: 4 * 1234 + 1 * 1550 - 1550, n1: 3 * 10 + 1 * 20 + (20 + 125) };
const stockLeft = { q1: 6 * 1550, q2: 7 * 10001, n1: 125 };
const quotaStockFen = stockLeft.q1 + stockLeft.q2;
const stockFen = quotaStockFen + stockLeft.n1;
const expectedFigures = {
  repairSpend: yuan(spend.q1 + spend.n1),
  quotaRepairSpend: yuan(spend.q1),
  // 4936 / 5131 and 4936 / 79307, to 4 decimals.
  accuracyRatio: 0.962,
  stockValue: yuan(stockFen),
  quotaStockValue: yuan(quotaStockFen),
  turnoverRatio: 0.0622,
  issuedUnits: 5 + 4 + 2,
  reusedIssuedUnits: 1,
  surplusReturnedUnits: 1,
  receivedUnits: 4 + 6 + 10 + 3 + 2,
  receivedValue: yuan(4 * 1234 + 6 * 1550 + 10 * 10001 + 3 * 10 + 2 * 20),
  rejectedReceipts: 1,
  toRepairUnits: 4,
  repairedUnits: 2,
  unrepairableUnits: 1,
  reuseRate: 0.5,
  transferredUnits: 3,
  transferredValue: yuan(3 * 10001),
  scrappedUnits: 0,
  scrappedValue: 0,
};

beforeAll(async () => {
  await aPart('Q-1', 2, 10);
  await aPart('Q-2', 8, 20);
  await aPart('N-1', 0, 0);

  await receive('Q-1', 4, 12.34, daysAgo(400));
  await receive('Q-1', 6, 15.5, daysAgo(10));
  await booked('/v1/parts/Q-1/receipts', {
    quantity: 2,
    unitCost: 9.99,
    supplier: '华东五金',
    inspection: { result: 'rejected', note: '规格不符，退回采购' },
  });
  const issued = await issue('Q-1', 5);
  await booked('/v1/parts/Q-1/surplus-returns', { issueSeq: issued, quantity: 1 });

  await receive('Q-2', 10, 100.01, daysAgo(190));
  await booked('/v1/parts/Q-2/transfers', { quantity: 3, destination: '二厂', reason: '调剂' }, manager);

  await receive('N-1', 3, 0.1, daysAgo(200));
  await receive('N-1', 2, 0.2, today);
  await issue('N-1', 4);
  await booked('/v1/parts/N-1/to-repair', { quantity: 4, cause: '磨损' });
  await booked('/v1/parts/N-1/repairs', { outcome: 'repaired', quantity: 2, repairCost: 1.25 });
  await booked('/v1/parts/N-1/repairs', { outcome: 'unrepairable', quantity: 1, note: '断裂' });
  await issue('N-1', 2);
});

describe('GET /v1/reports/parts', () => {
  it('reports every figure of the month as booked, valued by the stock now without a snapshot', async () => {
    const body = await report(`/v1/reports/parts?from=${monthsBack(1)}&to=${currentMonth}`);

    expect(body.months).toEqual([
      expect.objectContaining({
        month: monthsBack(1),
        repairSpend: 0,
        accuracyRatio: null,
        stockValue: null,
        turnoverRatio: null,
        stockValuedAt: null,
      }),
      { month: currentMonth, ...expectedFigures, stockValuedAt: expect.any(String) },
    ]);
    expect(body.total).toEqual(expectedFigures);
  });

  it('reports the stock now: values, parts, parts at or below their low quota, units waiting for repair', async () => {
    const body = await report('/v1/reports/parts');

    expect(body.stock).toEqual({
      value: yuan(stockFen),
      quotaValue: yuan(quotaStockFen),
      parts: 3,
      quotaParts: 2,
      belowLowQuota: 1,
      toRepairUnits: 1,
      asOf: expect.any(String),
    });
    expect(body.to).toBe(currentMonth);
    expect(body.months).toHaveLength(12);
  });

  it('agrees with the parts read one by one', async () => {
    const parts = await report<{ items: { stock: { stockValue: number }; highQuota: number }[] }>(
      '/v1/parts?limit=100',
      keeper,
    );
    const body = await report('/v1/reports/parts');

    const fen = (value: number) => Math.round(value * 100);
    expect(parts.items.reduce((n, p) => n + fen(p.stock.stockValue), 0)).toBe(stockFen);
    expect(fen(Number(body.stock.value))).toBe(stockFen);
  });

  it('refuses a period running backwards with 422 naming `from`', async () => {
    const response = await api.request<{ errors: { field: string }[] }>(
      'GET',
      `/v1/reports/parts?from=${currentMonth}&to=${monthsBack(1)}`,
      { token: quality },
    );

    expect(response.status).toBe(422);
    expect(response.body.errors.map((e) => e.field)).toEqual(['query.from']);
  });

  it('is read by the warehouse and head office, not by departments', async () => {
    expect((await api.request('GET', '/v1/reports/parts', { token: keeper })).status).toBe(200);
    const department = await api.token('department', { department: 'assembly' });
    expect((await api.request('GET', '/v1/reports/parts', { token: department })).status).toBe(403);
  });
});

describe('stock value snapshots', () => {
  it("SETs the stock values on the month's counters, leaving the counters as they were", async () => {
    await recordStockValueSnapshot(new Date());
    await recordStockValueSnapshot(new Date());

    const item = await api.item('STATS#parts', `MONTH#${currentMonth}`);
    expect(item).toMatchObject({
      stockValueFen: stockFen,
      quotaStockValueFen: quotaStockFen,
      issuedUnits: 11,
      repairSpendFen: spend.q1 + spend.n1,
      month: currentMonth,
    });
  });

  it('value the current month by its snapshot once it has one, not by the stock now', async () => {
    const taken = await recordStockValueSnapshot(new Date());
    await receive('Q-1', 1, 5, today);

    const body = await report(`/v1/reports/parts?from=${currentMonth}&to=${currentMonth}`);

    expect(body.months[0]).toMatchObject({
      quotaStockValue: yuan(quotaStockFen),
      turnoverRatio: 0.0622,
      stockValuedAt: taken.takenAt,
      receivedUnits: expectedFigures.receivedUnits + 1,
    });
    expect(body.stock.quotaValue).toBe(yuan(quotaStockFen + 500));
  });

  it("value an earlier month by its snapshot; the period's turnover divides by the months' mean", async () => {
    const takenAt = new Date(startOfShanghaiDay(`${monthsBack(1)}-15`).getTime() + 3_600_000);
    await recordStockValueSnapshot(takenAt);

    const body = await report(`/v1/reports/parts?from=${monthsBack(2)}&to=${currentMonth}`);

    // Last month's snapshot was taken after the receipt of 1 @ 5.00 above.
    const [before, last, current] = body.months;
    expect(before).toMatchObject({ stockValue: null, quotaStockValue: null, turnoverRatio: null });
    expect(last).toMatchObject({
      stockValue: yuan(stockFen + 500),
      quotaStockValue: yuan(quotaStockFen + 500),
      quotaRepairSpend: 0,
      turnoverRatio: 0,
      stockValuedAt: takenAt.toISOString(),
    });
    expect(current).toMatchObject({ quotaStockValue: yuan(quotaStockFen) });
    // Means: (79932 + 79432) / 2 = 79682 fen; (79807 + 79307) / 2 = 79557; 4936 / 79557 = 0.06204...
    expect(body.total).toMatchObject({ stockValue: 796.82, quotaStockValue: 795.57, turnoverRatio: 0.062 });
  });
});

interface OldLotPage {
  items: {
    partNumber: string;
    name?: string;
    unit?: string;
    location?: string;
    receivedOn: string;
    ageDays: number;
    quantity: number;
    unitCost: number;
    value: number;
    origin: string;
    supplier?: string;
  }[];
  nextCursor?: string;
}

describe('GET /v1/reports/parts/old-lots', () => {
  beforeAll(async () => {
    await aPart('OLD-1', 0, 0);
    for (const [days, quantity] of [
      [365, 1],
      [300, 2],
      [181, 3],
      [180, 4],
      [5, 5],
    ] as const) {
      await receive('OLD-1', quantity, 2.5, daysAgo(days));
    }
  });

  async function allPages(query: string, limit: number) {
    const pages: OldLotPage[] = [];
    let cursor: string | undefined;
    do {
      const page = await report<OldLotPage>(
        `/v1/reports/parts/old-lots?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        keeper,
      );
      pages.push(page);
      cursor = page.nextCursor;
    } while (cursor);
    return pages;
  }

  it('lists the lots in stock received more than 180 days ago, oldest first, page by page', async () => {
    const pages = await allPages('olderThanDays=180', 2);

    expect(pages[0]?.items).toHaveLength(2);
    expect(pages[0]?.nextCursor).toBeDefined();
    // Q-1's lot of 400 days and N-1's of 200 days were issued entirely: no longer in stock.
    expect(pages.flatMap((p) => p.items)).toEqual([
      expect.objectContaining({ partNumber: 'OLD-1', receivedOn: daysAgo(365), ageDays: 365, quantity: 1 }),
      expect.objectContaining({ partNumber: 'OLD-1', receivedOn: daysAgo(300), ageDays: 300, quantity: 2 }),
      {
        partNumber: 'Q-2',
        name: '配件 Q-2',
        unit: '件',
        location: 'B-02-3',
        lotId: expect.any(String),
        receivedOn: daysAgo(190),
        ageDays: 190,
        quantity: 7,
        unitCost: 100.01,
        value: yuan(7 * 10001),
        origin: 'purchase',
        supplier: '华东五金',
      },
      expect.objectContaining({ partNumber: 'OLD-1', receivedOn: daysAgo(181), ageDays: 181, value: 7.5 }),
    ]);
  });

  it('defaults to 180 days', async () => {
    const page = await report<OldLotPage>('/v1/reports/parts/old-lots', keeper);

    expect(page.items.map((lot) => lot.ageDays)).toEqual([365, 300, 190, 181]);
  });

  it('leaves out a lot of exactly N days', async () => {
    const at = async (days: number) =>
      (await report<OldLotPage>(`/v1/reports/parts/old-lots?olderThanDays=${days}`, keeper)).items.map(
        (lot) => lot.ageDays,
      );

    expect(await at(365)).toEqual([]);
    expect(await at(364)).toEqual([365]);
    // Q-1's lot of ten days ago too; the lots received today are never old.
    expect(await at(4)).toEqual([365, 300, 190, 181, 180, 10, 5]);
  });

  it.each(['0', '3651', '1.5', 'x'])('refuses olderThanDays=%s with 422 naming the field', async (days) => {
    const response = await api.request<{ errors: { field: string }[] }>(
      'GET',
      `/v1/reports/parts/old-lots?olderThanDays=${days}`,
      { token: keeper },
    );

    expect(response.status).toBe(422);
    expect(response.body.errors.map((e) => e.field)).toEqual(['query.olderThanDays']);
  });

  it('is read by head office and the warehouse, not by departments', async () => {
    expect((await api.request('GET', '/v1/reports/parts/old-lots', { token: quality })).status).toBe(200);
    const department = await api.token('department', { department: 'assembly' });
    expect((await api.request('GET', '/v1/reports/parts/old-lots', { token: department })).status).toBe(403);
  });
});

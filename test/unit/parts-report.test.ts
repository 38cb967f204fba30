import fc from 'fast-check';
import {
  daysBetween,
  monthStockValues,
  oldLotsBefore,
  type PartStock,
  partsFiguresOf,
  partsReport,
  ratioOf,
  type StockSnapshot,
  stockNow,
  sumPartsCounters,
} from '../../shared/domain/parts-report.ts';
import { partsCounterNames } from '../../shared/domain/parts-stats.ts';

const at = new Date('2026-11-20T02:00:00.000Z');
const aPart = (overrides: Partial<PartStock> = {}): PartStock => ({
  stockValueFen: 0,
  inQuota: true,
  belowLowQuota: false,
  toRepair: 0,
  ...overrides,
});
const snapshot = (month: string, stockValueFen: number, quotaStockValueFen: number): StockSnapshot => ({
  month,
  stockValueFen,
  quotaStockValueFen,
  takenAt: `${month}-28T16:00:00.000Z`,
});

describe('ratios', () => {
  it('rounds to 4 decimals', () => {
    expect(ratioOf(1, 3)).toBe(0.3333);
    expect(ratioOf(2, 3)).toBe(0.6667);
    expect(ratioOf(5, 4)).toBe(1.25);
  });

  it('is null when the whole is zero, negative or unknown', () => {
    expect(ratioOf(5, 0)).toBeNull();
    expect(ratioOf(5, -10)).toBeNull();
    expect(ratioOf(5, null)).toBeNull();
  });

  it('is 0 when nothing of a positive whole is the part', () => {
    expect(ratioOf(0, 7)).toBe(0);
  });
});

describe('the figures of a month', () => {
  it('divides quota spend by repair spend and by the quota stock value, in fen', () => {
    const counters = sumPartsCounters([
      { repairSpendFen: 30_000, quotaRepairSpendFen: 10_000, toRepairUnits: 3, repairedUnits: 2 },
    ]);

    const figures = partsFiguresOf(counters, { stockValueFen: 90_000, quotaStockValueFen: 40_000 });

    expect(figures).toMatchObject({
      repairSpend: 300,
      quotaRepairSpend: 100,
      accuracyRatio: 0.3333,
      stockValue: 900,
      quotaStockValue: 400,
      turnoverRatio: 0.25,
      reuseRate: 0.6667,
    });
  });

  it('has null ratios when there is nothing to divide by', () => {
    const figures = partsFiguresOf(sumPartsCounters([{ issuedUnits: 2 }]), null);

    expect(figures).toMatchObject({
      repairSpend: 0,
      accuracyRatio: null,
      stockValue: null,
      quotaStockValue: null,
      turnoverRatio: null,
      reuseRate: null,
      issuedUnits: 2,
    });
  });

  it('has no turnover when the quota stock is worth nothing', () => {
    const figures = partsFiguresOf(sumPartsCounters([{ quotaRepairSpendFen: 500, repairSpendFen: 500 }]), {
      stockValueFen: 1000,
      quotaStockValueFen: 0,
    });

    expect(figures.turnoverRatio).toBeNull();
    expect(figures.accuracyRatio).toBe(1);
  });

  it('turns every counter into its figure, money in yuan', () => {
    const counters = Object.fromEntries(partsCounterNames.map((name, i) => [name, (i + 1) * 101]));

    const figures = partsFiguresOf(sumPartsCounters([counters]), null);

    expect(figures).toMatchObject({
      repairSpend: 1.01,
      quotaRepairSpend: 2.02,
      issuedUnits: 303,
      reusedIssuedUnits: 404,
      surplusReturnedUnits: 505,
      receivedUnits: 606,
      receivedValue: 7.07,
      rejectedReceipts: 808,
      toRepairUnits: 909,
      repairedUnits: 1010,
      unrepairableUnits: 1111,
      transferredUnits: 1212,
      transferredValue: 13.13,
      scrappedUnits: 1414,
      scrappedValue: 15.15,
    });
  });

  it('sums money in fen: 0.1 + 0.2 yuan is 0.3 yuan', () => {
    const counters = sumPartsCounters([{ repairSpendFen: 10 }, { repairSpendFen: 20 }]);

    expect(partsFiguresOf(counters, null).repairSpend).toBe(0.3);
  });

  it('sums any amounts in fen to the exact yuan of their sum', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -10_000_000, max: 10_000_000 }), { maxLength: 40 }),
        (amounts) => {
          const counters = sumPartsCounters(amounts.map((repairSpendFen) => ({ repairSpendFen })));
          const exact = amounts.reduce((n, a) => n + a, 0);
          expect(counters.repairSpendFen).toBe(exact);
          expect(Math.round(partsFiguresOf(counters, null).repairSpend * 100)).toBe(exact);
        },
      ),
    );
  });
});

describe("a month's stock values", () => {
  const current = {
    month: '2026-11',
    values: { stockValueFen: 7, quotaStockValueFen: 5 },
    at: at.toISOString(),
  };

  it('are its snapshot when it has one, even in the current month', () => {
    const snapshots = [snapshot('2026-11', 100, 60)];

    expect(monthStockValues('2026-11', snapshots, current)).toEqual({
      values: snapshots[0],
      at: snapshots[0]?.takenAt,
    });
  });

  it('are the stock now in the current month without a snapshot', () => {
    expect(monthStockValues('2026-11', [], current)).toEqual({ values: current.values, at: current.at });
  });

  it('are unknown in an earlier or later month without one', () => {
    expect(monthStockValues('2026-10', [snapshot('2026-09', 1, 1)], current)).toBeNull();
    expect(monthStockValues('2026-12', [], current)).toBeNull();
  });
});

describe('the stock now', () => {
  it('counts values, parts with a quota, those at or below their low quota, and units to repair', () => {
    const parts = [
      aPart({ stockValueFen: 12_345, inQuota: true, belowLowQuota: true, toRepair: 2 }),
      aPart({ stockValueFen: 55, inQuota: true }),
      aPart({ stockValueFen: 1_000, inQuota: false, toRepair: 1 }),
    ];

    expect(stockNow(parts, at)).toEqual({
      value: 134,
      quotaValue: 124,
      parts: 3,
      quotaParts: 2,
      belowLowQuota: 1,
      toRepairUnits: 3,
      asOf: at.toISOString(),
    });
  });

  it('never counts a part without a quota as below it', () => {
    expect(stockNow([aPart({ inQuota: false, belowLowQuota: true })], at).belowLowQuota).toBe(0);
  });
});

describe('the report', () => {
  const parts = [aPart({ stockValueFen: 80_000 }), aPart({ stockValueFen: 20_000, inQuota: false })];

  it('has every month of the period, zeros and no stock value where nothing is known', () => {
    const report = partsReport(
      { rows: [], snapshots: [], parts: [] },
      { from: '2026-09', to: '2026-10' },
      at,
    );

    expect(report.months.map((m) => [m.month, m.repairSpend, m.stockValue, m.stockValuedAt])).toEqual([
      ['2026-09', 0, null, null],
      ['2026-10', 0, null, null],
    ]);
    expect(report.total.stockValue).toBeNull();
    expect(report.total.turnoverRatio).toBeNull();
  });

  it('values past months by their snapshot and the current month by the stock now', () => {
    const report = partsReport(
      {
        rows: [
          { month: '2026-10', counters: { repairSpendFen: 20_000, quotaRepairSpendFen: 15_000 } },
          { month: '2026-11', counters: { repairSpendFen: 10_000, quotaRepairSpendFen: 8_000 } },
        ],
        snapshots: [snapshot('2026-10', 110_000, 60_000)],
        parts,
      },
      { from: '2026-09', to: '2026-11' },
      at,
    );

    const [september, october, november] = report.months;
    expect(september).toMatchObject({ stockValue: null, turnoverRatio: null, stockValuedAt: null });
    expect(october).toMatchObject({
      repairSpend: 200,
      quotaRepairSpend: 150,
      accuracyRatio: 0.75,
      stockValue: 1100,
      quotaStockValue: 600,
      turnoverRatio: 0.25,
      stockValuedAt: '2026-10-28T16:00:00.000Z',
    });
    expect(november).toMatchObject({
      stockValue: 1000,
      quotaStockValue: 800,
      turnoverRatio: 0.1,
      stockValuedAt: at.toISOString(),
    });
    // Total: 230 of 300 yuan in quota; mean quota stock (600 + 800) / 2 = 700 yuan.
    expect(report.total).toMatchObject({
      repairSpend: 300,
      quotaRepairSpend: 230,
      accuracyRatio: 0.7667,
      stockValue: 1050,
      quotaStockValue: 700,
      turnoverRatio: 0.3286,
    });
    expect(report.stock).toMatchObject({ value: 1000, quotaValue: 800, parts: 2, quotaParts: 1 });
  });

  it('rounds the mean stock value to whole fen and divides the turnover by it', () => {
    const report = partsReport(
      {
        rows: [{ month: '2026-09', counters: { quotaRepairSpendFen: 100, repairSpendFen: 100 } }],
        snapshots: [snapshot('2026-08', 1, 1), snapshot('2026-09', 2, 2), snapshot('2026-10', 2, 2)],
        parts: [],
      },
      { from: '2026-08', to: '2026-10' },
      at,
    );

    expect(report.total.quotaStockValue).toBe(0.02);
    expect(report.total.turnoverRatio).toBe(50);
  });

  it('adds the months of the period only', () => {
    const report = partsReport(
      {
        rows: [
          { month: '2026-08', counters: { issuedUnits: 100 } },
          { month: '2026-09', counters: { issuedUnits: 3, repairedUnits: 1, toRepairUnits: 4 } },
          { month: '2026-10', counters: { issuedUnits: 4, repairedUnits: 2, toRepairUnits: 4 } },
          { month: '2026-12', counters: { issuedUnits: 100 } },
        ],
        snapshots: [snapshot('2026-08', 1, 1)],
        parts: [],
      },
      { from: '2026-09', to: '2026-10' },
      at,
    );

    expect(report.total).toMatchObject({ issuedUnits: 7, reuseRate: 0.375, stockValue: null });
  });

  it('keeps a month whose surplus returns outweigh its issues negative, with no accuracy ratio', () => {
    const report = partsReport(
      {
        rows: [{ month: '2026-11', counters: { repairSpendFen: -800, quotaRepairSpendFen: -800 } }],
        snapshots: [],
        parts,
      },
      { from: '2026-11', to: '2026-11' },
      at,
    );

    expect(report.months[0]).toMatchObject({ repairSpend: -8, accuracyRatio: null, turnoverRatio: -0.01 });
  });
});

describe('old lots', () => {
  it('counts calendar days across months, years and a leap day', () => {
    expect(daysBetween('2026-11-20', '2026-11-20')).toBe(0);
    expect(daysBetween('2026-10-31', '2026-11-01')).toBe(1);
    expect(daysBetween('2027-12-31', '2028-03-01')).toBe(61);
  });

  it('are those received before the day N days ago: a lot of exactly N days is not old yet', () => {
    const before = oldLotsBefore('2026-11-20', 180);

    expect(before).toBe('2026-05-24');
    expect(daysBetween(before, '2026-11-20')).toBe(180);
    expect(daysBetween('2026-05-23', '2026-11-20')).toBe(181);
  });
});

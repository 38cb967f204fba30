import type { PartsFigures, PartsReport } from '../../shared/schemas/parts-report.ts';
import {
  figureKind,
  outsideQuotaSpend,
  partsEmpty,
  partsFigureOrder,
  partsSeries,
} from '../../web/console/src/reports/parts-series.ts';

const figures = (overrides: Partial<PartsFigures> = {}): PartsFigures => ({
  repairSpend: 0,
  quotaRepairSpend: 0,
  accuracyRatio: null,
  stockValue: null,
  quotaStockValue: null,
  turnoverRatio: null,
  issuedUnits: 0,
  reusedIssuedUnits: 0,
  surplusReturnedUnits: 0,
  receivedUnits: 0,
  receivedValue: 0,
  rejectedReceipts: 0,
  toRepairUnits: 0,
  repairedUnits: 0,
  unrepairableUnits: 0,
  reuseRate: null,
  transferredUnits: 0,
  transferredValue: 0,
  scrappedUnits: 0,
  scrappedValue: 0,
  ...overrides,
});

const report = (months: PartsReport['months'], stockParts = 0): PartsReport => ({
  from: months[0]?.month ?? '2026-11',
  to: months.at(-1)?.month ?? '2026-11',
  months,
  total: figures({
    issuedUnits: months.reduce((n, m) => n + m.issuedUnits, 0),
    repairSpend: months.reduce((n, m) => n + m.repairSpend, 0),
  }),
  stock: {
    value: 0,
    quotaValue: 0,
    parts: stockParts,
    quotaParts: 0,
    belowLowQuota: 0,
    toRepairUnits: 0,
    asOf: '2026-11-27T02:00:00.000Z',
  },
});

const month = (m: string, overrides: Partial<PartsFigures> = {}) => ({
  month: m,
  stockValuedAt: null,
  ...figures(overrides),
});

describe('the spare-parts report page', () => {
  it('draws repair spend against in-quota spend, with the accuracy ratio in percent points', () => {
    const series = partsSeries(
      report([
        month('2026-10', { repairSpend: 800, quotaRepairSpend: 600, accuracyRatio: 0.75, issuedUnits: 20 }),
        month('2026-11'),
      ]),
    );

    expect(series.months).toEqual(['2026-10', '2026-11']);
    expect(series.repairSpend).toEqual([800, 0]);
    expect(series.quotaRepairSpend).toEqual([600, 0]);
    expect(series.accuracyRatio).toEqual([75, null]);
  });

  it('is empty without parts or movements, not when the catalogue holds stock', () => {
    expect(partsEmpty(report([month('2026-11')]))).toBe(true);
    expect(partsEmpty(report([month('2026-11')], 7))).toBe(false);
    expect(partsEmpty(report([month('2026-11', { issuedUnits: 3, repairSpend: 120 })]))).toBe(false);
  });

  it('reads each figure as money, a ratio or units', () => {
    expect(figureKind('repairSpend')).toBe('money');
    expect(figureKind('quotaStockValue')).toBe('money');
    expect(figureKind('turnoverRatio')).toBe('ratio');
    expect(figureKind('reuseRate')).toBe('ratio');
    expect(figureKind('issuedUnits')).toBe('units');
    expect(figureKind('rejectedReceipts')).toBe('units');
  });

  it('lists every figure of the report once', () => {
    expect([...partsFigureOrder].sort()).toEqual(Object.keys(figures()).sort());
  });

  it('tells the spend outside the quotas to the fen', () => {
    expect(outsideQuotaSpend({ repairSpend: 1000.1, quotaRepairSpend: 600.2 })).toBe(399.9);
  });
});

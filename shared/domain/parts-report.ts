import { addDays, type PlainDate, parsePlainDate } from '../calendar/plain-date.ts';
import type { PartsFigures, PartsReport, PartsStockNow } from '../schemas/parts-report.ts';
import type { MonthRow, Period } from './complaint-report.ts';
import { type PartsCounterName, type PartsCounters, partsCounterNames } from './parts-stats.ts';
import { type Month, monthOf, monthsBetween } from './satisfaction-report.ts';
import { yuanOf } from './stock.ts';

/**
 * The spare-parts report's figures (requirements.md §4, issue 7), pure. Money is summed in
 * integer fen and turned into yuan last; ratios are rounded to 4 decimals.
 *
 * - accuracy ratio (储备定额准确率) = in-quota repair spend / repair spend, of the same month;
 * - turnover ratio (周转率) = in-quota repair spend / the quota stock value of the month (the
 *   snapshot the daily stock check SETs, the latest of the month wins); over a period, the period's
 *   in-quota spend / the mean quota stock value of the months that have one;
 * - reuse rate (修旧利废率) = units repaired back to stock / replaced units booked for repair.
 */

/** The stock values at one moment, in fen. */
export interface StockValues {
  readonly stockValueFen: number;
  readonly quotaStockValueFen: number;
}

/** The stock values snapshot of a month (`STATS#parts` / `MONTH#<yyyy-mm>`) and when it was taken. */
export interface StockSnapshot extends StockValues {
  readonly month: Month;
  readonly takenAt: string;
}

/** One part's stock as the report counts it. */
export interface PartStock {
  readonly stockValueFen: number;
  readonly inQuota: boolean;
  readonly belowLowQuota: boolean;
  readonly toRepair: number;
}

const DIGITS = 4;

/** part / whole to 4 decimals; null when the whole is missing or not above zero. */
export function ratioOf(part: number, whole: number | null): number | null {
  if (whole === null || whole <= 0) return null;
  return Math.round((part / whole) * 10 ** DIGITS) / 10 ** DIGITS;
}

/** Adds counters up: every counter, zero when absent (integers: exact). */
export function sumPartsCounters(all: readonly PartsCounters[]): Record<PartsCounterName, number> {
  const total = Object.fromEntries(partsCounterNames.map((name) => [name, 0])) as Record<
    PartsCounterName,
    number
  >;
  for (const counters of all) for (const name of partsCounterNames) total[name] += counters[name] ?? 0;
  return total;
}

/** The stock values of every part and of the parts with a quota, in fen. */
export function stockValuesOf(parts: readonly PartStock[]): StockValues {
  let stockValueFen = 0;
  let quotaStockValueFen = 0;
  for (const part of parts) {
    stockValueFen += part.stockValueFen;
    if (part.inQuota) quotaStockValueFen += part.stockValueFen;
  }
  return { stockValueFen, quotaStockValueFen };
}

/** The stock now: values, parts, parts with a quota at or below their low quota, units to repair. */
export function stockNow(parts: readonly PartStock[], asOf: Date): PartsStockNow {
  const values = stockValuesOf(parts);
  return {
    value: yuanOf(values.stockValueFen),
    quotaValue: yuanOf(values.quotaStockValueFen),
    parts: parts.length,
    quotaParts: parts.filter((p) => p.inQuota).length,
    belowLowQuota: parts.filter((p) => p.inQuota && p.belowLowQuota).length,
    toRepairUnits: parts.reduce((n, p) => n + p.toRepair, 0),
    asOf: asOf.toISOString(),
  };
}

/**
 * The figures of a set of counters against stock values (null: not known), in yuan at the end.
 * The ratios are computed on fen, never on rounded yuan.
 */
export function partsFiguresOf(
  c: Record<PartsCounterName, number>,
  values: StockValues | null,
): PartsFigures {
  return {
    repairSpend: yuanOf(c.repairSpendFen),
    quotaRepairSpend: yuanOf(c.quotaRepairSpendFen),
    accuracyRatio: ratioOf(c.quotaRepairSpendFen, c.repairSpendFen),
    stockValue: values ? yuanOf(values.stockValueFen) : null,
    quotaStockValue: values ? yuanOf(values.quotaStockValueFen) : null,
    turnoverRatio: values ? ratioOf(c.quotaRepairSpendFen, values.quotaStockValueFen) : null,
    issuedUnits: c.issuedUnits,
    reusedIssuedUnits: c.reusedIssuedUnits,
    surplusReturnedUnits: c.surplusReturnedUnits,
    receivedUnits: c.receivedUnits,
    receivedValue: yuanOf(c.receivedValueFen),
    rejectedReceipts: c.rejectedReceipts,
    toRepairUnits: c.toRepairUnits,
    repairedUnits: c.repairedUnits,
    unrepairableUnits: c.unrepairableUnits,
    reuseRate: ratioOf(c.repairedUnits, c.toRepairUnits),
    transferredUnits: c.transferredUnits,
    transferredValue: yuanOf(c.transferredValueFen),
    scrappedUnits: c.scrappedUnits,
    scrappedValue: yuanOf(c.scrappedValueFen),
  };
}

/**
 * A month's stock values: its snapshot; the current month without one the stock now; any other
 * month without one: unknown (null).
 */
export function monthStockValues(
  month: Month,
  snapshots: readonly StockSnapshot[],
  current: { readonly month: Month; readonly values: StockValues; readonly at: string },
): { readonly values: StockValues; readonly at: string } | null {
  const snapshot = snapshots.find((s) => s.month === month);
  if (snapshot) return { values: snapshot, at: snapshot.takenAt };
  return month === current.month ? { values: current.values, at: current.at } : null;
}

/** The mean stock values of the months that have them, in whole fen; none: null. */
function meanValues(valued: readonly StockValues[]): StockValues | null {
  if (valued.length === 0) return null;
  const mean = (of: (v: StockValues) => number) =>
    Math.round(valued.reduce((n, v) => n + of(v), 0) / valued.length);
  return {
    stockValueFen: mean((v) => v.stockValueFen),
    quotaStockValueFen: mean((v) => v.quotaStockValueFen),
  };
}

/**
 * The report: every month of the period (zeros without movements), the total, and the stock now.
 * Rows and snapshots outside the period are ignored.
 */
export function partsReport(
  input: {
    readonly rows: readonly MonthRow<PartsCounters>[];
    readonly snapshots: readonly StockSnapshot[];
    readonly parts: readonly PartStock[];
  },
  period: Period,
  now: Date,
): PartsReport {
  const current = { month: monthOf(now), values: stockValuesOf(input.parts), at: now.toISOString() };
  const periodMonths = monthsBetween(period.from, period.to).map((month) => ({
    month,
    counters: sumPartsCounters(input.rows.filter((r) => r.month === month).map((r) => r.counters)),
    valued: monthStockValues(month, input.snapshots, current),
  }));
  const valued = periodMonths.flatMap((m) => (m.valued ? [m.valued.values] : []));
  return {
    from: period.from,
    to: period.to,
    months: periodMonths.map(({ month, counters, valued }) => ({
      month,
      ...partsFiguresOf(counters, valued?.values ?? null),
      stockValuedAt: valued?.at ?? null,
    })),
    // Over the period the turnover divides by the mean value (whole fen) shown beside it.
    total: partsFiguresOf(sumPartsCounters(periodMonths.map((m) => m.counters)), meanValues(valued)),
    stock: stockNow(input.parts, now),
  };
}

// ---- old lots ------------------------------------------------------------------------------

const DAY_MS = 86_400_000;
const dayNumber = (day: PlainDate) => {
  const { year, month, day: d } = parsePlainDate(day);
  return Date.UTC(year, month - 1, d) / DAY_MS;
};

/** Whole calendar days from `from` to `to`. */
export const daysBetween = (from: PlainDate, to: PlainDate): number => dayNumber(to) - dayNumber(from);

/**
 * Lots received more than `olderThanDays` days before `today` were received before this day
 * (exclusive): a lot of exactly `olderThanDays` days is not old yet.
 */
export const oldLotsBefore = (today: PlainDate, olderThanDays: number): PlainDate =>
  addDays(today, -olderThanDays);

import {
  addMonths,
  type Month,
  monthOf,
  reportGroupings,
  reportPeriodIssues,
} from '../../../../shared/domain/satisfaction-report.ts';
import type { Language } from '../../../../shared/i18n/translate.ts';
import { paretoDimensions } from '../../../../shared/schemas/reports.ts';
import type {
  ComplaintReport,
  ParetoDimension,
  ParetoReport,
  ReturnsReport,
  SatisfactionGrouping,
  SatisfactionReport,
} from './types.ts';

/**
 * The report pages' data shaping: report JSON -> chart series and table rows, the period, number
 * formats. Pure (no DOM, no Chart.js), so jest tests it (test/unit/console-report-series.test.ts).
 */

export type { Month };

/** A report period, months inclusive (`2025-12` to `2026-11`). */
export interface Period {
  readonly from: Month;
  readonly to: Month;
}

const monthPattern = /^\d{4}-(0[1-9]|1[0-2])$/;
export const isMonth = (value: string | null | undefined): value is Month =>
  typeof value === 'string' && monthPattern.test(value);

/** The last 12 months up to and including the current month (Asia/Shanghai), as the API defaults. */
export function defaultPeriod(now: Date): Period {
  const to = monthOf(now);
  return { from: addMonths(to, -11), to };
}

/**
 * The period a page's query names: each well-formed month as given (a reversed or too long
 * period is the API's to refuse, with its message), the rest from `fallback`; `from` alone
 * missing means the 12 months up to `to`.
 */
export function periodOf(query: URLSearchParams, fallback: Period): Period {
  const from = query.get('from');
  const to = query.get('to');
  const end = isMonth(to) ? to : fallback.to;
  return { from: isMonth(from) ? from : isMonth(to) ? addMonths(end, -11) : fallback.from, to: end };
}

/** Why a chosen period cannot be asked for (the API's own rule), or undefined when it can. */
export const periodProblem = (period: Period) => reportPeriodIssues(period.from, period.to)[0]?.messageKey;

/** The preset periods: the last 3, 6 and 12 months, and this calendar year so far. */
export function presetPeriods(
  now: Date,
): { readonly name: 'last3' | 'last6' | 'last12' | 'thisYear'; readonly period: Period }[] {
  const to = monthOf(now);
  return [
    { name: 'last3', period: { from: addMonths(to, -2), to } },
    { name: 'last6', period: { from: addMonths(to, -5), to } },
    { name: 'last12', period: { from: addMonths(to, -11), to } },
    { name: 'thisYear', period: { from: `${to.slice(0, 4)}-01`, to } },
  ];
}

// ---- formats ------------------------------------------------------------------------------

/** What a missing figure (no replies, no answers...) shows. */
export const NO_VALUE = '–';

/** `2026-03` as `2026年3月` / `Mar 2026`. */
export const monthLabel = (month: Month, language: Language): string =>
  new Intl.DateTimeFormat(language, { year: 'numeric', month: 'short', timeZone: 'UTC' }).format(
    new Date(`${month}-01T00:00:00Z`),
  );

/** A count or measure in the language's digits grouping; `digits` decimals at most. */
export const formatNumber = (value: number | null | undefined, language: Language, digits = 0): string =>
  value === null || value === undefined
    ? NO_VALUE
    : new Intl.NumberFormat(language, { maximumFractionDigits: digits }).format(value);

/** A rate 0-1 as a percentage (`0.9231` -> `92.3%`). */
export const formatPercent = (rate: number | null | undefined, language: Language, digits = 1): string =>
  rate === null || rate === undefined
    ? NO_VALUE
    : new Intl.NumberFormat(language, {
        style: 'percent',
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      }).format(rate);

/** A signed score (NPS `-12.5`, `+40`). */
export const formatSigned = (value: number | null | undefined, language: Language, digits = 1): string =>
  value === null || value === undefined
    ? NO_VALUE
    : new Intl.NumberFormat(language, { maximumFractionDigits: digits, signDisplay: 'exceptZero' }).format(
        value,
      );

/** A rate 0-1 as a chart value 0-100 (one decimal; null stays a gap in the line). */
export const percentPoints = (rate: number | null): number | null =>
  rate === null ? null : Math.round(rate * 1000) / 10;

/** `part / whole`, null without a whole. */
export const share = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

// ---- summaries ----------------------------------------------------------------------------

export interface Extreme {
  readonly label: string;
  readonly value: number;
}

/** The lowest and highest value with its label (the first on ties), ignoring gaps. */
export function extremes(
  labels: readonly string[],
  values: readonly (number | null)[],
): { readonly lowest?: Extreme; readonly highest?: Extreme } {
  let lowest: Extreme | undefined;
  let highest: Extreme | undefined;
  values.forEach((value, i) => {
    if (value === null) return;
    const label = labels[i] ?? '';
    if (!lowest || value < lowest.value) lowest = { label, value };
    if (!highest || value > highest.value) highest = { label, value };
  });
  return { ...(lowest ? { lowest } : {}), ...(highest ? { highest } : {}) };
}

// ---- complaints ---------------------------------------------------------------------------

/** Nothing received in the period: the page says so instead of drawing empty charts. */
export const complaintsEmpty = (report: ComplaintReport): boolean => report.total.received === 0;

/** The complaint report as chart series, one value per month of the period. */
export function complaintSeries(report: ComplaintReport) {
  const months = report.months;
  const { closing, responsibility } = report.total;
  const classified = responsibility.customer + responsibility.internal;
  return {
    months: months.map((m) => m.month),
    received: months.map((m) => m.received),
    /** On-time reply rate in percent points; null for a month without replies. */
    onTimeRate: months.map((m) => percentPoints(m.replies.onTimeRate)),
    onTime: months.map((m) => m.replies.onTime),
    late: months.map((m) => m.replies.late),
    breaches: months.map((m) => m.replies.breaches),
    extensions: months.map((m) => m.replies.extensions),
    responsibility: {
      customer: responsibility.customer,
      internal: responsibility.internal,
      customerShare: share(responsibility.customer, classified),
      internalShare: share(responsibility.internal, classified),
      /** Received but not investigated yet (no responsibility decided). */
      undecided: Math.max(0, report.total.received - classified),
    },
    /** Closed complaints of the period by time to close: within 7, 30, 90 days, over 90. */
    closingBuckets: [closing.within7Days, closing.within30Days, closing.within90Days, closing.over90Days],
    closingShares: [closing.within7Days, closing.within30Days, closing.within90Days, closing.over90Days].map(
      (count) => share(count, closing.closed),
    ),
    capaRequested: months.map((m) => m.capa.requested),
    capaEffective: months.map((m) => m.capa.effective),
    capaFirstTimeEffective: months.map((m) => m.capa.firstTimeEffective),
    capaAverageRounds: months.map((m) => m.capa.averageRounds),
  };
}

/** The on-time target of the promise: every complaint answered within 2 working days. */
export const ON_TIME_TARGET = 100;

// ---- Pareto -------------------------------------------------------------------------------

/** The Pareto principle's cut: the few keys that make up 80% of the complaints. */
export const PARETO_CUT = 0.8;

export interface ParetoBar {
  readonly key: string;
  readonly count: number;
  /** count / total, 0-1. */
  readonly share: number;
  /** Running share, largest first, 0-1 (the Pareto line). */
  readonly cumulativeShare: number;
  /** Among the "vital few": the keys up to and including the one whose running share reaches 80%. */
  readonly vital: boolean;
  /** The bar of every key beyond the limit (`others`), always last. */
  readonly others: boolean;
}

export const paretoEmpty = (report: ParetoReport): boolean => report.total === 0;

/**
 * The Pareto bars: the API's items (already largest first) with the vital few marked, then one
 * bar for the keys beyond the limit, which brings the running share to 100%.
 */
export function paretoBars(report: ParetoReport): ParetoBar[] {
  let reached = false;
  const bars: ParetoBar[] = report.items.map((item) => {
    const vital = !reached;
    if (item.cumulativeShare >= PARETO_CUT) reached = true;
    return { ...item, vital, others: false };
  });
  if (report.others > 0) {
    bars.push({
      key: 'others',
      count: report.others,
      share: report.total > 0 ? report.others / report.total : 0,
      cumulativeShare: 1,
      vital: !reached,
      others: true,
    });
  }
  return bars;
}

/** How many keys make up the vital few, and their share of all complaints. */
export function vitalFew(bars: readonly ParetoBar[]): { readonly keys: number; readonly share: number } {
  const vital = bars.filter((bar) => bar.vital);
  return { keys: vital.length, share: vital.at(-1)?.cumulativeShare ?? 0 };
}

// ---- returns ------------------------------------------------------------------------------

export const returnsEmpty = (report: ReturnsReport): boolean =>
  report.total.deliveredUnits === 0 && report.total.returns === 0;

export function returnsSeries(report: ReturnsReport) {
  return {
    months: report.months.map((m) => m.month),
    deliveredUnits: report.months.map((m) => m.deliveredUnits),
    returns: report.months.map((m) => m.returns),
    returnedUnits: report.months.map((m) => m.returnedUnits),
    /** Return rate in percent points (2 decimals: rates are small); null without deliveries. */
    returnRate: report.months.map((m) =>
      m.returnRate === null ? null : Math.round(m.returnRate * 10000) / 100,
    ),
    /** The period's rate, for the reference line. */
    averageRate: report.total.returnRate === null ? null : Math.round(report.total.returnRate * 10000) / 100,
  };
}

// ---- satisfaction -------------------------------------------------------------------------

export const satisfactionEmpty = (report: SatisfactionReport): boolean =>
  report.total.csat.sent + report.total.csat.answered + report.total.nps.sent + report.total.nps.answered ===
  0;

export const CSAT_SCORES = [1, 2, 3, 4, 5] as const;

export function satisfactionSeries(report: SatisfactionReport) {
  const { csat, nps } = report.total;
  const npsAnswered = nps.promoters + nps.passives + nps.detractors;
  return {
    months: report.groups.map((g) => g.key),
    csatAverage: report.groups.map((g) => g.csat.average),
    csatAnswered: report.groups.map((g) => g.csat.answered),
    npsScore: report.groups.map((g) => g.nps.score),
    npsAnswered: report.groups.map((g) => g.nps.answered),
    csatDistribution: CSAT_SCORES.map((score) => csat.distribution[score]),
    csatDistributionShares: CSAT_SCORES.map((score) => share(csat.distribution[score], csat.answered)),
    npsBands: {
      promoters: nps.promoters,
      passives: nps.passives,
      detractors: nps.detractors,
      promoterShare: share(nps.promoters, npsAnswered),
      passiveShare: share(nps.passives, npsAnswered),
      detractorShare: share(nps.detractors, npsAnswered),
    },
  };
}

// ---- sorting (the office league table) ----------------------------------------------------

export type SortDirection = 'ascending' | 'descending';

/**
 * Rows sorted by a figure, stable; missing figures (null: no replies, no deliveries) last in
 * either direction, as they are no rank at all.
 */
export function sortRows<R>(
  rows: readonly R[],
  value: (row: R) => number | string | null,
  direction: SortDirection,
): R[] {
  const sign = direction === 'ascending' ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index, key: value(row) }))
    .sort((a, b) => {
      if (a.key === null || b.key === null) {
        return a.key === b.key ? a.index - b.index : a.key === null ? 1 : -1;
      }
      const order = a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
      return order * sign || a.index - b.index;
    })
    .map(({ row }) => row);
}

/** A rate 0-1 as a bar cell's width in percent (clamped; 0 for a missing figure). */
export const barWidth = (value: number | null, max = 1): number =>
  value === null || max <= 0 ? 0 : Math.max(0, Math.min(100, Math.round((value / max) * 1000) / 10));

// ---- the pages' own query parameters --------------------------------------------------------

/** The Pareto's dimension and length from the page's query (the API's defaults otherwise). */
export function paretoOptionsOf(query: URLSearchParams): {
  readonly by: ParetoDimension;
  readonly limit: number;
} {
  const by = query.get('by');
  const limit = Number(query.get('limit'));
  return {
    by: paretoDimensions.find((dimension) => dimension === by) ?? 'cause',
    limit: Number.isInteger(limit) && limit >= 1 && limit <= 100 ? limit : 20,
  };
}

/** The satisfaction page's grouping of its table (by month when not named). */
export const groupingOf = (query: URLSearchParams): SatisfactionGrouping =>
  reportGroupings.find((grouping) => grouping === query.get('groupBy')) ?? 'month';

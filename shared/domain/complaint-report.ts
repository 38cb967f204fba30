import type {
  ComplaintFigures,
  ComplaintReport,
  ParetoDimension,
  ParetoReport,
  ReturnsReport,
} from '../schemas/reports.ts';
import { type Month, monthsBetween } from './satisfaction-report.ts';

/**
 * The head-office reports (issue 7) from pre-aggregated counters: what each change adds, and the
 * figures a period of counters gives. No clock, no I/O.
 *
 * Complaints are a cohort: every figure, whenever its event happened, counts in the month
 * (Asia/Shanghai) the complaint was received, so a month's on-time rate, time to close and CAPA
 * effectiveness all describe the same complaints. Returns count in the month of the delivery
 * (units delivered) and of the request's submission (requests and units returned).
 */

/** The counters of one receipt month (`STATS#complaints` / `MONTH#2026-11`), each ADDed to. */
export const complaintCounterNames = [
  'received',
  'repliesOnTime',
  'repliesLate',
  'replyBreaches',
  'replyExtensions',
  'responsibleCustomer',
  'responsibleInternal',
  'closed',
  /** Whole minutes from receipt to archive, summed (integers: no float drift). */
  'closeMinutes',
  'closedWithin7Days',
  'closedWithin30Days',
  'closedWithin90Days',
  'closedOver90Days',
  'capaRequested',
  'capaEffective',
  'capaFirstTimeEffective',
  'capaVerificationRounds',
  'capaIneffectiveRounds',
] as const;
export type ComplaintCounterName = (typeof complaintCounterNames)[number];
export type ComplaintCounters = Partial<Record<ComplaintCounterName, number>>;

/** The counters of one month of the returns rate (`STATS#returns` / `MONTH#2026-11`). */
export const returnsCounterNames = ['deliveredUnits', 'returns', 'returnedUnits'] as const;
export type ReturnsCounterName = (typeof returnsCounterNames)[number];
export type ReturnsCounters = Partial<Record<ReturnsCounterName, number>>;

/** The key of a cause or factory not recorded (yet). */
export const UNKNOWN = 'unknown';

/** One complaint added to (`by` 1) or taken from (`by` -1) a Pareto key of its receipt month. */
export interface ParetoCount {
  readonly dimension: ParetoDimension;
  readonly key: string;
  readonly by: number;
}

/** What one change adds to its complaint's receipt-month counters and Pareto keys. */
export interface ComplaintStatChange {
  readonly counters?: ComplaintCounters;
  readonly pareto?: readonly ParetoCount[];
}

/** How a complaint is counted on the responsibility split and the cause and factory Pareto. */
export interface Classification {
  readonly responsibility?: 'customer' | 'internal';
  readonly cause: string;
  readonly factory: string;
}

/** A complaint before Quality's investigation: no responsibility, cause and factory `unknown`. */
export const unclassified: Classification = { cause: UNKNOWN, factory: UNKNOWN };

/**
 * How an investigation counts the complaint. One recorded before causes were asked for has no
 * `cause` and was never counted: it counts as unclassified.
 */
export function classificationOf(
  investigation:
    | { readonly responsibility: 'customer' | 'internal'; readonly cause?: string; readonly factory?: string }
    | undefined,
): Classification {
  if (!investigation?.cause) return unclassified;
  return {
    responsibility: investigation.responsibility,
    cause: investigation.cause,
    factory: investigation.factory ?? UNKNOWN,
  };
}

/**
 * A received complaint: counted once, under its product category and batch, with cause and
 * factory `unknown` until Quality's investigation moves it.
 */
export function intakeChange(complaint: {
  readonly category: string;
  readonly batch: string;
}): ComplaintStatChange {
  return {
    counters: { received: 1 },
    pareto: [
      { dimension: 'category', key: complaint.category, by: 1 },
      { dimension: 'batch', key: complaint.batch, by: 1 },
      { dimension: 'cause', key: UNKNOWN, by: 1 },
      { dimension: 'factory', key: UNKNOWN, by: 1 },
    ],
  };
}

const responsibilityCounter = {
  customer: 'responsibleCustomer',
  internal: 'responsibleInternal',
} as const satisfies Record<string, ComplaintCounterName>;

/**
 * An investigation (the first, or a repeated one after production sent it back): the complaint
 * moves from what it was counted as to what it is now, so it stays counted once. Nothing
 * changed: nothing to write.
 */
export function reclassification(previous: Classification, next: Classification): ComplaintStatChange {
  const counters: ComplaintCounters = {};
  if (previous.responsibility !== next.responsibility) {
    if (previous.responsibility) counters[responsibilityCounter[previous.responsibility]] = -1;
    if (next.responsibility) counters[responsibilityCounter[next.responsibility]] = 1;
  }
  const pareto: ParetoCount[] = [];
  for (const dimension of ['cause', 'factory'] as const) {
    if (previous[dimension] === next[dimension]) continue;
    pareto.push({ dimension, key: previous[dimension], by: -1 }, { dimension, key: next[dimension], by: 1 });
  }
  return { counters, pareto };
}

const DAY_MINUTES = 1440;

/**
 * The archive closes the complaint: counted with the whole minutes from receipt to archive and
 * in one bucket of time to close (within 7 days; more than 7 and at most 30; more than 30 and at
 * most 90; over 90), calendar days of 24 hours.
 */
export function closingChange(receivedAt: string, closedAt: string): ComplaintStatChange {
  const minutes = Math.max(0, Math.round((Date.parse(closedAt) - Date.parse(receivedAt)) / 60_000));
  const bucket: ComplaintCounterName =
    minutes <= 7 * DAY_MINUTES
      ? 'closedWithin7Days'
      : minutes <= 30 * DAY_MINUTES
        ? 'closedWithin30Days'
        : minutes <= 90 * DAY_MINUTES
          ? 'closedWithin90Days'
          : 'closedOver90Days';
  return { counters: { closed: 1, closeMinutes: minutes, [bucket]: 1 } };
}

/**
 * A verification of a CAPA round: an ineffective one counts as such; an effective one counts the
 * CAPA effective, first-time effective when it is round 1, and its rounds.
 */
export function verificationChange(result: 'effective' | 'ineffective', round: number): ComplaintStatChange {
  if (result === 'ineffective') return { counters: { capaIneffectiveRounds: 1 } };
  return {
    counters: {
      capaEffective: 1,
      capaVerificationRounds: round,
      ...(round === 1 ? { capaFirstTimeEffective: 1 } : {}),
    },
  };
}

// ---- the figures -------------------------------------------------------------------------

const round = (value: number, digits: number) => {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
};
const ratio = (part: number, whole: number, digits: number) =>
  whole > 0 ? round(part / whole, digits) : null;

function sum<N extends string>(names: readonly N[], all: readonly Partial<Record<N, number>>[]) {
  const total = Object.fromEntries(names.map((name) => [name, 0])) as Record<N, number>;
  for (const counters of all) for (const name of names) total[name] += counters[name] ?? 0;
  return total;
}

/** Adds complaint counters up (every counter, zero when absent). */
export const sumComplaintCounters = (all: readonly ComplaintCounters[]) => sum(complaintCounterNames, all);

/** The figures of a set of complaint counters: rates 4 decimals, average days 1, average rounds 2. */
export function complaintFiguresOf(c: Record<ComplaintCounterName, number>): ComplaintFigures {
  return {
    received: c.received,
    replies: {
      onTime: c.repliesOnTime,
      late: c.repliesLate,
      breaches: c.replyBreaches,
      extensions: c.replyExtensions,
      onTimeRate: ratio(c.repliesOnTime, c.repliesOnTime + c.repliesLate, 4),
    },
    responsibility: { customer: c.responsibleCustomer, internal: c.responsibleInternal },
    closing: {
      closed: c.closed,
      averageDays: ratio(c.closeMinutes, c.closed * DAY_MINUTES, 1),
      within7Days: c.closedWithin7Days,
      within30Days: c.closedWithin30Days,
      within90Days: c.closedWithin90Days,
      over90Days: c.closedOver90Days,
    },
    capa: {
      requested: c.capaRequested,
      effective: c.capaEffective,
      firstTimeEffective: c.capaFirstTimeEffective,
      firstTimeEffectiveRate: ratio(c.capaFirstTimeEffective, c.capaEffective, 4),
      verificationRounds: c.capaVerificationRounds,
      averageRounds: ratio(c.capaVerificationRounds, c.capaEffective, 2),
      ineffectiveRounds: c.capaIneffectiveRounds,
    },
  };
}

/** A month of counters as read. */
export interface MonthRow<C> {
  readonly month: Month;
  readonly counters: C;
}

/** A report period of months, inclusive. */
export interface Period {
  readonly from: Month;
  readonly to: Month;
}

const inPeriod = <R extends { readonly month: Month }>(rows: readonly R[], period: Period) =>
  rows.filter((row) => row.month >= period.from && row.month <= period.to);

/** The complaint report: every month of the period (zeros when nothing was received), and the total. */
export function complaintReport(
  rows: readonly MonthRow<ComplaintCounters>[],
  period: Period,
): ComplaintReport {
  const counted = inPeriod(rows, period);
  return {
    from: period.from,
    to: period.to,
    months: monthsBetween(period.from, period.to).map((month) => ({
      month,
      ...complaintFiguresOf(
        sumComplaintCounters(counted.filter((row) => row.month === month).map((row) => row.counters)),
      ),
    })),
    total: complaintFiguresOf(sumComplaintCounters(counted.map((row) => row.counters))),
  };
}

/** One Pareto key's count of one month as read. */
export interface ParetoRow {
  readonly month: Month;
  readonly key: string;
  readonly count: number;
}

/**
 * The Pareto table of one dimension: the keys' counts over the period, largest first (ties by
 * key, in code point order), each with its share of the total and the running share; keys beyond
 * `limit` are summed in `others`. Keys whose count moved away entirely (zero) are left out.
 */
export function paretoReport(
  rows: readonly ParetoRow[],
  query: Period & { readonly by: ParetoDimension; readonly limit: number },
): ParetoReport {
  const counts = new Map<string, number>();
  for (const row of inPeriod(rows, query)) counts.set(row.key, (counts.get(row.key) ?? 0) + row.count);
  const ranked = [...counts]
    .filter(([, count]) => count > 0)
    .sort(([keyA, a], [keyB, b]) => b - a || (keyA < keyB ? -1 : keyA > keyB ? 1 : 0));
  const total = ranked.reduce((all, [, count]) => all + count, 0);
  let running = 0;
  const items = ranked.slice(0, query.limit).map(([key, count]) => {
    running += count;
    return { key, count, share: round(count / total, 4), cumulativeShare: round(running / total, 4) };
  });
  return { by: query.by, from: query.from, to: query.to, total, items, others: total - running };
}

const returnsFiguresOf = (c: Record<ReturnsCounterName, number>) => ({
  deliveredUnits: c.deliveredUnits,
  returns: c.returns,
  returnedUnits: c.returnedUnits,
  returnRate: ratio(c.returnedUnits, c.deliveredUnits, 4),
});

/** The returns rate: every month of the period (zeros without counts), and the total. */
export function returnsReport(rows: readonly MonthRow<ReturnsCounters>[], period: Period): ReturnsReport {
  const counted = inPeriod(rows, period);
  const total = (of: readonly MonthRow<ReturnsCounters>[]) =>
    returnsFiguresOf(
      sum(
        returnsCounterNames,
        of.map((row) => row.counters),
      ),
    );
  return {
    from: period.from,
    to: period.to,
    months: monthsBetween(period.from, period.to).map((month) => ({
      month,
      ...total(counted.filter((row) => row.month === month)),
    })),
    total: total(counted),
  };
}

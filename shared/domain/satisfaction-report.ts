import { shanghaiDate } from '../calendar/plain-date.ts';
import type { FieldIssue } from '../errors.ts';
import type { FollowUpAnswer, SurveyAnswer, SurveyKind } from '../schemas/surveys.ts';

/**
 * The satisfaction report (满意度、忠诚度调查, requirements.md §2) from pre-aggregated counters:
 * what one sent survey or one answer adds, and the figures a period of counters gives.
 * Sends count in the month of sending, answers in the month of the answer (Asia/Shanghai), so
 * a month's response rate compares that month's answers with that month's sends.
 */

/** The counters one counter item can hold, each ADDed to. */
export const counterNames = [
  'csatSent',
  'csatAnswered',
  'csatScoreSum',
  'csatScore1',
  'csatScore2',
  'csatScore3',
  'csatScore4',
  'csatScore5',
  'npsSent',
  'npsAnswered',
  'npsScoreSum',
  'npsPromoters',
  'npsPassives',
  'npsDetractors',
  'checkInSent',
  'checkInAnswered',
  'checkInProblems',
  'checkInInspectionsWanted',
  'warrantyInspectionSent',
  'warrantyInspectionAnswered',
  'warrantyInspectionProblems',
  'warrantyInspectionInspectionsWanted',
] as const;
export type CounterName = (typeof counterNames)[number];
export type Counters = Partial<Record<CounterName, number>>;

/** `2026-11`: the Shanghai month an instant falls in. */
export type Month = string;
export const monthOf = (instant: string | Date): Month =>
  shanghaiDate(typeof instant === 'string' ? new Date(instant) : instant).slice(0, 7);

/** What sending a survey or follow-up adds. */
export const sentIncrements = (kind: SurveyKind): Counters => ({ [`${kind}Sent`]: 1 });

/** NPS bands: promoters 9-10, passives 7-8, detractors 0-6. */
export type NpsBand = 'promoter' | 'passive' | 'detractor';
export const npsBand = (score: number): NpsBand =>
  score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor';

const isScore = (answer: SurveyAnswer | FollowUpAnswer): answer is SurveyAnswer => 'score' in answer;

/**
 * What one answer adds. An answer that does not fit its kind (a CSAT score outside 1-5, a
 * follow-up answer to a survey) throws RangeError: the counters would no longer add up.
 */
export function answerIncrements(kind: SurveyKind, answer: SurveyAnswer | FollowUpAnswer): Counters {
  if (kind === 'csat' || kind === 'nps') {
    if (!isScore(answer)) throw new RangeError(`a ${kind} answer needs a score`);
    const { score } = answer;
    const range = kind === 'csat' ? [1, 5] : [0, 10];
    if (!Number.isInteger(score) || score < (range[0] ?? 0) || score > (range[1] ?? 0)) {
      throw new RangeError(`${kind} score ${score} is outside ${range.join('-')}`);
    }
    if (kind === 'csat') return { csatAnswered: 1, csatScoreSum: score, [`csatScore${score}`]: 1 };
    const band = { promoter: 'npsPromoters', passive: 'npsPassives', detractor: 'npsDetractors' } as const;
    return { npsAnswered: 1, npsScoreSum: score, [band[npsBand(score)]]: 1 };
  }
  if (isScore(answer)) throw new RangeError(`a ${kind} answer has a status, not a score`);
  return {
    [`${kind}Answered`]: 1,
    ...(answer.status === 'problem' ? { [`${kind}Problems`]: 1 } : {}),
    ...(answer.status === 'inspectionWanted' ? { [`${kind}InspectionsWanted`]: 1 } : {}),
  };
}

/** The groupings the report offers. */
export const reportGroupings = ['month', 'office', 'category', 'tier'] as const;
export type ReportGrouping = (typeof reportGroupings)[number];

/** One counter item as read: its month, the value of its grouping (office id, category...) and counts. */
export interface CounterRow {
  readonly month: Month;
  readonly value: string;
  readonly counters: Counters;
}

export interface CsatFigures {
  readonly sent: number;
  readonly answered: number;
  /** answered / sent, 4 decimals; null when nothing was sent. */
  readonly responseRate: number | null;
  /** Mean score 1-5, 2 decimals; null without answers. */
  readonly average: number | null;
  readonly distribution: {
    readonly 1: number;
    readonly 2: number;
    readonly 3: number;
    readonly 4: number;
    readonly 5: number;
  };
}
export interface NpsFigures {
  readonly sent: number;
  readonly answered: number;
  readonly responseRate: number | null;
  /** % promoters - % detractors (-100..100), 1 decimal; null without answers. */
  readonly score: number | null;
  readonly promoters: number;
  readonly passives: number;
  readonly detractors: number;
  /** Mean score 0-10, 2 decimals; null without answers. */
  readonly average: number | null;
}
export interface FollowUpFigures {
  readonly sent: number;
  readonly answered: number;
  readonly responseRate: number | null;
  /** Answers reporting a problem with the delivered products. */
  readonly problems: number;
  /** Answers asking for an inspection. */
  readonly inspectionsWanted: number;
}
export interface SatisfactionFigures {
  readonly csat: CsatFigures;
  readonly nps: NpsFigures;
  readonly checkIn: FollowUpFigures;
  readonly warrantyInspection: FollowUpFigures;
}
export interface SatisfactionGroup extends SatisfactionFigures {
  /** The month (`2026-11`), office id, product category (`none` for surveys without one) or tier. */
  readonly key: string;
}
export interface SatisfactionReport {
  readonly from: Month;
  readonly to: Month;
  readonly groupBy: ReportGrouping;
  /** Every month of the period when grouped by month; otherwise the values that have counts, sorted. */
  readonly groups: readonly SatisfactionGroup[];
  readonly total: SatisfactionFigures;
}

const round = (value: number, digits: number) => {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
};
const ratio = (part: number, whole: number, digits: number) =>
  whole > 0 ? round(part / whole, digits) : null;

/** Adds counters up. */
export function sumCounters(all: readonly Counters[]): Required<Counters> {
  const total = Object.fromEntries(counterNames.map((name) => [name, 0])) as Record<CounterName, number>;
  for (const counters of all) for (const name of counterNames) total[name] += counters[name] ?? 0;
  return total;
}

const followUpFigures = (c: Required<Counters>, kind: 'checkIn' | 'warrantyInspection'): FollowUpFigures => ({
  sent: c[`${kind}Sent`],
  answered: c[`${kind}Answered`],
  responseRate: ratio(c[`${kind}Answered`], c[`${kind}Sent`], 4),
  problems: c[`${kind}Problems`],
  inspectionsWanted: c[`${kind}InspectionsWanted`],
});

/** The figures of a set of counters: CSAT average and distribution, NPS, response rates. */
export function figuresOf(counters: Required<Counters>): SatisfactionFigures {
  const c = counters;
  const npsScore =
    c.npsAnswered > 0 ? round(((c.npsPromoters - c.npsDetractors) / c.npsAnswered) * 100, 1) : null;
  return {
    csat: {
      sent: c.csatSent,
      answered: c.csatAnswered,
      responseRate: ratio(c.csatAnswered, c.csatSent, 4),
      average: ratio(c.csatScoreSum, c.csatAnswered, 2),
      distribution: { 1: c.csatScore1, 2: c.csatScore2, 3: c.csatScore3, 4: c.csatScore4, 5: c.csatScore5 },
    },
    nps: {
      sent: c.npsSent,
      answered: c.npsAnswered,
      responseRate: ratio(c.npsAnswered, c.npsSent, 4),
      score: npsScore,
      promoters: c.npsPromoters,
      passives: c.npsPassives,
      detractors: c.npsDetractors,
      average: ratio(c.npsScoreSum, c.npsAnswered, 2),
    },
    checkIn: followUpFigures(c, 'checkIn'),
    warrantyInspection: followUpFigures(c, 'warrantyInspection'),
  };
}

const monthIndex = (month: Month) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
const monthAt = (index: number): Month =>
  `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;

/** The month `count` months after (or with a negative count, before) `month`. */
export const addMonths = (month: Month, count: number): Month => monthAt(monthIndex(month) + count);

/** The months from `from` to `to` inclusive (`2026-11`, `2026-12`, `2027-01`...). */
export function monthsBetween(from: Month, to: Month): Month[] {
  const months: Month[] = [];
  for (let i = monthIndex(from); i <= monthIndex(to); i += 1) months.push(monthAt(i));
  return months;
}

/** The longest period one report covers: three years. */
export const MAX_REPORT_MONTHS = 36;

/** A report period runs forwards and covers at most MAX_REPORT_MONTHS months (each a 422 naming `from`). */
export function reportPeriodIssues(from: Month, to: Month): FieldIssue[] {
  if (from > to) return [{ field: 'query.from', code: 'after_to', messageKey: 'report.rangeReversed' }];
  if (monthIndex(to) - monthIndex(from) + 1 > MAX_REPORT_MONTHS) {
    return [{ field: 'query.from', code: 'range_too_long', messageKey: 'report.rangeTooLong' }];
  }
  return [];
}

/**
 * The report of a period from counter rows of one grouping (rows outside the period are
 * ignored). Grouped by month, each month of the period is a group, with zeros when nothing
 * happened; grouped otherwise, each value with counts is a group over the whole period.
 */
export function satisfactionReport(
  rows: readonly CounterRow[],
  period: { readonly from: Month; readonly to: Month; readonly groupBy: ReportGrouping },
): SatisfactionReport {
  const inPeriod = rows.filter((row) => row.month >= period.from && row.month <= period.to);
  const keyOf = (row: CounterRow) => (period.groupBy === 'month' ? row.month : row.value);
  const keys =
    period.groupBy === 'month'
      ? monthsBetween(period.from, period.to)
      : [...new Set(inPeriod.map(keyOf))].sort();
  const groups = keys.map((key) => ({
    key,
    ...figuresOf(sumCounters(inPeriod.filter((row) => keyOf(row) === key).map((row) => row.counters))),
  }));
  return {
    from: period.from,
    to: period.to,
    groupBy: period.groupBy,
    groups,
    total: figuresOf(sumCounters(inPeriod.map((row) => row.counters))),
  };
}

/**
 * The office league table (requirements.md §2: one service standard for head office and every
 * regional office, supervised) from pre-aggregated monthly counters: no clock, no I/O.
 *
 * Sorting (documented in docs/api.md): SLA compliance (complaint first replies on time / all first
 * replies) descending, offices without replies last; ties by complaints per 100 deliveries
 * ascending (none last), then by office id.
 */

/**
 * What the office league table counts, per office and month (Asia/Shanghai), kept up to date in
 * the transaction of the change it counts (GET /v1/reports/offices reads only these):
 * - `serviceRequests`: service requests received;
 * - `firstResponses`, `firstResponseMinutes`, `firstResponsesInTarget`: service requests triaged,
 *   the minutes from receipt to triage, and how many within the office standard's target;
 * - `visits`, `visitWorkingDays`, `visitsInTarget`: visits completed, working days from receipt
 *   to the visit, and how many within the standard;
 * - `complaints`, `repliesOnTime`, `repliesLate`: complaints received and their first replies;
 * - `deliveries`: deliveries accepted (the denominator of complaints per 100 deliveries);
 * - `returns`, `returnedUnits`, `deliveredUnits`: return requests, units returned, units delivered.
 */
export const officeStats = [
  'serviceRequests',
  'firstResponses',
  'firstResponseMinutes',
  'firstResponsesInTarget',
  'visits',
  'visitWorkingDays',
  'visitsInTarget',
  'complaints',
  'repliesOnTime',
  'repliesLate',
  'deliveries',
  'returns',
  'returnedUnits',
  'deliveredUnits',
] as const;
export type OfficeStat = (typeof officeStats)[number];
export type OfficeCounters = Partial<Record<OfficeStat, number>>;

/** One office's counters of one month (`2026-11`). */
export interface OfficeStatRow {
  readonly officeId: string;
  readonly month: string;
  readonly counters: OfficeCounters;
}

/** What an office's standard sets as targets (the league table shows them beside the figures). */
export interface LeagueTargets {
  readonly firstResponse: { readonly value: number; readonly unit: 'workingHours' | 'workingDays' };
  readonly visitWithinWorkingDays: number;
  readonly complaintReplyWorkingDays: number;
  readonly csatTarget: number;
}

/** Everything the table needs of one office, read from counters and the office's items. */
export interface LeagueInput<Note> {
  readonly office: { readonly id: string; readonly name: string; readonly region: string };
  readonly rows: readonly Pick<OfficeStatRow, 'month' | 'counters'>[];
  /** The office's CSAT counters of the period (satisfaction counters, by-office slice). */
  readonly csat: { readonly answered: number; readonly scoreSum: number };
  readonly targets: LeagueTargets;
  /** The latest supervision notes, newest first. */
  readonly notes: readonly Note[];
}

export interface LeagueFigures {
  readonly counts: Record<OfficeStat, number>;
  readonly firstResponse: {
    readonly count: number;
    /** Mean minutes from receipt to first response, 1 decimal; null without responses. */
    readonly averageMinutes: number | null;
    /** Share within the standard's target (0-1, 4 decimals); null without responses. */
    readonly inTargetRate: number | null;
  };
  readonly visits: {
    readonly count: number;
    readonly averageWorkingDays: number | null;
    readonly inTargetRate: number | null;
  };
  readonly complaints: {
    readonly received: number;
    readonly repliesOnTime: number;
    readonly repliesLate: number;
    /** First replies on time / all first replies (0-1, 4 decimals); null without replies. */
    readonly slaCompliance: number | null;
    /** Complaints received per 100 deliveries, 2 decimals; null without deliveries. */
    readonly per100Deliveries: number | null;
  };
  readonly returns: {
    readonly count: number;
    readonly returnedUnits: number;
    readonly deliveredUnits: number;
    /** Returned units / delivered units (0-1, 4 decimals); null without delivered units. */
    readonly returnRate: number | null;
  };
  readonly csat: { readonly answered: number; readonly average: number | null };
}

export interface LeagueRow<Note> extends LeagueFigures {
  readonly rank: number;
  readonly office: LeagueInput<Note>['office'];
  readonly targets: LeagueTargets;
  readonly csatMeetsTarget: boolean | null;
  readonly latestNotes: readonly Note[];
}

export interface OfficeLeague<Note> {
  readonly from: string;
  readonly to: string;
  readonly offices: readonly LeagueRow<Note>[];
  /** All listed offices together. */
  readonly total: LeagueFigures;
}

const round = (value: number, digits: number) => {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
};
const ratio = (part: number, whole: number, digits: number) =>
  whole > 0 ? round(part / whole, digits) : null;

/** Adds office counters up (every counter, zero when absent). */
export function sumOfficeCounters(all: readonly OfficeCounters[]): Record<OfficeStat, number> {
  const total = Object.fromEntries(officeStats.map((name) => [name, 0])) as Record<OfficeStat, number>;
  for (const counters of all) for (const name of officeStats) total[name] += counters[name] ?? 0;
  return total;
}

/** The figures of a set of counters and CSAT counters. */
export function leagueFigures(
  c: Record<OfficeStat, number>,
  csat: { readonly answered: number; readonly scoreSum: number },
): LeagueFigures {
  const replies = c.repliesOnTime + c.repliesLate;
  return {
    counts: c,
    firstResponse: {
      count: c.firstResponses,
      averageMinutes: ratio(c.firstResponseMinutes, c.firstResponses, 1),
      inTargetRate: ratio(c.firstResponsesInTarget, c.firstResponses, 4),
    },
    visits: {
      count: c.visits,
      averageWorkingDays: ratio(c.visitWorkingDays, c.visits, 2),
      inTargetRate: ratio(c.visitsInTarget, c.visits, 4),
    },
    complaints: {
      received: c.complaints,
      repliesOnTime: c.repliesOnTime,
      repliesLate: c.repliesLate,
      slaCompliance: ratio(c.repliesOnTime, replies, 4),
      per100Deliveries: c.deliveries > 0 ? round((c.complaints / c.deliveries) * 100, 2) : null,
    },
    returns: {
      count: c.returns,
      returnedUnits: c.returnedUnits,
      deliveredUnits: c.deliveredUnits,
      returnRate: ratio(c.returnedUnits, c.deliveredUnits, 4),
    },
    csat: { answered: csat.answered, average: ratio(csat.scoreSum, csat.answered, 2) },
  };
}

/** Descending with nulls last (`desc`), or ascending with nulls last. */
const compareNullable = (a: number | null, b: number | null, desc: boolean) => {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return desc ? b - a : a - b;
};

/** The league table of a period (`2026-01`..`2026-12`); counter rows outside it are ignored. */
export function officeLeague<Note>(
  inputs: readonly LeagueInput<Note>[],
  period: { readonly from: string; readonly to: string },
  notesShown = 3,
): OfficeLeague<Note> {
  const inPeriod = (rows: LeagueInput<Note>['rows']) =>
    rows.filter((row) => row.month >= period.from && row.month <= period.to).map((row) => row.counters);
  const rows = inputs.map((input) => {
    const figures = leagueFigures(sumOfficeCounters(inPeriod(input.rows)), input.csat);
    return {
      office: input.office,
      ...figures,
      targets: input.targets,
      csatMeetsTarget:
        figures.csat.average === null ? null : figures.csat.average >= input.targets.csatTarget,
      latestNotes: input.notes.slice(0, notesShown),
    };
  });
  rows.sort(
    (a, b) =>
      compareNullable(a.complaints.slaCompliance, b.complaints.slaCompliance, true) ||
      compareNullable(a.complaints.per100Deliveries, b.complaints.per100Deliveries, false) ||
      (a.office.id < b.office.id ? -1 : a.office.id > b.office.id ? 1 : 0),
  );
  const total = leagueFigures(sumOfficeCounters(inputs.flatMap((input) => inPeriod(input.rows))), {
    answered: inputs.reduce((sum, input) => sum + input.csat.answered, 0),
    scoreSum: inputs.reduce((sum, input) => sum + input.csat.scoreSum, 0),
  });
  return {
    from: period.from,
    to: period.to,
    offices: rows.map((row, index) => ({ rank: index + 1, ...row })),
    total,
  };
}

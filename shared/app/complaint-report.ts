import { complaintReport, type Period, paretoReport, returnsReport } from '../domain/complaint-report.ts';
import { addMonths, monthOf, reportPeriodIssues } from '../domain/satisfaction-report.ts';
import { ValidationError } from '../errors.ts';
import type {
  ComplaintReport,
  ParetoQuery,
  ParetoReport,
  ReportPeriodQuery,
  ReturnsReport,
} from '../schemas/reports.ts';
import { readComplaintMonths, readParetoRows, readReturnsMonths } from '../store/report-stats.ts';

/** The months asked for: by default the 12 up to the current one (Asia/Shanghai); at most 36 (422 naming `from`). */
export function periodOf(query: ReportPeriodQuery, now: Date): Period {
  const to = query.to ?? monthOf(now);
  const from = query.from ?? addMonths(to, -11);
  const issues = reportPeriodIssues(from, to);
  if (issues.length > 0) throw new ValidationError('bad report period', { issues });
  return { from, to };
}

/**
 * The complaint report (issue 7) of complaints received in the period: replies on time against
 * the 2-working-day rule, responsibility, time to close, CAPA effectiveness. Reads the months'
 * counters only (shared/store/report-stats.ts).
 */
export async function complaintReportFor(query: ReportPeriodQuery, now: Date): Promise<ComplaintReport> {
  const period = periodOf(query, now);
  return complaintReport(await readComplaintMonths(period.from, period.to), period);
}

/** The Pareto table of complaints received in the period by cause, category, batch or factory. */
export async function complaintParetoFor(query: ParetoQuery, now: Date): Promise<ParetoReport> {
  const period = periodOf(query, now);
  const rows = await readParetoRows(query.by, period.from, period.to);
  return paretoReport(rows, { ...period, by: query.by, limit: query.limit });
}

/** The returns rate of the period: units returned against units delivered, per month. */
export async function returnsReportFor(query: ReportPeriodQuery, now: Date): Promise<ReturnsReport> {
  const period = periodOf(query, now);
  return returnsReport(await readReturnsMonths(period.from, period.to), period);
}

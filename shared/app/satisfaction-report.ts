import {
  addMonths,
  monthOf,
  type ReportGrouping,
  reportPeriodIssues,
  type SatisfactionReport,
  satisfactionReport,
} from '../domain/satisfaction-report.ts';
import { ValidationError } from '../errors.ts';
import { officeScope, type StaffCaller } from '../http/roles.ts';
import type { SatisfactionReportQuery } from '../schemas/reports.ts';
import { readCounterRows, type StatsDimension, type StatsScope } from '../store/satisfaction-stats.ts';

/** The counter slice a report reads (shared/store/satisfaction-stats.ts), for everyone or one office. */
function sliceFor(
  groupBy: ReportGrouping,
  office: string | undefined,
): { scope: StatsScope; dimension: StatsDimension; value?: string } {
  if (office === undefined) return { scope: 'all', dimension: groupBy === 'month' ? 'overall' : groupBy };
  // One office: its own row of the by-office slice, or its own by-category and by-tier slices.
  if (groupBy === 'month' || groupBy === 'office')
    return { scope: 'all', dimension: 'office', value: office };
  return { scope: `office:${office}`, dimension: groupBy };
}

/**
 * The satisfaction report (requirements.md §2: offices' satisfaction supervised) of a period of
 * months, read from the counters: CSAT, NPS and follow-ups with response rates, by month, office,
 * product category or tier. The period defaults to the 12 months up to the current one (Asia/Shanghai).
 * Office users get their own office's figures only.
 */
export async function satisfactionReportFor(
  query: SatisfactionReportQuery,
  caller: StaffCaller,
  now: Date,
): Promise<SatisfactionReport & { office?: string }> {
  const to = query.to ?? monthOf(now);
  const from = query.from ?? addMonths(to, -11);
  const issues = reportPeriodIssues(from, to);
  if (issues.length > 0) throw new ValidationError('bad report period', { issues });
  const office = officeScope(caller);
  const rows = await readCounterRows(sliceFor(query.groupBy, office), from, to);
  const report = satisfactionReport(rows, { from, to, groupBy: query.groupBy });
  return office === undefined ? report : { ...report, office };
}

import { type OfficeLeague, officeLeague } from '../domain/office-league.ts';
import { addMonths, monthOf, reportPeriodIssues } from '../domain/satisfaction-report.ts';
import { ValidationError } from '../errors.ts';
import { officeScope, type StaffCaller } from '../http/roles.ts';
import type { OfficeLeagueQuery, SupervisionNote } from '../schemas/offices.ts';
import { readOfficeStatRows } from '../store/office-stats.ts';
import { listOffices, listSupervisionNotes } from '../store/offices.ts';
import { readCounterRows } from '../store/satisfaction-stats.ts';
import { officeStandard } from './office-standards.ts';

/** How many of an office's newest supervision notes the table shows. */
const NOTES_SHOWN = 3;

/**
 * The office league table of a period of months (requirements.md §2: offices' service supervised),
 * read from counters only: each office's monthly counters (one Query per office), the by-office
 * CSAT counters (one Query), the standards and the newest notes. The period defaults to the 12
 * months up to the current one (Asia/Shanghai). Office users get their own office's row only.
 */
export async function officeLeagueFor(
  query: OfficeLeagueQuery,
  caller: StaffCaller,
  now: Date,
): Promise<OfficeLeague<SupervisionNote> & { office?: string }> {
  const to = query.to ?? monthOf(now);
  const from = query.from ?? addMonths(to, -11);
  const issues = reportPeriodIssues(from, to);
  if (issues.length > 0) throw new ValidationError('bad report period', { issues });
  const scope = officeScope(caller);
  const offices = (await listOffices()).filter((office) => scope === undefined || office.id === scope);
  const csatRows = await readCounterRows(
    { scope: 'all', dimension: 'office', ...(scope !== undefined ? { value: scope } : {}) },
    from,
    to,
  );
  const inputs = await Promise.all(
    offices.map(async (office) => {
      const [rows, standard, notes] = await Promise.all([
        readOfficeStatRows(office.id, from, to),
        officeStandard(office.id),
        listSupervisionNotes(office.id, NOTES_SHOWN),
      ]);
      const csat = csatRows.filter((row) => row.value === office.id);
      return {
        office: { id: office.id, name: office.name, region: office.region },
        rows,
        csat: {
          answered: csat.reduce((sum, row) => sum + (row.counters.csatAnswered ?? 0), 0),
          scoreSum: csat.reduce((sum, row) => sum + (row.counters.csatScoreSum ?? 0), 0),
        },
        targets: {
          firstResponse: standard.firstResponse,
          visitWithinWorkingDays: standard.visitWithinWorkingDays,
          complaintReplyWorkingDays: standard.complaintReplyWorkingDays,
          csatTarget: standard.csatTarget,
        },
        notes: notes.items,
      };
    }),
  );
  const league = officeLeague(inputs, { from, to }, NOTES_SHOWN);
  return scope === undefined ? league : { ...league, office: scope };
}

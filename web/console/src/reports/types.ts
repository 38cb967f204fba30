import type { z } from 'zod';
import type { officeLeagueSchema } from '../../../../shared/schemas/offices.ts';
import type {
  ComplaintReport,
  ParetoDimension,
  ParetoReport,
  ReturnsReport,
  satisfactionReportSchema,
} from '../../../../shared/schemas/reports.ts';

/** The API's report bodies, as their response schemas define them (types only: no zod in the bundle from here). */
export type { ComplaintReport, ParetoDimension, ParetoReport, ReturnsReport };
export type SatisfactionReport = z.infer<typeof satisfactionReportSchema>;
export type SatisfactionFigures = SatisfactionReport['total'];
export type SatisfactionGrouping = SatisfactionReport['groupBy'];
export type OfficeLeague = z.infer<typeof officeLeagueSchema>;
export type OfficeLeagueRow = OfficeLeague['offices'][number];

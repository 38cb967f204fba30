import {
  complaintParetoFor,
  complaintReportFor,
  returnsReportFor,
} from '../../shared/app/complaint-report.ts';
import { listOldLots, partsReportFor } from '../../shared/app/parts-report.ts';
import { satisfactionReportFor } from '../../shared/app/satisfaction-report.ts';
import { areaHandler } from '../../shared/http/handler.ts';
import { ok } from '../../shared/http/result.ts';
import type { StaffCaller } from '../../shared/http/roles.ts';

/** Management reports, read from pre-aggregated counters. Staff only. */
export const handler = areaHandler('reports', {
  getSatisfactionReport: async ({ query, caller, now }) =>
    ok(await satisfactionReportFor(query, caller as StaffCaller, now)),
  getComplaintReport: async ({ query, now }) => ok(await complaintReportFor(query, now)),
  getComplaintPareto: async ({ query, now }) => ok(await complaintParetoFor(query, now)),
  getReturnsReport: async ({ query, now }) => ok(await returnsReportFor(query, now)),
  getPartsReport: async ({ query, now }) => ok(await partsReportFor(query, now)),
  listOldLots: async ({ query, now }) => ok(await listOldLots(query, now)),
});

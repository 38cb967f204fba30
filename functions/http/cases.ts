import { getCaseWithTimeline, listCaseSummaries } from '../../shared/app/read-cases.ts';
import { areaHandler } from '../../shared/http/handler.ts';
import { ok } from '../../shared/http/result.ts';
import type { Caller, StaffCaller } from '../../shared/http/roles.ts';
import type { CaseKind, CaseListQuery } from '../../shared/schemas/cases.ts';

// Staff routes only run behind the authorizer: the caller is always staff here.
const list = (kind: CaseKind) => async (request: { query: CaseListQuery; caller: Caller }) =>
  ok(await listCaseSummaries(kind, request.query, request.caller as StaffCaller));
const get = (kind: CaseKind) => async (request: { params: { id: string }; caller: Caller }) =>
  ok(await getCaseWithTimeline(kind, request.params.id, request.caller));

/** Staff reads of complaints, inquiries and service requests, with their audit timelines. */
export const handler = areaHandler('cases', {
  listComplaints: list('complaint'),
  getComplaint: get('complaint'),
  listInquiries: list('inquiry'),
  getInquiry: get('inquiry'),
  listServiceRequests: list('serviceRequest'),
  getServiceRequest: get('serviceRequest'),
});

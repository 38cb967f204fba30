import { versionFromIfMatch } from '../../shared/app/customers.ts';
import {
  assignServiceRequest,
  cancelServiceRequest,
  closeServiceRequest,
  completeServiceRequest,
  decideServiceQuote,
  quoteServiceRequest,
  reportServiceVisit,
  type ServiceActionContext,
  scheduleServiceVisit,
  serviceRequestView,
  triageServiceRequest,
} from '../../shared/app/service-requests.ts';
import { areaHandler, type HttpRequest } from '../../shared/http/handler.ts';
import { ok } from '../../shared/http/result.ts';
import type { StaffCaller } from '../../shared/http/roles.ts';
import type { RouteDefinition } from '../../shared/http/route.ts';
import type { CaseRecord } from '../../shared/store/cases.ts';

const contextOf = ({ caller, headers, now }: HttpRequest<RouteDefinition>): ServiceActionContext => ({
  caller: caller as StaffCaller,
  expectedVersion: versionFromIfMatch(headers['if-match']),
  now,
});

const answer = async (record: CaseRecord) =>
  ok(await serviceRequestView(record), { ETag: `"${record.version}"` });

/** Service requests after intake (area `service`): triage, quotes, assignment, visits, visit reports, completion. */
export const handler = areaHandler('service', {
  triageServiceRequest: async (request) =>
    answer(await triageServiceRequest(request.params.id, request.body, contextOf(request))),
  quoteServiceRequest: async (request) =>
    answer(await quoteServiceRequest(request.params.id, request.body, contextOf(request))),
  decideServiceQuote: async (request) =>
    answer(await decideServiceQuote(request.params.id, request.body, contextOf(request))),
  assignServiceRequest: async (request) =>
    answer(await assignServiceRequest(request.params.id, request.body, contextOf(request))),
  scheduleServiceVisit: async (request) =>
    answer(await scheduleServiceVisit(request.params.id, request.body, contextOf(request))),
  reportServiceVisit: async (request) =>
    answer(await reportServiceVisit(request.params.id, request.body, contextOf(request))),
  completeServiceRequest: async (request) =>
    answer(await completeServiceRequest(request.params.id, request.body, contextOf(request))),
  closeServiceRequest: async (request) =>
    answer(await closeServiceRequest(request.params.id, request.body, contextOf(request))),
  cancelServiceRequest: async (request) =>
    answer(await cancelServiceRequest(request.params.id, request.body, contextOf(request))),
});

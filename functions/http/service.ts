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

/** One action on a service request: the record it returns goes back with its version as ETag. */
const action =
  <B>(run: (id: string, body: B, context: ServiceActionContext) => Promise<CaseRecord>) =>
  async (request: HttpRequest<RouteDefinition> & { readonly params: { id: string }; readonly body: B }) => {
    const record = await run(request.params.id, request.body, contextOf(request));
    return ok(await serviceRequestView(record), { ETag: `"${record.version}"` });
  };

/** Service requests after intake (area `service`): triage, quotes, assignment, visits, visit reports, completion. */
export const handler = areaHandler('service', {
  triageServiceRequest: action(triageServiceRequest),
  quoteServiceRequest: action(quoteServiceRequest),
  decideServiceQuote: action(decideServiceQuote),
  assignServiceRequest: action(assignServiceRequest),
  scheduleServiceVisit: action(scheduleServiceVisit),
  reportServiceVisit: action(reportServiceVisit),
  completeServiceRequest: action(completeServiceRequest),
  closeServiceRequest: action(closeServiceRequest),
  cancelServiceRequest: action(cancelServiceRequest),
});

import type { z } from 'zod';
import { idParams } from '../../schemas/cases.ts';
import {
  assignInput,
  cancelInput,
  noteInput,
  quoteDecisionInput,
  quoteInput,
  scheduleVisitInput,
  serviceRequestView,
  triageInput,
  visitReportInput,
} from '../../schemas/service-requests.ts';
import type { Role } from '../roles.ts';
import { type RouteDefinition, route, staffAccess } from '../route.ts';

/** Who moves a service request along: Customer Service, the offices (their own requests), managers, admins. */
export const serviceRoles: Role[] = ['customer-service', 'office', 'manager', 'admin'];

const ifMatch = [
  {
    name: 'If-Match',
    description: 'The version last read (ETag); a stale version gets 412, nothing written',
  },
];
const common =
  "Office users act on their own office's requests only (404 otherwise, nothing written). A status that does " +
  'not allow the action is 409 (`/v1/docs#problem-service-transition`); the lifecycle is in docs/api.md.';

/** One lifecycle action: POST `/v1/service-requests/{id}/<segment>` with `body`, answering the updated request. */
const action = <B extends z.ZodType>(segment: string, summary: string, description: string, body: B) =>
  route({
    method: 'POST',
    path: `/v1/service-requests/{id}/${segment}`,
    area: 'service',
    summary,
    description: `${description} ${common}`,
    access: staffAccess(...serviceRoles),
    headers: ifMatch,
    params: idParams,
    body,
    responses: {
      200: {
        description: 'The updated service request (`ETag`: its new version)',
        schema: serviceRequestView,
      },
    },
  });

/** Service requests after intake (area `service`): triage, quotes, assignment, visits, visit reports, completion. Part of the route registry (shared/http/routes.ts). */
export const serviceRequestRoutes = {
  triageServiceRequest: action(
    'triage',
    'Triage a free repair (RECEIVED → TRIAGED)',
    "The first response to a request within the 2-year warranty (or with an unknown warranty); counted as the office's first response. A chargeable request is quoted instead (409).",
    triageInput,
  ),
  quoteServiceRequest: action(
    'quote',
    'Quote chargeable maintenance (RECEIVED → QUOTED; revise while QUOTED)',
    "Amount in yuan (CNY) with its lines, which add up to it. Not for free repairs (409). The first quote counts as the office's first response.",
    quoteInput,
  ),
  decideServiceQuote: action(
    'quote-decision',
    "Record the customer's answer to the quote (QUOTED → QUOTE_ACCEPTED or QUOTE_DECLINED)",
    'A declined quote is then closed.',
    quoteDecisionInput,
  ),
  assignServiceRequest: action(
    'assign',
    'Assign a technician or a regional office (→ ASSIGNED)',
    'From TRIAGED or QUOTE_ACCEPTED, or to reassign. An office assignment moves the case to that office; office users assign their own office only (403).',
    assignInput,
  ),
  scheduleServiceVisit: action(
    'schedule-visit',
    'Book or move the visit (→ VISIT_SCHEDULED)',
    'A day (not in the past, Asia/Shanghai) and a time window. The customer gets a confirmation email in their language each time.',
    scheduleVisitInput,
  ),
  reportServiceVisit: action(
    'visit-report',
    'Report the visit (VISIT_SCHEDULED → VISITED)',
    "Work done, parts used, photo URLs and the customer's sign-off; counted for the office's visit time.",
    visitReportInput,
  ),
  completeServiceRequest: action(
    'complete',
    'Complete the request (VISITED → COMPLETED)',
    'The work is done.',
    noteInput,
  ),
  closeServiceRequest: action(
    'close',
    'Close the request (COMPLETED or QUOTE_DECLINED → CLOSED)',
    'Plans the satisfaction (CSAT) survey when the request has a customer.',
    noteInput,
  ),
  cancelServiceRequest: action(
    'cancel',
    'Cancel the request before the visit (→ CLOSED, outcome cancelled)',
    'With the reason; from any status before the visit report. No survey.',
    cancelInput,
  ),
} as const satisfies Record<string, RouteDefinition>;

import { z } from 'zod';
import { recorderRoles } from '../domain/intake.ts';
import {
  auditEventSchema,
  caseCreated,
  caseListQuery,
  caseSummary,
  caseView,
  complaintInput,
  honeypotAccepted,
  idParams,
  inquiryInput,
  serviceRequestInput,
} from '../schemas/cases.ts';
import { page } from '../schemas/common.ts';
import {
  customerInput,
  customerListQuery,
  customerPatch,
  customerSchema,
  deliverySchema,
  officeSchema,
} from '../schemas/customers.ts';
import { taskCompletion } from '../schemas/decisions.ts';
import { chainVerification, replyExtensionInput, taskParams, taskSchema } from '../schemas/tasks.ts';
import { taskRoles } from '../workflow/human-steps.ts';
import { type Role, roles } from './roles.ts';
import { publicAccess, type RouteDefinition, route, staffAccess } from './route.ts';
import { careAndReportRoutes } from './routes/care-and-reports.ts';
import { feedbackRoutes } from './routes/feedback.ts';
import { inquiryRoutes } from './routes/inquiries.ts';
import { officeRoutes } from './routes/offices.ts';
import { partRoutes } from './routes/parts.ts';
import { requisitionRoutes } from './routes/requisitions.ts';
import { returnRoutes } from './routes/returns.ts';
import { scrapRoutes } from './routes/scraps.ts';
import { serviceRequestRoutes } from './routes/service-requests.ts';
import { warrantyRoutes } from './routes/warranty.ts';

const recorders = [...recorderRoles];
const caseReaders: Role[] = ['customer-service', 'quality', 'production', 'office', 'manager', 'admin'];
const customerEditors: Role[] = ['customer-service', 'office', 'manager', 'admin'];

const created = { 201: { description: 'Stored and acknowledged', schema: caseCreated } };
const honeypot = {
  202: { description: 'Accepted (spam trap filled: nothing stored)', schema: honeypotAccepted },
};

const intakeDescription =
  'Public. Sends an acknowledgement to the submitter (zh-CN or en) and a notification to the after-sales mailbox. ' +
  'Send an `Idempotency-Key` header to make retries safe. A staff token (Customer Service, office) may set ' +
  '`channel`, `receivedAt` and `officeId` to record a submission that arrived by phone, letter, visit or email.';

/**
 * The route registry: the one list of the API's operations. CDK wires API Gateway and
 * the area functions from it, the local runtime serves it, the OpenAPI document is
 * generated from it, and the authorization tests walk it.
 */
export const routes = {
  createComplaint: route({
    method: 'POST',
    path: '/v1/complaints',
    area: 'intake',
    summary: 'Submit a complaint (投诉)',
    description: `${intakeDescription} Complaints must be answered within 2 working days of receipt.`,
    access: publicAccess(...recorders),
    body: complaintInput,
    idempotent: true,
    responses: { ...created, ...honeypot },
  }),
  createInquiry: route({
    method: 'POST',
    path: '/v1/inquiries',
    area: 'intake',
    summary: 'Submit an inquiry, opinion or suggestion (咨询与意见)',
    description: intakeDescription,
    access: publicAccess(...recorders),
    body: inquiryInput,
    idempotent: true,
    responses: { ...created, ...honeypot },
  }),
  createServiceRequest: route({
    method: 'POST',
    path: '/v1/service-requests',
    area: 'intake',
    summary: 'Request a repair or maintenance visit (维修/保养)',
    description: `${intakeDescription} The response carries the warranty decision with its dates.`,
    access: publicAccess(...recorders),
    body: serviceRequestInput,
    idempotent: true,
    responses: { ...created, ...honeypot },
  }),

  listComplaints: route({
    method: 'GET',
    path: '/v1/complaints',
    area: 'cases',
    summary: 'List complaints, newest first',
    access: staffAccess(...caseReaders),
    query: caseListQuery,
    responses: { 200: { description: 'A page of complaints', schema: page(caseSummary) } },
  }),
  getComplaint: route({
    method: 'GET',
    path: '/v1/complaints/{id}',
    area: 'cases',
    summary: 'A complaint with its audit timeline',
    access: staffAccess(...caseReaders),
    params: idParams,
    responses: { 200: { description: 'The complaint', schema: caseView } },
  }),
  listInquiries: route({
    method: 'GET',
    path: '/v1/inquiries',
    area: 'cases',
    summary: 'List inquiries, opinions and suggestions, newest first',
    access: staffAccess(...caseReaders),
    query: caseListQuery,
    responses: { 200: { description: 'A page of inquiries', schema: page(caseSummary) } },
  }),
  getInquiry: route({
    method: 'GET',
    path: '/v1/inquiries/{id}',
    area: 'cases',
    summary: 'An inquiry with its audit timeline',
    access: staffAccess(...caseReaders),
    params: idParams,
    responses: { 200: { description: 'The inquiry', schema: caseView } },
  }),
  listServiceRequests: route({
    method: 'GET',
    path: '/v1/service-requests',
    area: 'cases',
    summary: 'List repair and maintenance requests, newest first',
    access: staffAccess(...caseReaders),
    query: caseListQuery,
    responses: { 200: { description: 'A page of service requests', schema: page(caseSummary) } },
  }),
  getServiceRequest: route({
    method: 'GET',
    path: '/v1/service-requests/{id}',
    area: 'cases',
    summary: 'A service request with its audit timeline',
    access: staffAccess(...caseReaders),
    params: idParams,
    responses: { 200: { description: 'The service request', schema: caseView } },
  }),

  listTasks: route({
    method: 'GET',
    path: '/v1/tasks',
    area: 'tasks',
    summary: "The caller's open tasks, the earliest due first",
    description: "By role; department users see their own department's tasks only.",
    access: staffAccess(...taskRoles),
    responses: { 200: { description: 'Open tasks', schema: z.object({ items: z.array(taskSchema) }) } },
  }),
  getTask: route({
    method: 'GET',
    path: '/v1/tasks/{taskId}',
    area: 'tasks',
    summary: 'One task',
    access: staffAccess(...taskRoles),
    params: taskParams,
    responses: { 200: { description: 'The task', schema: taskSchema } },
  }),
  completeTask: route({
    method: 'POST',
    path: '/v1/tasks/{taskId}',
    area: 'tasks',
    summary: "Complete a task with the step's decision",
    description:
      "The body is the decision of the task's step, told apart by `step`. Wrong role 403, completed 409, unknown 404. " +
      'The decision is recorded on the complaint (audited) and the workflow moves on. A survey follow-up ' +
      '(`{"step": "surveyFollowUp", "outcome": ..., "note": ...}`) is recorded on the task and the survey.',
    access: staffAccess(...taskRoles),
    params: taskParams,
    body: taskCompletion,
    idempotent: true,
    responses: { 200: { description: 'The completed task', schema: taskSchema } },
  }),
  extendReplyDeadline: route({
    method: 'POST',
    path: '/v1/complaints/{id}/reply-extension',
    area: 'complaints',
    summary: "Record the purchaser's consent to a later reply",
    description: 'Refused (409) once the reply is due or given. Recorded in the timeline and counted.',
    access: staffAccess('customer-service', 'manager'),
    params: idParams,
    body: replyExtensionInput,
    responses: { 200: { description: 'The complaint with its new due time', schema: caseView } },
  }),
  getComplaintDossier: route({
    method: 'GET',
    path: '/v1/complaints/{id}/dossier.pdf',
    area: 'dossier',
    summary: 'The complaint dossier as PDF (投诉档案)',
    description:
      'The complaint report, every decision, the CAPA form, the verification rounds and the verified hash chain, ' +
      "in the caller's language (Chinese rendered with an embedded Noto Sans SC). Send `Accept: application/pdf`.",
    access: staffAccess(...caseReaders),
    params: idParams,
    responses: { 200: { description: 'The dossier', contentType: 'application/pdf' } },
  }),
  verifyComplaintChain: route({
    method: 'GET',
    path: '/v1/complaints/{id}/verify-chain',
    area: 'complaints',
    summary: "Prove the complaint's audit trail intact",
    access: staffAccess(...caseReaders),
    params: idParams,
    responses: { 200: { description: 'Whether every event verifies', schema: chainVerification } },
  }),

  listCustomers: route({
    method: 'GET',
    path: '/v1/customers',
    area: 'customers',
    summary: 'List customers by office and tier',
    description: 'Office users see only the customers of their own office.',
    access: staffAccess(...caseReaders),
    query: customerListQuery,
    responses: { 200: { description: 'A page of customers', schema: page(customerSchema) } },
  }),
  createCustomer: route({
    method: 'POST',
    path: '/v1/customers',
    area: 'customers',
    summary: 'Create a customer (客户基本资料)',
    access: staffAccess(...customerEditors),
    body: customerInput,
    idempotent: true,
    responses: { 201: { description: 'Created', schema: customerSchema } },
  }),
  getCustomer: route({
    method: 'GET',
    path: '/v1/customers/{id}',
    area: 'customers',
    summary: 'A customer with deliveries and audit timeline',
    description: 'The `ETag` header carries the version to send back as `If-Match` when updating.',
    access: staffAccess(...caseReaders),
    params: idParams,
    responses: {
      200: {
        description: 'The customer',
        schema: customerSchema
          .extend({ deliveries: z.array(deliverySchema), timeline: z.array(auditEventSchema) })
          .meta({ id: 'CustomerView' }),
      },
    },
  }),
  updateCustomer: route({
    method: 'PATCH',
    path: '/v1/customers/{id}',
    area: 'customers',
    summary: 'Update classification, contacts or consent (audited)',
    description: "Every change is recorded in the customer's audit timeline with its old and new value.",
    access: staffAccess(...customerEditors),
    headers: [{ name: 'If-Match', description: 'The version from GET (ETag); a stale version gets 412' }],
    params: idParams,
    body: customerPatch,
    responses: { 200: { description: 'Updated', schema: customerSchema } },
  }),
  listOffices: route({
    method: 'GET',
    path: '/v1/offices',
    area: 'customers',
    summary: 'Regional offices (办事处)',
    access: staffAccess(...roles),
    responses: { 200: { description: 'All offices', schema: z.object({ items: z.array(officeSchema) }) } },
  }),

  ...feedbackRoutes,
  ...careAndReportRoutes,
  ...serviceRequestRoutes,
  ...returnRoutes,
  ...officeRoutes,
  ...warrantyRoutes,
  ...inquiryRoutes,
  ...partRoutes,
  ...requisitionRoutes,
  ...scrapRoutes,

  getOpenApi: route({
    method: 'GET',
    path: '/v1/openapi.json',
    area: 'docs',
    summary: 'This API as an OpenAPI 3.1 document',
    access: publicAccess(),
    responses: { 200: { description: 'OpenAPI 3.1 document' } },
  }),
  getApiDocs: route({
    method: 'GET',
    path: '/v1/docs',
    area: 'docs',
    summary: 'This API as a readable page',
    access: publicAccess(),
    responses: { 200: { description: 'HTML page', contentType: 'text/html' } },
  }),
} as const satisfies Record<string, RouteDefinition>;

export type Routes = typeof routes;
export type RouteId = keyof Routes;
export const routeList = Object.entries(routes).map(([id, definition]) => ({
  id: id as RouteId,
  ...(definition as RouteDefinition),
}));
export type RegisteredRoute = (typeof routeList)[number];

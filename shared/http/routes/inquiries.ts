import { z } from 'zod';
import {
  departmentResponseInput,
  forwardedQuery,
  inquiryActionParams,
  inquiryAnswerInput,
  inquiryCaseSchema,
  inquiryCloseInput,
  inquiryFlagInput,
  inquiryForwardInput,
  inquiryQueueEntry,
} from '../../schemas/inquiries.ts';
import { type RouteDefinition, route, staffAccess } from '../route.ts';

const service = staffAccess('customer-service', 'manager', 'admin');
const ifMatch = [
  {
    name: 'If-Match',
    description: 'The `ETag` (version) last read: a stale one is `412` and nothing is written',
  },
];
const problem = (description: string) => ({ description, contentType: 'application/problem+json' });
const changed = {
  200: { description: 'The inquiry as changed (`ETag`: its version)', schema: inquiryCaseSchema },
  404: problem('Unknown, not an inquiry, or not forwarded to your department'),
  409: problem("The inquiry's status does not allow it (`problem-inquiry-transition`), or flagged already"),
  412: problem('If-Match names an older version'),
};
const queue = z.object({ items: z.array(inquiryQueueEntry) });

/** Inquiries, opinions and suggestions: answered, or forwarded to a department (area `inquiries`). Part of the route registry (shared/http/routes.ts). */
export const inquiryRoutes = {
  answerInquiry: route({
    method: 'POST',
    path: '/v1/inquiries/{id}/answer',
    area: 'inquiries',
    summary: 'Answer the customer (答复)',
    description:
      "Customer Service answers directly, or sends on a department's response. Recorded in the timeline and " +
      "emailed to the submitter in the case's language (not mailed when they left no email: `mailed` false). " +
      'From RECEIVED or RESPONDED to ANSWERED; with `close: true` to CLOSED, planning the satisfaction survey.',
    access: service,
    params: inquiryActionParams,
    body: inquiryAnswerInput,
    headers: ifMatch,
    responses: changed,
  }),
  forwardInquiry: route({
    method: 'POST',
    path: '/v1/inquiries/{id}/forward',
    area: 'inquiries',
    summary: 'Forward to the department concerned (转相关部门)',
    description:
      "From RECEIVED, FORWARDED or RESPONDED to FORWARDED: the inquiry enters the department's inbox and the " +
      'department is emailed. Forwarding again (the wrong department, or another must look too) moves it.',
    access: service,
    params: inquiryActionParams,
    body: inquiryForwardInput,
    headers: ifMatch,
    responses: changed,
  }),
  respondToInquiry: route({
    method: 'POST',
    path: '/v1/inquiries/{id}/department-response',
    area: 'inquiries',
    summary: "The department's response",
    description:
      'Department users, for inquiries forwarded to their own department only (any other is `404` and ' +
      'nothing is written). From FORWARDED to RESPONDED; it leaves the inbox. Customer Service sends it ' +
      'on to the customer as the answer.',
    access: staffAccess('department'),
    params: inquiryActionParams,
    body: departmentResponseInput,
    headers: ifMatch,
    responses: changed,
  }),
  flagInquiry: route({
    method: 'POST',
    path: '/v1/inquiries/{id}/flag',
    area: 'inquiries',
    summary: 'Flag a good suggestion for management',
    description: 'Once per inquiry, in any status; it then appears in GET /v1/inquiry-queues/flagged.',
    access: service,
    params: inquiryActionParams,
    body: inquiryFlagInput,
    headers: ifMatch,
    responses: changed,
  }),
  closeInquiry: route({
    method: 'POST',
    path: '/v1/inquiries/{id}/close',
    area: 'inquiries',
    summary: 'Close (CLOSED) and plan the satisfaction survey',
    description:
      'From RECEIVED, RESPONDED or ANSWERED (not while a department works on it). Plans the CSAT survey ' +
      'of the case in the same transaction when it is linked to a customer.',
    access: service,
    params: inquiryActionParams,
    body: inquiryCloseInput,
    headers: ifMatch,
    responses: changed,
  }),
  listForwardedInquiries: route({
    method: 'GET',
    path: '/v1/inquiry-queues/forwarded',
    area: 'inquiries',
    summary: "A department's inbox of forwarded inquiries, oldest first",
    description:
      'Department users see their own department (naming another is `403`); Customer Service and managers ' +
      'name it with `departmentId` (`422` without).',
    access: staffAccess('department', 'customer-service', 'manager', 'admin'),
    query: forwardedQuery,
    responses: { 200: { description: 'Inquiries awaiting the department', schema: queue } },
  }),
  listFlaggedInquiries: route({
    method: 'GET',
    path: '/v1/inquiry-queues/flagged',
    area: 'inquiries',
    summary: 'Suggestions flagged for management, oldest first',
    access: staffAccess('manager', 'admin'),
    responses: { 200: { description: 'Flagged suggestions with their current status', schema: queue } },
  }),
} as const satisfies Record<string, RouteDefinition>;

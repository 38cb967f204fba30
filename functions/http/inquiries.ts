import { versionFromIfMatch } from '../../shared/app/customers.ts';
import {
  answerInquiry,
  closeInquiry,
  flagInquiry,
  forwardInquiry,
  type InquiryCase,
  listFlaggedInquiries,
  listForwardedInquiries,
  respondToInquiry,
} from '../../shared/app/inquiries.ts';
import { areaHandler } from '../../shared/http/handler.ts';
import { ok } from '../../shared/http/result.ts';
import type { StaffCaller } from '../../shared/http/roles.ts';

const changed = (inquiry: InquiryCase) => ok(inquiry, { ETag: `"${inquiry.version}"` });
const ifMatch = (headers: Readonly<Record<string, string>>) => versionFromIfMatch(headers['if-match']);

/** Inquiries, opinions and suggestions: answered, or forwarded to a department (area `inquiries`). */
export const handler = areaHandler('inquiries', {
  answerInquiry: async ({ params, body, headers, caller, now }) =>
    changed(await answerInquiry(params.id, body, ifMatch(headers), caller as StaffCaller, now)),
  forwardInquiry: async ({ params, body, headers, caller, now }) =>
    changed(await forwardInquiry(params.id, body, ifMatch(headers), caller as StaffCaller, now)),
  respondToInquiry: async ({ params, body, headers, caller, now }) =>
    changed(await respondToInquiry(params.id, body.response, ifMatch(headers), caller as StaffCaller, now)),
  flagInquiry: async ({ params, body, headers, caller, now }) =>
    changed(await flagInquiry(params.id, body.reason, ifMatch(headers), caller as StaffCaller, now)),
  closeInquiry: async ({ params, body, headers, caller, now }) =>
    changed(await closeInquiry(params.id, body.note, ifMatch(headers), caller as StaffCaller, now)),
  listForwardedInquiries: async ({ query, caller }) =>
    ok(await listForwardedInquiries(query.departmentId, caller as StaffCaller)),
  listFlaggedInquiries: async () => ok(await listFlaggedInquiries()),
});

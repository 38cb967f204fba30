import { z } from 'zod';
import { inquiryStatuses } from '../domain/inquiry.ts';
import { caseView } from './cases.ts';
import { entityId, instant, paragraph } from './common.ts';

/** Customer Service's answer to the customer; emailed to the submitter in the case's language. */
export const inquiryAnswerInput = z
  .strictObject({
    answer: paragraph(5000).meta({ description: 'The answer as the customer reads it' }),
    close: z
      .boolean()
      .default(false)
      .meta({ description: 'Close the inquiry with the answer (plans the survey)' }),
  })
  .meta({ id: 'InquiryAnswerInput' });
export type InquiryAnswerInput = z.infer<typeof inquiryAnswerInput>;

export const inquiryForwardInput = z
  .strictObject({
    departmentId: entityId.meta({ description: 'The department concerned (相关部门)' }),
    note: paragraph(2000).optional().meta({ description: "Customer Service's note to the department" }),
  })
  .meta({ id: 'InquiryForwardInput' });
export type InquiryForwardInput = z.infer<typeof inquiryForwardInput>;

export const departmentResponseInput = z
  .strictObject({ response: paragraph(5000) })
  .meta({ id: 'DepartmentResponseInput' });

export const inquiryFlagInput = z
  .strictObject({ reason: paragraph(2000).meta({ description: 'Why management should see it' }) })
  .meta({ id: 'InquiryFlagInput' });

export const inquiryCloseInput = z
  .strictObject({ note: paragraph(2000).optional() })
  .meta({ id: 'InquiryCloseInput' });

const staffStamp = {
  at: instant,
  by: z.object({ kind: z.string(), sub: z.string().optional(), email: z.string().optional() }),
};

/** What happened to an inquiry after intake: the latest of each step (the timeline has them all). */
export const inquiryHandlingSchema = z
  .object({
    forward: z
      .object({ departmentId: z.string(), note: z.string().optional(), ...staffStamp })
      .optional()
      .meta({ description: 'The department it was last forwarded to' }),
    departmentResponse: z
      .object({ departmentId: z.string(), response: z.string(), ...staffStamp })
      .optional(),
    answer: z
      .object({ answer: z.string(), mailed: z.boolean(), ...staffStamp })
      .optional()
      .meta({ description: '`mailed` false: the submitter left no email (answer by phone)' }),
    flag: z.object({ reason: z.string(), ...staffStamp }).optional(),
    closedAt: instant.optional(),
  })
  .meta({ id: 'InquiryHandling' });

export const inquiryCaseSchema = caseView
  .omit({ timeline: true })
  .extend({
    status: z.enum(inquiryStatuses),
    inquiry: inquiryHandlingSchema.optional(),
  })
  .meta({ id: 'InquiryCase' });

/** One line of a department's inbox or management's flagged list. */
export const inquiryQueueEntry = z
  .object({
    caseId: z.string(),
    reference: z.string(),
    organization: z.string(),
    title: z.string(),
    inquiryKind: z.string(),
    status: z.string(),
    since: instant.meta({ description: 'Forwarded or flagged at' }),
    note: z.string().optional().meta({ description: 'The forwarding note, or the reason for the flag' }),
  })
  .meta({ id: 'InquiryQueueEntry' });
export type InquiryQueueEntry = z.infer<typeof inquiryQueueEntry>;

export const forwardedQuery = z.strictObject({
  departmentId: entityId
    .optional()
    .meta({ description: 'Required for Customer Service and managers; department users see their own' }),
});

export const inquiryActionParams = z.strictObject({ id: entityId });

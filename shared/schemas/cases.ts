import { z } from 'zod';
import { entityId, httpUrl, instant, line, paragraph, plainDate, productRef, submitter } from './common.ts';

export const caseKinds = ['complaint', 'inquiry', 'serviceRequest'] as const;
export type CaseKind = (typeof caseKinds)[number];

/** How a submission reached the company; `web` is the only one a public caller can use. */
export const channels = ['web', 'phone', 'letter', 'email', 'visit', 'office'] as const;
export type Channel = (typeof channels)[number];

export const complaintSubjects = [
  'quality-defect',
  'tender-mismatch',
  'delivery',
  'service',
  'other',
] as const;
export const inquiryKinds = ['inquiry', 'opinion', 'suggestion'] as const;
export const serviceRequestTypes = ['repair', 'maintenance'] as const;

/**
 * Fields only staff may set when they record a submission that arrived by phone,
 * letter, visit or email: deadlines then count from `receivedAt`, not from now.
 */
export const staffOnlyFields = ['channel', 'receivedAt', 'officeId', 'origin'] as const;

const recording = {
  channel: z.enum(channels).optional().meta({ description: 'Staff only: how it arrived' }),
  receivedAt: instant
    .optional()
    .meta({ description: 'Staff only: when it arrived (deadlines count from it)' }),
  officeId: entityId
    .optional()
    .meta({ description: 'Staff only: the regional office (办事处) it came through' }),
  /** Spam trap: the forms hide it, people leave it empty. */
  website: z.string().max(500).optional().meta({ description: 'Leave empty (spam trap)' }),
};

const attachments = z.array(httpUrl).max(10).optional().meta({ description: 'Evidence as URLs' });

/** 《投诉报告》 as the customer (or Customer Service on their behalf) fills it in. */
export const complaintInput = z
  .strictObject({
    submitter,
    product: productRef,
    batch: line(60).meta({ description: 'Batch number (批次)' }),
    quantity: z.number().int().min(1).max(1_000_000).meta({ description: 'Quantity affected' }),
    problemDate: plainDate.meta({ description: 'When the problem was found' }),
    subject: z.enum(complaintSubjects),
    description: paragraph(5000),
    requestedResolution: paragraph(2000).meta({ description: "The customer's requested resolution" }),
    orderRef: line(60).optional(),
    attachments,
    origin: z
      .enum(['customer', 'market'])
      .optional()
      .meta({ description: 'Staff only: customer complaint, or market complaint (市场投诉)' }),
    ...recording,
  })
  .meta({ id: 'ComplaintInput' });
export type ComplaintInput = z.infer<typeof complaintInput>;

/** 咨询与意见: an inquiry, an opinion or a suggestion. */
export const inquiryInput = z
  .strictObject({
    submitter,
    kind: z.enum(inquiryKinds),
    topic: line(200),
    message: paragraph(5000),
    product: productRef.optional(),
    orderRef: line(60).optional(),
    ...recording,
  })
  .meta({ id: 'InquiryInput' });
export type InquiryInput = z.infer<typeof inquiryInput>;

/** A repair (free within warranty) or maintenance (lifetime) request. */
export const serviceRequestInput = z
  .strictObject({
    submitter,
    type: z.enum(serviceRequestTypes),
    product: productRef,
    batch: line(60).optional(),
    orderRef: line(60).optional(),
    problem: paragraph(5000),
    siteAddress: line(300),
    preferredVisitDates: z.array(plainDate).max(3).default([]),
    attachments,
    ...recording,
  })
  .refine((r) => r.batch !== undefined || r.orderRef !== undefined, {
    message: 'field.batchOrOrderRequired',
    path: ['orderRef'],
  })
  .meta({ id: 'ServiceRequestInput' });
export type ServiceRequestInput = z.infer<typeof serviceRequestInput>;

/**
 * Where a case came from when the system opened it for the customer rather than the customer
 * or staff filing it: an answer to a follow-up (a check-in `problem`, an inspection wanted).
 * Never accepted in a request body: only the internal path of submitCase sets it.
 */
export const caseSource = z
  .object({
    kind: z.literal('survey'),
    surveyId: z.string(),
    surveyKind: z.enum(['csat', 'nps', 'checkIn', 'warrantyInspection']),
  })
  .meta({ id: 'CaseSource' });
export type CaseSource = z.infer<typeof caseSource>;

export const warrantyDecisionSchema = z
  .object({
    status: z.enum(['free', 'chargeable', 'unknown']),
    basis: z.enum(['acceptance', 'delivery']).optional(),
    coverageStartsOn: plainDate.optional(),
    freeRepairEndsOn: plainDate.optional().meta({ description: 'Last day of free repair (inclusive)' }),
    deliveryId: z.string().optional(),
    reason: z.enum(['no-delivery', 'ambiguous']).optional(),
    message: z.string(),
  })
  .meta({ id: 'WarrantyDecision' });

export const caseCreated = z
  .object({
    id: z.string(),
    reference: z.string().meta({ description: 'Human reference, e.g. TS-20261127-0007' }),
    kind: z.enum(caseKinds),
    status: z.string(),
    receivedAt: instant,
    replyDueAt: instant
      .optional()
      .meta({ description: 'Complaints: reply due by (2 working days, Asia/Shanghai)' }),
    warranty: warrantyDecisionSchema.optional(),
  })
  .meta({ id: 'CaseCreated' });

export const honeypotAccepted = z.object({ accepted: z.literal(true) }).meta({ id: 'Accepted' });

const actor = z.object({
  kind: z.enum(['public', 'staff', 'system']),
  sub: z.string().optional(),
  email: z.string().optional(),
  roles: z.array(z.string()).optional(),
});

export const auditEventSchema = z
  .object({
    seq: z.number().int(),
    type: z.string(),
    at: instant,
    actor,
    data: z.record(z.string(), z.unknown()),
    prevHash: z.string(),
    hash: z.string(),
  })
  .meta({ id: 'AuditEvent' });

export const caseSummary = z
  .object({
    id: z.string(),
    reference: z.string(),
    kind: z.enum(caseKinds),
    status: z.string(),
    channel: z.enum(channels),
    receivedAt: instant,
    organization: z.string(),
    customerId: z.string().optional(),
    officeId: z.string().optional(),
    title: z.string().meta({ description: 'Product, topic or problem in one line' }),
  })
  .meta({ id: 'CaseSummary' });

export const caseView = caseSummary
  .extend({
    version: z.number().int(),
    origin: z.enum(['customer', 'market']).optional(),
    source: caseSource
      .optional()
      .meta({ description: 'Opened from a survey answer (check-in problem, inspection)' }),
    submitter: z.record(z.string(), z.unknown()),
    details: z.record(z.string(), z.unknown()),
    warranty: warrantyDecisionSchema.optional(),
    recordedBy: actor.optional(),
    replyDueAt: instant.optional(),
    replyDueEstimated: z.boolean().optional().meta({ description: 'Counted without official holiday data' }),
    currentStep: z.string().optional().meta({ description: 'Where the complaint workflow is' }),
    openTaskId: z.string().optional(),
    workflow: z.record(z.string(), z.unknown()).optional().meta({ description: 'Every decision, in order' }),
    linkedComplaintIds: z.array(z.string()).optional(),
    createdAt: instant,
    updatedAt: instant,
    timeline: z.array(auditEventSchema),
  })
  .meta({ id: 'Case' });

export const caseListQuery = z.strictObject({
  status: line(40).optional(),
  from: plainDate.optional().meta({ description: 'Received on or after this day (Asia/Shanghai)' }),
  to: plainDate.optional().meta({ description: 'Received on or before this day (Asia/Shanghai)' }),
  customerId: entityId.optional(),
  q: line(100)
    .optional()
    .meta({
      description:
        'Search: cases whose reference, organisation, contact name, title or product contain this text ' +
        '(any case). Filters each page: a page may hold fewer than `limit` cases; follow `nextCursor` for more',
    }),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(2000).optional(),
});
export type CaseListQuery = z.infer<typeof caseListQuery>;

export const idParams = z.strictObject({ id: entityId });

import { z } from 'zod';
import { contactKinds } from '../domain/care-plan.ts';
import { caseKinds } from './cases.ts';
import { instant, line, paragraph, plainDate } from './common.ts';
import { accountManager, contactPlan, customerTiers } from './customers.ts';
import { followUpAnswer, surveyAnswer, surveyKinds, surveyStatuses } from './surveys.ts';

/** A page of a customer's records: `limit` and the `cursor` of the previous page. */
export const customerPageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(2000).optional(),
});
export type CustomerPageQuery = z.infer<typeof customerPageQuery>;

/** A contact with a customer as staff log it (重点客户关怀: regular contact, needs captured). */
export const contactLogInput = z
  .strictObject({
    kind: z.enum(contactKinds).meta({ description: 'visit (上门拜访), call, meeting or email' }),
    at: instant.meta({ description: 'When it happened (not in the future)' }),
    summary: paragraph(2000).meta({ description: 'What was discussed' }),
    needs: paragraph(2000).optional().meta({ description: "The customer's needs captured" }),
    opportunities: paragraph(2000).optional().meta({ description: 'Opportunities (new orders, services)' }),
    followUpOn: plainDate.optional().meta({ description: 'When to follow up (on or after the contact)' }),
    customerContact: line(100).optional().meta({ description: 'Whom we spoke to at the customer' }),
  })
  .meta({ id: 'ContactLogInput' });
export type ContactLogInput = z.infer<typeof contactLogInput>;

const actor = z.object({
  kind: z.enum(['public', 'staff', 'system']),
  sub: z.string().optional(),
  email: z.string().optional(),
  roles: z.array(z.string()).optional(),
});

export const contactLogEntry = z
  .object({
    id: z.string(),
    customerId: z.string(),
    kind: z.enum(contactKinds),
    at: instant,
    by: actor.meta({ description: 'Who logged it (from the token)' }),
    summary: z.string(),
    needs: z.string().optional(),
    opportunities: z.string().optional(),
    followUpOn: plainDate.optional(),
    customerContact: z.string().optional(),
    createdAt: instant,
  })
  .meta({ id: 'ContactLogEntry' });
export type ContactLogEntry = z.infer<typeof contactLogEntry>;

/** A survey or follow-up of a customer with its answer, as staff see it. */
export const customerSurvey = z
  .object({
    id: z.string(),
    kind: z.enum(surveyKinds),
    status: z.enum(surveyStatuses),
    customerId: z.string(),
    officeId: z.string(),
    tier: z.enum(customerTiers),
    contactName: z.string().optional(),
    contactEmail: z.string().optional(),
    caseId: z.string().optional(),
    caseReference: z.string().optional(),
    deliveryId: z.string().optional(),
    productCategory: z.string().optional(),
    createdAt: instant,
    dueAt: instant,
    sentAt: instant.optional(),
    expiresAt: instant.optional(),
    skipReason: z.string().optional(),
    answeredAt: instant.optional(),
    answer: z.union([surveyAnswer, followUpAnswer]).optional(),
    commentedAt: instant.optional(),
    createdCaseId: z.string().optional().meta({ description: 'The case the answer opened' }),
    createdCaseReference: z.string().optional(),
    followUpTaskId: z.string().optional().meta({ description: 'The follow-up task of a low score' }),
    followUpResult: z
      .object({
        outcome: z.string(),
        note: z.string().optional(),
        completedAt: instant,
        completedBy: z.object({ kind: z.string(), sub: z.string().optional(), email: z.string().optional() }),
      })
      .optional()
      .meta({ description: 'How Customer Service closed the follow-up task' }),
    period: z.string().optional().meta({ description: 'NPS, check-ins: the period asked about' }),
  })
  .meta({ id: 'CustomerSurvey' });

const planTarget = z.object({
  period: z.string().meta({ description: '`2026` (visits) or `2026-Q4` (calls)' }),
  planned: z.number().int(),
  done: z.number().int(),
  dueByNow: z.number().int().meta({ description: 'Planned x elapsed share of the period, rounded down' }),
  onTrack: z.boolean(),
});

export const carePlanStatusSchema = z
  .object({
    status: z.enum(['noPlan', 'onTrack', 'behind']),
    visits: planTarget.optional().meta({ description: 'Visits and meetings this calendar year' }),
    calls: planTarget.optional().meta({ description: 'Calls this quarter' }),
    nextContact: z
      .object({ on: plainDate, overdue: z.boolean(), daysOverdue: z.number().int().optional() })
      .optional(),
  })
  .meta({ id: 'CarePlanStatus' });

const latestAnswer = z.object({
  surveyId: z.string(),
  score: z.number().int(),
  comment: z.string().optional(),
  answeredAt: instant,
  caseId: z.string().optional(),
  caseReference: z.string().optional(),
});

/** "Their open issues visible at a glance": the key-customer care overview. */
export const careOverview = z
  .object({
    customerId: z.string(),
    organization: z.string(),
    officeId: z.string(),
    tier: z.enum(customerTiers),
    asOf: plainDate.meta({ description: 'Today (Asia/Shanghai): the day the plan is judged on' }),
    accountManager: accountManager.optional(),
    contactPlan: contactPlan.optional(),
    plan: carePlanStatusSchema,
    lastContacts: z.array(contactLogEntry).meta({ description: 'The 5 latest, newest first' }),
    pendingFollowUps: z
      .array(z.object({ contactId: z.string().optional(), on: plainDate, overdue: z.boolean() }))
      .meta({ description: 'Follow-ups a contact asked for with no contact logged since' }),
    openCases: z
      .array(
        z.object({
          id: z.string(),
          kind: z.enum(caseKinds),
          reference: z.string(),
          status: z.string(),
          title: z.string(),
          receivedAt: instant,
          replyDueAt: instant.optional(),
          currentStep: z.string().optional(),
          openTaskId: z.string().optional(),
        }),
      )
      .meta({
        description: 'Complaints not archived, inquiries and service requests not closed; newest first',
      }),
    openFollowUpTasks: z
      .array(
        z.object({
          taskId: z.string(),
          surveyId: z.string(),
          surveyKind: z.enum(surveyKinds),
          score: z.number().int().optional(),
          caseReference: z.string().optional(),
          createdAt: instant,
          dueAt: instant,
        }),
      )
      .meta({ description: "Customer Service's open follow-ups of low CSAT and NPS scores" }),
    latestAnswers: z.object({ csat: latestAnswer.optional(), nps: latestAnswer.optional() }),
  })
  .meta({ id: 'CareOverview' });
export type CareOverview = z.infer<typeof careOverview>;

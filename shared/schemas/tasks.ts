import { z } from 'zod';
import { humanStepNames } from '../workflow/human-steps.ts';
import { instant, line, paragraph } from './common.ts';

export const taskParams = z.strictObject({
  taskId: z
    .string()
    .regex(/^[0-9A-Za-z_-]{8,64}$/)
    .meta({ description: 'Opaque task id' }),
});

const actor = z.object({
  kind: z.string(),
  sub: z.string().optional(),
  email: z.string().optional(),
  roles: z.array(z.string()).optional(),
});

/**
 * A person's step as the queue and the case page show it (never the workflow's token): a step of
 * a complaint's workflow, or Customer Service's follow-up of a low survey score.
 */
export const taskSchema = z
  .object({
    taskId: z.string(),
    kind: z.enum(['workflow', 'surveyFollowUp']).meta({
      description: "`workflow`: a complaint workflow's step; `surveyFollowUp`: a low score to follow up",
    }),
    complaintId: z.string().optional().meta({ description: 'Workflow tasks: the complaint' }),
    reference: z
      .string()
      .optional()
      .meta({ description: "The complaint's reference; survey follow-ups: the case the survey was about" }),
    organization: z.string(),
    step: z.enum([...humanStepNames, 'surveyFollowUp']),
    roles: z.array(z.string()),
    departmentId: z.string().optional(),
    status: z.enum(['open', 'completed']),
    createdAt: instant,
    dueAt: instant,
    overdue: z.boolean(),
    escalations: z.number().int(),
    completedAt: instant.optional(),
    completedBy: actor.optional(),
    outcome: z.string().optional(),
    delivered: z.boolean().optional(),
    surveyId: z.string().optional().meta({ description: 'Survey follow-ups: the survey answered' }),
    surveyKind: z.enum(['csat', 'nps']).optional(),
    score: z.number().int().optional().meta({ description: 'Survey follow-ups: the score given' }),
    comment: z.string().optional().meta({ description: "Survey follow-ups: the customer's comment" }),
    customerId: z.string().optional(),
    caseId: z.string().optional().meta({ description: 'Survey follow-ups (CSAT): the case asked about' }),
    note: z.string().optional().meta({ description: 'Survey follow-ups: the note given on completion' }),
    version: z.number().int(),
  })
  .meta({ id: 'Task' });

/** The purchaser's consent to a later reply (requirements.md §3.5: asked before the deadline). */
export const replyExtensionInput = z
  .strictObject({
    agreedBy: line(100).meta({ description: 'Who at the purchaser agreed' }),
    agreedAt: instant.meta({ description: 'When they agreed (before the current due time)' }),
    channel: z.enum(['phone', 'email', 'letter', 'visit']),
    newDueAt: instant.meta({ description: 'The reply time agreed' }),
    note: paragraph(2000).optional(),
  })
  .meta({ id: 'ReplyExtensionInput' });
export type ReplyExtensionInput = z.infer<typeof replyExtensionInput>;

export const chainVerification = z
  .object({
    intact: z.boolean(),
    events: z.number().int(),
    brokenAt: z.number().int().optional().meta({ description: 'The first event that does not verify' }),
    lastHash: z.string().optional(),
  })
  .meta({ id: 'ChainVerification' });

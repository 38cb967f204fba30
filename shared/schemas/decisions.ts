import { z } from 'zod';
import { cny, entityId, httpUrl, line, paragraph, plainDate } from './common.ts';
import { complaintCauses } from './reports.ts';

/**
 * Quality's investigation: findings, the cause, who is responsible, and the handling opinion
 * (requirements.md §3.2-3.3). The cause and factory feed the complaint Pareto (GET /v1/reports/complaints/pareto).
 */
export const investigationDecision = z
  .strictObject({
    step: z.literal('investigation'),
    findings: paragraph(5000),
    cause: z
      .enum(complaintCauses)
      .meta({ description: "The cause's class (原因分类), the Pareto's main axis" }),
    factory: line(60)
      .optional()
      .meta({ description: 'The factory that made the batch (生产工厂), when known' }),
    responsibility: z.enum(['customer', 'internal']),
    responsibleDepartmentId: entityId.optional().meta({ description: 'Internal only: 初步责任单位' }),
    preliminaryLossCny: cny.optional().meta({ description: 'Internal only: 初判损失 (CNY)' }),
    handlingOpinion: paragraph(3000),
  })
  .refine((d) => d.responsibility === 'customer' || d.responsibleDepartmentId !== undefined, {
    message: 'field.required',
    path: ['responsibleDepartmentId'],
  })
  .refine((d) => d.responsibility === 'customer' || d.preliminaryLossCny !== undefined, {
    message: 'field.required',
    path: ['preliminaryLossCny'],
  })
  .meta({ id: 'InvestigationDecision' });

const approval = <S extends string>(step: S, id: string) =>
  z
    .strictObject({
      step: z.literal(step),
      decision: z.enum(['approve', 'reject']),
      reason: paragraph(2000).optional().meta({ description: 'Required when rejecting' }),
    })
    .refine((d) => d.decision === 'approve' || d.reason !== undefined, {
      message: 'field.required',
      path: ['reason'],
    })
    .meta({ id });

/** Production approves the handling opinion, or sends it back to Quality with a reason. */
export const productionApprovalDecision = approval('productionApproval', 'ProductionApprovalDecision');

/** Customer Service's reply to the purchaser: sent by email when the purchaser gave one, and recorded. */
export const customerReplyDecision = z
  .strictObject({
    step: z.literal('customerReply'),
    reply: paragraph(5000),
    channel: z
      .enum(['email', 'phone', 'letter', 'visit'])
      .meta({ description: 'How the reply reached the purchaser' }),
  })
  .meta({ id: 'CustomerReplyDecision' });

/** The responsible department's answer to the 《纠正预防措施要求表》. */
export const rootCauseDecision = z
  .strictObject({
    step: z.literal('rootCause'),
    rootCause: paragraph(5000),
    correctiveMeasures: paragraph(5000),
    preventiveMeasures: paragraph(5000),
  })
  .meta({ id: 'RootCauseDecision' });

/** Quality approves the measures or sends them back to the department. */
export const qualityReviewDecision = approval('qualityReview', 'QualityReviewDecision');

/** Customer Service tells the purchaser the approved measures. */
export const capaReplyDecision = z
  .strictObject({
    step: z.literal('capaReply'),
    reply: paragraph(5000),
    channel: z.enum(['email', 'phone', 'letter', 'visit']),
  })
  .meta({ id: 'CapaReplyDecision' });

/** The department reports that the measures were carried out. */
export const executionReportDecision = z
  .strictObject({
    step: z.literal('executionReport'),
    report: paragraph(5000),
    completedOn: plainDate,
  })
  .meta({ id: 'ExecutionReportDecision' });

/** Quality or Customer Service confirms whether the measures worked (each round is recorded). */
export const verificationDecision = z
  .strictObject({
    step: z.literal('verification'),
    result: z.enum(['effective', 'ineffective']),
    notes: paragraph(3000),
  })
  .meta({ id: 'VerificationDecision' });

/** The department links its revised standard (or says why none was needed). */
export const standardRevisionDecision = z
  .strictObject({
    step: z.literal('standardRevision'),
    revisedStandardUrl: httpUrl.optional(),
    notes: paragraph(3000).optional(),
  })
  .refine((d) => d.revisedStandardUrl !== undefined || d.notes !== undefined, {
    message: 'field.required',
    path: ['revisedStandardUrl'],
  })
  .meta({ id: 'StandardRevisionDecision' });

/** Any step's decision, told apart by `step`: the body of POST /v1/tasks/{taskId}. */
export const taskDecision = z
  .discriminatedUnion('step', [
    investigationDecision,
    productionApprovalDecision,
    customerReplyDecision,
    rootCauseDecision,
    qualityReviewDecision,
    capaReplyDecision,
    executionReportDecision,
    verificationDecision,
    standardRevisionDecision,
  ])
  .meta({ id: 'TaskDecision' });
export type TaskDecision = z.infer<typeof taskDecision>;
export type HumanStepName = TaskDecision['step'];

/** How Customer Service followed up a low survey score (not a workflow step: no token, no state machine). */
export const surveyFollowUpOutcomes = ['contacted', 'unreachable', 'resolved'] as const;
export const surveyFollowUpDecision = z
  .strictObject({
    step: z.literal('surveyFollowUp'),
    outcome: z.enum(surveyFollowUpOutcomes),
    note: paragraph(3000).optional().meta({ description: 'What the customer said, what was agreed' }),
  })
  .meta({ id: 'SurveyFollowUpDecision' });
export type SurveyFollowUpDecision = z.infer<typeof surveyFollowUpDecision>;

/**
 * The body of POST /v1/tasks/{taskId}: a workflow step's decision, or the completion of a
 * survey follow-up, told apart by `step`.
 */
export const taskCompletion = z
  .discriminatedUnion('step', [...taskDecision.options, surveyFollowUpDecision])
  .meta({ id: 'TaskCompletion' });
export type TaskCompletion = z.infer<typeof taskCompletion>;

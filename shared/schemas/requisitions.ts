import { z } from 'zod';
import {
  approvalDecisions,
  approvalLevels,
  makerChangeDecisions,
  requisitionActions,
  requisitionOrigins,
  requisitionStatuses,
} from '../domain/requisition.ts';
import { auditEventSchema } from './cases.ts';
import { entityId, instant, line, paragraph, plainDate } from './common.ts';
import { partNumber } from './parts.ts';

/**
 * Requisitions (请购单, requirements.md §4): parts beyond the reserve quota, checked against stock by
 * the warehouse keeper, approved by the department head and plant management, then bought; and the
 * reorder proposals (补货建议) made at the low quota.
 */

const requisitionLineInput = z.strictObject({
  partNumber,
  quantity: z.number().int().min(1).max(1_000_000),
  maker: line(200).optional().meta({
    description: "Maker (厂家); defaults to the catalogue's. Another for a key part needs the plant",
  }),
  model: line(200).optional().meta({ description: "Model (型号); defaults to the catalogue's" }),
});

/** POST /v1/requisitions. */
export const requisitionInput = z
  .strictObject({
    departmentId: entityId.optional().meta({
      description: "The requesting department: required for the warehouse; a department user's own is used",
    }),
    urgent: z
      .boolean()
      .default(false)
      .meta({ description: 'Urgent (急件): its arrival is announced to the requester at once' }),
    neededBy: plainDate.optional().meta({ description: 'Needed by (Beijing day); not in the past' }),
    reason: paragraph(2000),
    lines: z
      .array(requisitionLineInput)
      .min(1)
      .max(20)
      .superRefine((lines, context) => {
        const seen = new Set<string>();
        lines.forEach((l, index) => {
          if (seen.has(l.partNumber)) {
            context.addIssue({
              code: 'custom',
              message: 'requisitions.duplicatePart',
              path: [index, 'partNumber'],
            });
          }
          seen.add(l.partNumber);
        });
      })
      .meta({ description: 'Parts and quantities, each part once; every part must be in the catalogue' }),
  })
  .meta({ id: 'RequisitionInput' });
export type RequisitionInput = z.infer<typeof requisitionInput>;

const note = paragraph(2000).optional();

/** POST /v1/requisitions/{id}/stock-check. */
export const stockCheckInput = z.strictObject({ note }).meta({ id: 'RequisitionStockCheckInput' });
export type StockCheckInput = z.infer<typeof stockCheckInput>;

/** POST /v1/requisitions/{id}/approvals. */
export const approvalInput = z
  .strictObject({
    level: z.enum(approvalLevels).meta({
      description: '`department`: the department head (部门负责人); `plant`: plant management (厂领导)',
    }),
    decision: z.enum(approvalDecisions),
    note,
    makerChange: z
      .enum(makerChangeDecisions)
      .optional()
      .meta({
        description:
          "Plant level only, required when a line changes a key part's maker or model (三定). Approving the " +
          "requisition with the change `rejected` is refused: reject it, and request the catalogue's maker again",
      }),
  })
  .meta({ id: 'RequisitionApprovalInput' });
export type ApprovalInputBody = z.infer<typeof approvalInput>;

/** POST /v1/requisitions/{id}/order. */
export const orderInput = z
  .strictObject({
    supplier: line(200),
    expectedOn: plainDate.meta({ description: 'Expected arrival (Beijing day); not in the past' }),
    note,
  })
  .meta({ id: 'RequisitionOrderInput' });
export type OrderInput = z.infer<typeof orderInput>;

/** POST /v1/requisitions/{id}/delay-reports: the buyer's written report (书面报告) of a late purchase. */
export const delayReportInput = z
  .strictObject({
    learnedOn: plainDate.meta({ description: 'The day the buyer learned of the delay; not in the future' }),
    newExpectedOn: plainDate.meta({
      description: 'The new expected arrival: later than the one expected so far, not in the past',
    }),
    reason: paragraph(2000),
  })
  .meta({ id: 'PurchaseDelayReportInput' });
export type DelayReportInput = z.infer<typeof delayReportInput>;

/** POST /v1/requisitions/{id}/cancel. */
export const cancelInput = z.strictObject({ reason: paragraph(2000) }).meta({ id: 'RequisitionCancelInput' });
export type CancelInput = z.infer<typeof cancelInput>;

/** Who did it (staff `sub` and address); empty for the system (a reorder proposal). */
const by = z.object({ sub: z.string().optional(), email: z.string().optional() });

const requisitionLine = z.object({
  partNumber: z.string(),
  name: z.string(),
  quantity: z.number().int(),
  received: z.number().int().meta({ description: 'Units arrived so far (receipts for this requisition)' }),
  maker: z.string().optional(),
  model: z.string().optional(),
  makerChange: z
    .boolean()
    .meta({ description: "A key part line naming another maker or model than the catalogue's" }),
  onHandAtCheck: z.number().int().optional().meta({ description: 'Units in stock at the stock check' }),
});

const approval = z.object({
  decision: z.enum(approvalDecisions),
  at: instant,
  by,
  note: z.string().optional(),
});

export const requisitionSchema = z
  .object({
    id: z.string(),
    reference: z.string().meta({ description: '`QG-yyyymmdd-nnnn` (请购)' }),
    origin: z
      .enum(requisitionOrigins)
      .meta({ description: '`request`: asked for; `reorder`: proposed at the low quota' }),
    status: z.enum(requisitionStatuses),
    departmentId: z.string().optional(),
    requestedBy: by,
    urgent: z.boolean(),
    neededBy: plainDate.optional(),
    reason: z.string(),
    lines: z.array(requisitionLine),
    stockCheck: z.object({ at: instant, by, note: z.string().optional() }).optional(),
    approvals: z.object({
      department: approval.optional(),
      plant: approval.extend({ makerChange: z.enum(makerChangeDecisions).optional() }).optional(),
    }),
    order: z
      .object({ supplier: z.string(), expectedOn: plainDate, at: instant, by, note: z.string().optional() })
      .optional(),
    delayReports: z.array(
      z.object({
        learnedOn: plainDate,
        newExpectedOn: plainDate,
        reason: z.string(),
        reportedAt: instant,
        by,
        late: z.boolean().meta({ description: 'Reported more than 3 days after learnedOn (Beijing days)' }),
      }),
    ),
    delayReportOverdue: z
      .object({
        flaggedAt: instant,
        expectedOn: plainDate.meta({ description: 'The expected day the report was missed for' }),
      })
      .optional()
      .meta({ description: 'Set by the daily job: more than 3 days past expectedOn without a delay report' }),
    cancellation: z.object({ reason: z.string(), at: instant, by }).optional(),
    receivedAt: instant.optional().meta({ description: 'When the last line arrived in full' }),
    availableActions: z.array(z.enum(requisitionActions)).meta({ description: 'The legal next steps' }),
    version: z.number().int(),
    createdAt: instant,
    updatedAt: instant,
  })
  .meta({ id: 'Requisition' });
export type RequisitionView = z.infer<typeof requisitionSchema>;
export type RequisitionRecord = Omit<RequisitionView, 'availableActions'>;
export type RequisitionLine = RequisitionRecord['lines'][number];
export type Stamp = z.infer<typeof by>;

export const requisitionDetail = requisitionSchema
  .extend({ timeline: z.array(auditEventSchema) })
  .meta({ id: 'RequisitionDetail' });

export const requisitionListQuery = z.strictObject({
  status: z.enum(requisitionStatuses).optional(),
  origin: z.enum(requisitionOrigins).optional(),
  departmentId: entityId.optional().meta({ description: 'Department users: their own department only' }),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(2000).optional(),
});
export type RequisitionListQuery = z.infer<typeof requisitionListQuery>;

import { z } from 'zod';
import { inspectionOutcomes, returnActions, returnKinds, returnStatuses } from '../domain/returns.ts';
import { auditEventSchema } from './cases.ts';
import { entityId, line, paragraph, plainDate, productCategory } from './common.ts';

const returnLineInput = z.strictObject({
  productId: line(64).meta({ description: 'A product of the delivery (its `productId`)' }),
  quantity: z.number().int().min(1).max(100_000),
});

/** POST /v1/returns: an office asks to take back (退货) or exchange (换货) delivered goods. */
export const returnInput = z
  .strictObject({
    customerId: entityId.meta({ description: "The customer (an office user: one of their office's)" }),
    deliveryId: entityId.optional().meta({ description: 'The delivery; or give `orderRef` and `batch`' }),
    orderRef: line(64)
      .optional()
      .meta({ description: 'Order / contract ref of the delivery (with `batch`)' }),
    batch: line(64).optional(),
    kind: z
      .enum(returnKinds)
      .meta({ description: '`return` (退货, refund) or `exchange` (换货, replacement)' }),
    items: z
      .array(returnLineInput)
      .min(1)
      .max(50)
      .refine((items) => new Set(items.map((i) => i.productId)).size === items.length, {
        message: 'field.invalid',
      })
      .meta({ description: 'Products and quantities, each product once' }),
    reason: paragraph(2000),
  })
  .refine((r) => r.deliveryId !== undefined || (r.orderRef !== undefined && r.batch !== undefined), {
    message: 'field.batchOrOrderRequired',
    path: ['deliveryId'],
  })
  .meta({ id: 'ReturnInput' });
export type ReturnInput = z.infer<typeof returnInput>;

const note = paragraph(2000).optional();

/** POST /v1/returns/{id}/transitions: one step, told apart by `action`. */
export const returnTransition = z
  .discriminatedUnion('action', [
    z.strictObject({ action: z.literal('approve'), reason: paragraph(2000) }),
    z.strictObject({ action: z.literal('reject'), reason: paragraph(2000) }),
    z.strictObject({ action: z.literal('receive'), receivedOn: plainDate.optional(), note }),
    z.strictObject({
      action: z.literal('inspect'),
      outcome: z.enum(inspectionOutcomes).meta({
        description: '`confirmed`: the problem is real (replacement/refund follows); `notConfirmed`: close',
      }),
      findings: paragraph(2000),
    }),
    z.strictObject({
      action: z.literal('shipReplacement'),
      carrier: line(100).optional(),
      trackingNumber: line(100).optional(),
      shippedOn: plainDate.optional(),
      note,
    }),
    z.strictObject({
      action: z.literal('recordRefund'),
      amount: z.number().positive().max(100_000_000).meta({ description: 'Refunded amount (CNY)' }),
      paymentReference: line(100).optional(),
      refundedOn: plainDate.optional(),
      note,
    }),
    z.strictObject({ action: z.literal('close'), note }),
  ])
  .meta({ id: 'ReturnTransition' });
export type ReturnTransition = z.infer<typeof returnTransition>;

const returnLine = z.object({
  productId: z.string(),
  productName: z.string(),
  category: productCategory,
  quantity: z.number().int(),
});

const actorSchema = z.object({
  kind: z.enum(['public', 'staff', 'system']),
  sub: z.string().optional(),
  email: z.string().optional(),
  roles: z.array(z.string()).readonly().optional(),
});

export const returnSchema = z
  .object({
    id: z.string(),
    reference: z.string().meta({ description: '`TH-yyyymmdd-nnnn` (退货/换货)' }),
    status: z.enum(returnStatuses),
    kind: z.enum(returnKinds),
    customerId: z.string(),
    organization: z.string(),
    officeId: z.string(),
    deliveryId: z.string(),
    orderRef: z.string(),
    batch: z.string(),
    items: z.array(returnLine),
    reason: z.string(),
    submittedBy: actorSchema,
    decision: z
      .object({ approved: z.boolean(), reason: z.string(), at: z.string(), by: actorSchema })
      .optional(),
    receivedOn: plainDate.optional(),
    inspection: z
      .object({ outcome: z.enum(inspectionOutcomes), findings: z.string(), at: z.string() })
      .optional(),
    shipment: z
      .object({
        carrier: z.string().optional(),
        trackingNumber: z.string().optional(),
        shippedOn: plainDate,
      })
      .optional(),
    refund: z
      .object({ amount: z.number(), paymentReference: z.string().optional(), refundedOn: plainDate })
      .optional(),
    closedAt: z.string().optional(),
    availableActions: z.array(z.enum(returnActions)).meta({ description: 'The legal next steps' }),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Return' });
export type ReturnView = z.infer<typeof returnSchema>;
export type ReturnRecord = Omit<ReturnView, 'availableActions'>;

export const returnDetail = returnSchema
  .extend({ timeline: z.array(auditEventSchema) })
  .meta({ id: 'ReturnDetail' });

export const returnListQuery = z.strictObject({
  status: z.enum(returnStatuses).optional(),
  officeId: entityId.optional().meta({ description: 'Office users: their own office only' }),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(2000).optional(),
});
export type ReturnListQuery = z.infer<typeof returnListQuery>;

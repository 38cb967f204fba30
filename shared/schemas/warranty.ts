import { z } from 'zod';
import { email, line, phone, plainDate } from './common.ts';

/** The warranty look-up (保修查询): staff with a token, customers with the order ref and a contact. */
export const warrantyQuery = z
  .strictObject({
    orderRef: line(60).meta({ description: 'Order/contract ref (订单/合同编号)' }),
    batch: line(60).optional().meta({ description: 'Batch (批次): only deliveries of that batch' }),
    phone: phone.optional().meta({ description: "Public callers: one of the customer's contact phones" }),
    email: email.optional().meta({ description: "Public callers: one of the customer's contact emails" }),
  })
  .meta({ id: 'WarrantyQuery' });
export type WarrantyQuery = z.infer<typeof warrantyQuery>;

export const warrantyItemSchema = z
  .object({
    productId: z.string(),
    productName: z.string(),
    category: z.string(),
    quantity: z.number().int(),
    status: z
      .enum(['free', 'chargeable'])
      .meta({ description: 'free repair, or chargeable lifetime maintenance' }),
    basis: z.enum(['acceptance', 'delivery']),
    coverageStartsOn: plainDate,
    freeRepairEndsOn: plainDate.meta({ description: 'Last day of free repair (inclusive)' }),
    message: z.string(),
  })
  .meta({ id: 'WarrantyItem' });

export const warrantyLookupResult = z
  .object({
    orderRef: z.string(),
    asOf: plainDate.meta({ description: 'The Shanghai day the statuses are for' }),
    deliveries: z.array(
      z.object({
        deliveryId: z.string(),
        batch: z.string(),
        deliveredOn: plainDate,
        acceptedOn: plainDate.optional(),
        organization: z.string().optional().meta({ description: 'Staff only' }),
        customerId: z.string().optional().meta({ description: 'Staff only' }),
        items: z.array(warrantyItemSchema),
      }),
    ),
  })
  .meta({ id: 'WarrantyLookup' });

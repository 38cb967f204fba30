import { z } from 'zod';
import { lotOrigins } from '../domain/stock.ts';
import { cny, entityId, instant, line, paragraph, plainDate } from './common.ts';

/**
 * Spare parts (备品备件, requirements.md §4): the catalogue, stock in FIFO lots, and the movements of
 * the ledger. Amounts are yuan with at most two decimals in the API and integer fen in storage.
 */

/** standard; key "three fixed" part (三定: fixed model, spec and maker); non-standard self-made (非标自加工件). */
export const partCategories = ['standard', 'key', 'nonStandard'] as const;
export type PartCategory = (typeof partCategories)[number];

export const partNumber = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/)
  .meta({ description: 'Part number (配件编号): letters, digits, `.`, `_`, `-`; at most 40' });

export const partParams = z.strictObject({ partNumber });

const quantity = z.number().int().min(1).max(1_000_000);
/** The largest value of one lot (CNY): a thousand million yuan. */
const MAX_LOT_VALUE_YUAN = 1_000_000_000;
const quota = z.number().int().min(0).max(1_000_000);

/** What makes a part: the catalogue fields a new part needs. */
const partFields = {
  name: line(200),
  specification: line(500).meta({ description: 'Specification (规格)' }),
  maker: line(200).optional().meta({ description: 'Maker (厂家); required for key parts' }),
  model: line(200).optional().meta({ description: 'Model (型号); required for key parts' }),
  unit: line(20).meta({ description: 'Unit of issue: 件, 套, 米, ...' }),
  unitCost: cny.meta({ description: 'Standard unit cost (CNY) for plans; lots carry their own costs' }),
  category: z.enum(partCategories),
  drawing: z
    .strictObject({ reference: line(100), revision: line(20) })
    .optional()
    .meta({ description: 'Drawing reference and revision; required for non-standard self-made parts' }),
  location: line(60).meta({ description: 'Storage location (库位), e.g. A-03-2' }),
  lowQuota: quota.meta({
    description: 'Low reserve quota (储备定额下限): at or below it a reorder is proposed',
  }),
  highQuota: quota.meta({ description: 'High reserve quota (上限): a reorder fills up to it' }),
  fixedAsset: z
    .boolean()
    .default(false)
    .meta({ description: 'Fixed assets are scrapped by the asset procedure' }),
};

const categoryRules = <
  T extends z.ZodType<{
    category?: PartCategory;
    maker?: string | undefined;
    model?: string | undefined;
    drawing?: unknown;
    lowQuota?: number;
    highQuota?: number;
  }>,
>(
  schema: T,
) =>
  schema
    .refine((p) => p.category !== 'key' || p.maker !== undefined, {
      message: 'parts.keyPartMaker',
      path: ['maker'],
    })
    .refine((p) => p.category !== 'key' || p.model !== undefined, {
      message: 'parts.keyPartMaker',
      path: ['model'],
    })
    .refine((p) => p.category !== 'nonStandard' || p.drawing !== undefined, {
      message: 'parts.drawingRequired',
      path: ['drawing'],
    })
    .refine((p) => p.lowQuota === undefined || p.highQuota === undefined || p.highQuota >= p.lowQuota, {
      message: 'parts.quotaOrder',
      path: ['highQuota'],
    });

/** POST /v1/parts. */
export const partInput = categoryRules(z.strictObject({ partNumber, ...partFields })).meta({
  id: 'PartInput',
});
export type PartInput = z.infer<typeof partInput>;

/**
 * PATCH /v1/parts/{partNumber}: catalogue fields to change. A key part's maker, model or
 * specification is changed by management only (三定).
 */
export const partPatch = z
  .strictObject({
    name: partFields.name.optional(),
    specification: partFields.specification.optional(),
    maker: partFields.maker,
    model: partFields.model,
    unit: partFields.unit.optional(),
    unitCost: partFields.unitCost.optional(),
    drawing: partFields.drawing,
    location: partFields.location.optional(),
    lowQuota: quota.optional(),
    highQuota: quota.optional(),
  })
  .refine((p) => Object.keys(p).length > 0, { message: 'field.required', path: ['name'] })
  .meta({ id: 'PartPatch' });
export type PartPatch = z.infer<typeof partPatch>;

const money = z.number().meta({ description: 'CNY' });

export const lotSchema = z
  .object({
    lotId: z.string(),
    receivedOn: plainDate,
    quantity: z.number().int(),
    unitCost: money,
    value: money,
    origin: z.enum(lotOrigins),
    supplier: z.string().optional(),
  })
  .meta({ id: 'PartLot' });
export type LotView = z.infer<typeof lotSchema>;

export const stockCardSchema = z
  .object({
    onHand: z.number().int(),
    stockValue: money,
    toRepair: z.number().int().meta({ description: 'Replaced units waiting for repair (修旧利废)' }),
  })
  .meta({ id: 'StockCard' });

/** A part as answered: catalogue, stock card, and whether it stands at or below its low quota. */
export const partSchema = z
  .object({
    partNumber: z.string(),
    name: z.string(),
    specification: z.string(),
    maker: z.string().optional(),
    model: z.string().optional(),
    unit: z.string(),
    unitCost: money,
    category: z.enum(partCategories),
    drawing: z.object({ reference: z.string(), revision: z.string() }).optional(),
    location: z.string(),
    lowQuota: z.number().int(),
    highQuota: z.number().int(),
    fixedAsset: z.boolean(),
    stock: stockCardSchema,
    belowLowQuota: z.boolean(),
    openReorderId: z.string().optional().meta({ description: 'The open reorder proposal (a requisition)' }),
    version: z.number().int(),
    createdAt: instant,
    updatedAt: instant,
  })
  .meta({ id: 'Part' });
export type PartView = z.infer<typeof partSchema>;

export const partDetail = partSchema
  .extend({ lots: z.array(lotSchema).meta({ description: 'Lots in stock, oldest (next to issue) first' }) })
  .meta({ id: 'PartDetail' });

export const partListQuery = z.strictObject({
  category: z.enum(partCategories).optional(),
  belowLowQuota: z
    .enum(['true', 'false'])
    .optional()
    .meta({ description: '`true`: only parts at or below their low quota' }),
  q: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .meta({ description: 'Search in number, name, spec, maker, model' }),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2000).optional(),
});
export type PartListQuery = z.infer<typeof partListQuery>;

/** Where issued units went: a service request (repair visit) or a department. */
export const issueDestination = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('serviceRequest'), caseId: entityId }),
    z.strictObject({ kind: z.literal('department'), departmentId: entityId, purpose: line(200) }),
  ])
  .meta({ id: 'IssueDestination' });
export type IssueDestination = z.infer<typeof issueDestination>;

/** Receiving inspection (验收): accepted into stock, or rejected and returned to the buyer with a written note. */
export const receiptInspection = z.discriminatedUnion('result', [
  z.strictObject({ result: z.literal('accepted'), note: paragraph(1000).optional() }),
  z.strictObject({
    result: z.literal('rejected'),
    note: paragraph(2000).meta({ description: 'The written note returned with the parts to the buyer' }),
  }),
]);

/** POST /v1/parts/{partNumber}/receipts. */
export const receiptInput = z
  .strictObject({
    quantity,
    unitCost: cny.meta({ description: 'Unit cost of this lot (CNY)' }),
    supplier: line(200),
    receivedOn: plainDate.optional().meta({ description: 'Defaults to today (Beijing); not in the future' }),
    inspection: receiptInspection,
    requisitionId: entityId.optional().meta({ description: 'The requisition (purchase) this arrival fills' }),
  })
  // Keeps every value an exact integer of fen (far below 2^53) whatever the quantity and cost.
  .refine((r) => r.quantity * r.unitCost <= MAX_LOT_VALUE_YUAN, {
    message: 'parts.lotValueTooLarge',
    path: ['unitCost'],
  })
  .meta({ id: 'PartReceiptInput' });
export type ReceiptInput = z.infer<typeof receiptInput>;

/** POST /v1/parts/{partNumber}/issues: first in, first out. */
export const issueInput = z
  .strictObject({ quantity, to: issueDestination, note: paragraph(1000).optional() })
  .meta({ id: 'PartIssueInput' });
export type IssueInput = z.infer<typeof issueInput>;

/** POST /v1/parts/{partNumber}/surplus-returns: units of an issue not used, back to the lots they came from. */
export const surplusReturnInput = z
  .strictObject({
    issueSeq: z.number().int().min(1).meta({ description: 'The ledger entry (`seq`) of the issue' }),
    quantity,
    note: paragraph(1000).optional(),
  })
  .meta({ id: 'PartSurplusReturnInput' });
export type SurplusReturnInput = z.infer<typeof surplusReturnInput>;

/** POST /v1/parts/{partNumber}/transfers: out of this stock (调拨), by management. */
export const transferInput = z
  .strictObject({ quantity, destination: line(200), reason: paragraph(1000) })
  .meta({ id: 'PartTransferInput' });
export type TransferInput = z.infer<typeof transferInput>;

/** POST /v1/parts/{partNumber}/to-repair: replaced parts collected for repair, with the cause (必填). */
export const toRepairInput = z
  .strictObject({
    quantity,
    cause: paragraph(1000).meta({ description: 'Why the part was replaced' }),
    caseId: entityId.optional().meta({ description: 'The service request it was replaced on' }),
  })
  .meta({ id: 'PartToRepairInput' });
export type ToRepairInput = z.infer<typeof toRepairInput>;

/** POST /v1/parts/{partNumber}/repairs: units waiting for repair repaired into reused lots, or found unrepairable. */
export const repairInput = z
  .discriminatedUnion('outcome', [
    z.strictObject({
      outcome: z.literal('repaired'),
      quantity,
      repairCost: cny
        .default(0)
        .meta({ description: "Repair cost per unit (CNY): the reused lot's unit cost" }),
      note: paragraph(1000).optional(),
    }),
    z.strictObject({ outcome: z.literal('unrepairable'), quantity, note: paragraph(1000) }),
  ])
  .meta({ id: 'PartRepairInput' });
export type RepairInput = z.infer<typeof repairInput>;

/** The kinds of ledger entries (帐). */
export const ledgerKinds = [
  'created',
  'updated',
  'receipt',
  'receiptRejected',
  'issue',
  'surplusReturn',
  'transferOut',
  'scrap',
  'toRepair',
  'repaired',
  'unrepairable',
] as const;
export type LedgerKind = (typeof ledgerKinds)[number];

const allocationSchema = z.object({
  lotId: z.string(),
  receivedOn: plainDate,
  quantity: z.number().int(),
  unitCost: money,
  origin: z.enum(lotOrigins),
});

/** One entry of a part's ledger: what it changed, the card after it, and the lots it touched. */
export const ledgerEntrySchema = z
  .object({
    seq: z.number().int(),
    kind: z.enum(ledgerKinds),
    at: instant,
    by: z.object({ sub: z.string().optional(), email: z.string().optional() }).optional(),
    quantity: z.number().int().meta({ description: 'Units in (+) or out (-) of stock' }),
    value: money.meta({ description: 'Stock value in (+) or out (-)' }),
    toRepair: z.number().int(),
    balance: stockCardSchema,
    allocations: z.array(allocationSchema).optional(),
    data: z.record(z.string(), z.unknown()).meta({ description: 'Destination, supplier, cause, note, ...' }),
    hash: z.string(),
  })
  .meta({ id: 'LedgerEntry' });
export type LedgerEntryView = z.infer<typeof ledgerEntrySchema>;

export const ledgerQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(2000).optional(),
});

const figures = z.object({ quantity: z.number().int(), value: money, toRepair: z.number().int() });

/** GET /v1/parts/{partNumber}/reconcile: 帐、卡、物 compared. */
export const reconciliationSchema = z
  .object({
    partNumber: z.string(),
    agrees: z.boolean(),
    card: figures,
    ledger: figures.extend({ entries: z.number().int() }),
    lots: z.object({ quantity: z.number().int(), value: money, count: z.number().int() }),
    differences: z.array(
      z.object({
        figure: z.enum(['quantity', 'value', 'toRepair']),
        card: z.number(),
        ledger: z.number(),
        lots: z.number().optional(),
      }),
    ),
    chainIntact: z.boolean().meta({ description: "The ledger's hash chain verifies" }),
    checkedAt: instant,
  })
  .meta({ id: 'StockReconciliation' });
export type ReconciliationView = z.infer<typeof reconciliationSchema>;

/** What a movement route answers: the ledger entry it wrote and the part after it. */
export const movementResult = z
  .object({ entry: ledgerEntrySchema, part: partSchema })
  .meta({ id: 'StockMovementResult' });

import { z } from 'zod';
import { lotOrigins } from '../domain/stock.ts';
import { instant, plainDate } from './common.ts';
import { month } from './reports.ts';

/**
 * The spare-parts report (备品备件统计, requirements.md §4, issue 7): repair spend, the accuracy and
 * turnover ratios of the procedure, repair and reuse (修旧利废), stock value; and the lots kept
 * too long. Amounts in yuan (computed in integer fen); ratios 4 decimals.
 */

const money = z.number().meta({ description: 'CNY' });
const units = z.number().int();
const ratio = (description: string) => z.number().nullable().meta({ description });

const figures = {
  repairSpend: money.meta({
    description: 'Repair spend (维修费用, CNY): value issued, net of surplus returned to stock',
  }),
  quotaRepairSpend: money.meta({
    description: 'The repair spend on parts stocked to a reserve quota (high quota above zero)',
  }),
  accuracyRatio: ratio(
    'Accuracy ratio (储备定额准确率) = quotaRepairSpend / repairSpend, 4 decimals; null when repairSpend is not above zero',
  ),
  stockValue: money.nullable().meta({
    description:
      "Stock value (库存金额, CNY): a month's snapshot; in the total, the mean of the months that have one; null: none",
  }),
  quotaStockValue: money.nullable().meta({
    description: 'The stock value of the parts with a reserve quota, as `stockValue`',
  }),
  turnoverRatio: ratio(
    'Turnover ratio (周转率) = quotaRepairSpend / quotaStockValue, 4 decimals; null when the value is missing or not above zero',
  ),
  issuedUnits: units.meta({ description: 'Units issued (领用)' }),
  reusedIssuedUnits: units.meta({ description: 'Units issued from repaired (reused) lots' }),
  surplusReturnedUnits: units.meta({ description: 'Units of issues returned as surplus (余料退库)' }),
  receivedUnits: units.meta({ description: 'Units received into stock after inspection' }),
  receivedValue: money.meta({ description: 'Their value (CNY)' }),
  rejectedReceipts: units.meta({ description: 'Receipts rejected at inspection' }),
  toRepairUnits: units.meta({ description: 'Replaced units booked for repair (旧件回收)' }),
  repairedUnits: units.meta({ description: 'Units repaired and returned to stock as reused lots' }),
  unrepairableUnits: units.meta({ description: 'Units found unrepairable' }),
  reuseRate: ratio(
    'Reuse rate (修旧利废率) = repairedUnits / toRepairUnits, 4 decimals; null when none was booked for repair',
  ),
  transferredUnits: units.meta({ description: 'Units transferred out (调拨出库)' }),
  transferredValue: money,
  scrappedUnits: units.meta({ description: 'Units scrapped (报废)' }),
  scrappedValue: money,
};

/** The figures in the order of the procedure: spend and ratios, stock, movements, reuse (tables, CSV). */
export const partsFigureNames = Object.keys(figures) as (keyof typeof figures)[];

export const partsFiguresSchema = z.object(figures).meta({ id: 'PartsFigures' });
export type PartsFigures = z.infer<typeof partsFiguresSchema>;

export const partsStockNowSchema = z
  .object({
    value: money.meta({ description: 'Stock value of every part now (CNY)' }),
    quotaValue: money.meta({ description: 'Stock value of the parts with a reserve quota' }),
    parts: units.meta({ description: 'Parts in the catalogue' }),
    quotaParts: units.meta({ description: 'Parts with a reserve quota' }),
    belowLowQuota: units.meta({ description: 'Parts with a quota at or below their low quota' }),
    toRepairUnits: units.meta({ description: 'Replaced units waiting for repair' }),
    asOf: instant,
  })
  .meta({ id: 'PartsStockNow' });
export type PartsStockNow = z.infer<typeof partsStockNowSchema>;

export const partsReportSchema = z
  .object({
    from: month,
    to: month,
    months: z.array(
      z.object({
        month,
        ...figures,
        stockValuedAt: instant.nullable().meta({
          description:
            "When the month's stock values were taken: the snapshot's time, or now for the current month without one",
        }),
      }),
    ),
    total: partsFiguresSchema,
    stock: partsStockNowSchema,
  })
  .meta({ id: 'PartsReport' });
export type PartsReport = z.infer<typeof partsReportSchema>;

export const oldLotsQuery = z.strictObject({
  olderThanDays: z.coerce
    .number()
    .int()
    .min(1)
    .max(3650)
    .default(180)
    .meta({ description: 'Lots received more than this many days ago (Asia/Shanghai days); default 180' }),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2000).optional(),
});
export type OldLotsQuery = z.infer<typeof oldLotsQuery>;

export const oldLotSchema = z
  .object({
    partNumber: z.string(),
    name: z.string().optional().meta({ description: "The part's name (absent if not in the catalogue)" }),
    unit: z.string().optional(),
    location: z.string().optional().meta({ description: 'Storage location (库位)' }),
    lotId: z.string(),
    receivedOn: plainDate,
    ageDays: units.meta({ description: 'Days since receipt (Asia/Shanghai)' }),
    quantity: units,
    unitCost: money,
    value: money,
    origin: z.enum(lotOrigins),
    supplier: z.string().optional(),
  })
  .meta({ id: 'OldLot' });
export type OldLot = z.infer<typeof oldLotSchema>;

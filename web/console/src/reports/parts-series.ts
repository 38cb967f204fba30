import {
  type OldLot,
  type PartsFigures,
  type PartsReport,
  partsFigureNames,
} from '../../../../shared/schemas/parts-report.ts';
import { percentPoints } from './series.ts';

/**
 * The spare-parts report page's data shaping (备品备件统计): report JSON -> chart series and the
 * figures table's rows. Pure, so jest tests it (test/unit/console-parts-report.test.ts).
 */

export type { OldLot, PartsFigures, PartsReport };

/** The movement counters: a period where all are zero had no stock movement at all. */
const movementFigures = [
  'issuedUnits',
  'surplusReturnedUnits',
  'receivedUnits',
  'rejectedReceipts',
  'toRepairUnits',
  'repairedUnits',
  'unrepairableUnits',
  'transferredUnits',
  'scrappedUnits',
] as const satisfies readonly (keyof PartsFigures)[];

/** Nothing to show: no part in the catalogue and no movement in the period. */
export const partsEmpty = (report: PartsReport): boolean =>
  report.stock.parts === 0 && movementFigures.every((figure) => report.total[figure] === 0);

/** The figures of the table, in the order of the procedure (shared/schemas/parts-report.ts). */
export const partsFigureOrder = partsFigureNames;
export type PartsFigure = (typeof partsFigureOrder)[number];

/** How a figure reads: an amount in CNY, a ratio (0-1), or a count of units. */
export const figureKind = (figure: PartsFigure): 'money' | 'ratio' | 'units' =>
  figure.endsWith('Ratio') || figure === 'reuseRate'
    ? 'ratio'
    : figure.endsWith('Spend') || figure.endsWith('Value')
      ? 'money'
      : 'units';

/** The chart's series, one value per month: spend in CNY, the accuracy ratio in percent points. */
export function partsSeries(report: PartsReport) {
  const months = report.months;
  return {
    months: months.map((m) => m.month),
    repairSpend: months.map((m) => m.repairSpend),
    quotaRepairSpend: months.map((m) => m.quotaRepairSpend),
    /** null for a month without repair spend (a gap in the line). */
    accuracyRatio: months.map((m) => percentPoints(m.accuracyRatio)),
    turnoverRatio: months.map((m) => m.turnoverRatio),
    reuseRate: months.map((m) => percentPoints(m.reuseRate)),
  };
}

/** The repair spend outside the reserve quotas (parts bought as needed) in the period. */
export const outsideQuotaSpend = (figures: Pick<PartsFigures, 'repairSpend' | 'quotaRepairSpend'>): number =>
  Math.round((figures.repairSpend - figures.quotaRepairSpend) * 100) / 100;

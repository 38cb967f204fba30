import { addDays, addYears, type PlainDate } from '../calendar/plain-date.ts';

/** requirements.md §0: 2年免费保修, then 终身维护保养 (chargeable). */
export const FREE_WARRANTY_YEARS = 2;

export interface DeliveredGoods {
  readonly deliveryId: string;
  readonly deliveredOn: PlainDate;
  /** 验收 date; the warranty runs from acceptance, or from delivery when there was none. */
  readonly acceptedOn?: PlainDate;
}

export type WarrantyDecision =
  | {
      readonly status: 'free' | 'chargeable';
      readonly basis: 'acceptance' | 'delivery';
      readonly coverageStartsOn: PlainDate;
      /** Last day of free repair, inclusive: the day before the 2nd anniversary. */
      readonly freeRepairEndsOn: PlainDate;
      readonly deliveryId: string;
    }
  | { readonly status: 'unknown'; readonly reason: 'no-delivery' | 'ambiguous' };

/**
 * Decides whether a repair on `on` (a Shanghai calendar day) is free. Free from the
 * acceptance date (delivery date if none) up to and including the day before the
 * second anniversary; chargeable lifetime maintenance after that.
 */
export function warrantyFor(goods: DeliveredGoods, on: PlainDate): WarrantyDecision {
  const basis = goods.acceptedOn ? 'acceptance' : 'delivery';
  const coverageStartsOn = goods.acceptedOn ?? goods.deliveredOn;
  const freeRepairEndsOn = addDays(addYears(coverageStartsOn, FREE_WARRANTY_YEARS), -1);
  const status = on <= freeRepairEndsOn ? 'free' : 'chargeable';
  return { status, basis, coverageStartsOn, freeRepairEndsOn, deliveryId: goods.deliveryId };
}

/**
 * The decision for a request that names an order and/or batch: the matching delivery
 * decides; none is `unknown/no-delivery`; several that start their warranty on
 * different days are `unknown/ambiguous` (Customer Service then confirms by hand).
 */
export function warrantyForCandidates(
  candidates: readonly DeliveredGoods[],
  on: PlainDate,
): WarrantyDecision {
  const [first] = candidates;
  if (!first) return { status: 'unknown', reason: 'no-delivery' };
  const starts = new Set(candidates.map((goods) => goods.acceptedOn ?? goods.deliveredOn));
  if (starts.size > 1) return { status: 'unknown', reason: 'ambiguous' };
  return warrantyFor(first, on);
}

import type { Allocation, StockDelta } from './stock.ts';

/**
 * The monthly counters of spare-parts movements (`STATS#parts`, `MONTH#<yyyy-mm>`), added in the
 * transaction of each movement. Repair spend (维修费用) is the value issued for repairs, net of
 * surplus returned; "in quota" counts parts stocked to a reserve quota (high quota above zero).
 */
export const partsCounterNames = [
  'repairSpendFen',
  'quotaRepairSpendFen',
  'issuedUnits',
  'reusedIssuedUnits',
  'surplusReturnedUnits',
  'receivedUnits',
  'receivedValueFen',
  'rejectedReceipts',
  'toRepairUnits',
  'repairedUnits',
  'unrepairableUnits',
  'transferredUnits',
  'transferredValueFen',
  'scrappedUnits',
  'scrappedValueFen',
] as const;
export type PartsCounterName = (typeof partsCounterNames)[number];
export type PartsCounters = Partial<Record<PartsCounterName, number>>;

/** What a movement of one kind adds to the month's counters. */
export function partsCounterChange(
  kind: string,
  delta: StockDelta,
  allocations: readonly Allocation[],
  inQuota: boolean,
): PartsCounters {
  const units = Math.abs(delta.quantity);
  const value = Math.abs(delta.valueFen);
  const spend = (by: number) => ({ repairSpendFen: by, ...(inQuota ? { quotaRepairSpendFen: by } : {}) });
  switch (kind) {
    case 'issue':
      // A repair visit books the replaced parts back (to repair) in its issue of the new ones.
      return {
        ...spend(value),
        ...(delta.toRepair > 0 ? { toRepairUnits: delta.toRepair } : {}),
        issuedUnits: units,
        reusedIssuedUnits: allocations
          .filter((a) => a.origin === 'reused')
          .reduce((n, a) => n + a.quantity, 0),
      };
    case 'surplusReturn':
      return { ...spend(-value), surplusReturnedUnits: units };
    case 'receipt':
      return { receivedUnits: units, receivedValueFen: value };
    case 'receiptRejected':
      return { rejectedReceipts: 1 };
    case 'toRepair':
      return { toRepairUnits: delta.toRepair };
    case 'repaired':
      return { repairedUnits: units };
    case 'unrepairable':
      return { unrepairableUnits: -delta.toRepair };
    case 'transferOut':
      return { transferredUnits: units, transferredValueFen: value };
    case 'scrap':
      return { scrappedUnits: units, scrappedValueFen: value };
    default:
      return {};
  }
}

/** Counters of several movements added up, for the one update of a transaction. */
export function sumCounters(all: readonly PartsCounters[]): PartsCounters {
  const sum: PartsCounters = {};
  for (const counters of all) {
    for (const [name, by] of Object.entries(counters) as [PartsCounterName, number][])
      sum[name] = (sum[name] ?? 0) + by;
  }
  return sum;
}

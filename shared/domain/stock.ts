import type { PlainDate } from '../calendar/plain-date.ts';

/**
 * Spare-parts stock (requirements.md §4), pure: lots issued first in, first out (先进先出), the
 * stock card a movement leaves, and the check that ledger, card and lots agree (帐、物、卡相符).
 * Money is integer fen throughout: a unit cost times a quantity is exact, sums never drift.
 */

/** Where a lot came from: bought and accepted, or a replaced part repaired for reuse (修旧利废). */
export const lotOrigins = ['purchase', 'reused'] as const;
export type LotOrigin = (typeof lotOrigins)[number];

/** A receipt's units still in stock, at the unit cost they were received at. */
export interface Lot {
  readonly lotId: string;
  readonly receivedOn: PlainDate;
  readonly quantity: number;
  readonly unitCostFen: number;
  readonly origin: LotOrigin;
  readonly supplier?: string;
}

/** Units a movement took from (or gave back to) one lot. */
export interface Allocation {
  readonly lotId: string;
  readonly receivedOn: PlainDate;
  readonly quantity: number;
  readonly unitCostFen: number;
  readonly origin: LotOrigin;
  readonly supplier?: string;
}

/** The stock card (卡) of one part: units and value in stock, replaced units waiting for repair. */
export interface StockCard {
  readonly onHand: number;
  readonly stockValueFen: number;
  readonly toRepair: number;
}

export const emptyCard: StockCard = { onHand: 0, stockValueFen: 0, toRepair: 0 };

/** What one ledger entry (帐) changes. Receipts and returns add, issues, transfers and scraps take. */
export interface StockDelta {
  readonly quantity: number;
  readonly valueFen: number;
  readonly toRepair: number;
}

export const noDelta: StockDelta = { quantity: 0, valueFen: 0, toRepair: 0 };

/** FIFO order: the earliest receipt day first, then the earlier lot of that day (ids sort by time). */
export const fifoOrder = (a: Pick<Lot, 'receivedOn' | 'lotId'>, b: Pick<Lot, 'receivedOn' | 'lotId'>) =>
  a.receivedOn === b.receivedOn
    ? a.lotId < b.lotId
      ? -1
      : a.lotId > b.lotId
        ? 1
        : 0
    : a.receivedOn < b.receivedOn
      ? -1
      : 1;

const allocationOf = (lot: Lot, quantity: number): Allocation => ({
  lotId: lot.lotId,
  receivedOn: lot.receivedOn,
  quantity,
  unitCostFen: lot.unitCostFen,
  origin: lot.origin,
  ...(lot.supplier !== undefined ? { supplier: lot.supplier } : {}),
});

/**
 * The units `quantity` takes, oldest lot first; undefined when the lots hold fewer. Lots with
 * nothing left are skipped.
 */
export function allocateFifo(lots: readonly Lot[], quantity: number): Allocation[] | undefined {
  assertUnits(quantity);
  const allocations: Allocation[] = [];
  let wanted = quantity;
  for (const lot of [...lots].sort(fifoOrder)) {
    if (wanted === 0) break;
    const taken = Math.min(lot.quantity, wanted);
    if (taken > 0) allocations.push(allocationOf(lot, taken));
    wanted -= taken;
  }
  return wanted === 0 ? allocations : undefined;
}

/** `quantity` units of one named lot (a damaged lot scrapped); undefined when it holds fewer. */
export function allocateFromLot(
  lots: readonly Lot[],
  lotId: string,
  quantity: number,
): Allocation[] | undefined {
  assertUnits(quantity);
  const lot = lots.find((l) => l.lotId === lotId);
  return lot && lot.quantity >= quantity ? [allocationOf(lot, quantity)] : undefined;
}

/**
 * The units of an issue that a surplus return gives back, to the lots they came from, the
 * newest first (so what stays out is the oldest, as FIFO would have it). `alreadyReturned` units
 * of the issue came back before; undefined when more would come back than were issued.
 */
export function allocateReturn(
  issued: readonly Allocation[],
  alreadyReturned: number,
  quantity: number,
): Allocation[] | undefined {
  assertUnits(quantity);
  const newestFirst = [...issued].sort(fifoOrder).reverse();
  let skip = alreadyReturned;
  let wanted = quantity;
  const back: Allocation[] = [];
  for (const allocation of newestFirst) {
    const free = allocation.quantity - Math.min(skip, allocation.quantity);
    skip = Math.max(0, skip - allocation.quantity);
    const taken = Math.min(free, wanted);
    if (taken > 0) back.push({ ...allocation, quantity: taken });
    wanted -= taken;
    if (wanted === 0) break;
  }
  return wanted === 0 ? back : undefined;
}

export const valueOfAllocations = (allocations: readonly Allocation[]): number =>
  allocations.reduce((sum, a) => sum + a.quantity * a.unitCostFen, 0);

export const unitsOf = (allocations: readonly { quantity: number }[]): number =>
  allocations.reduce((sum, a) => sum + a.quantity, 0);

/** The lots after `allocations` were taken from them (taken: -1) or given back (+1); empty lots drop out. */
export function applyAllocations(
  lots: readonly Lot[],
  allocations: readonly Allocation[],
  sign: 1 | -1,
): Lot[] {
  const byId = new Map(lots.map((lot) => [lot.lotId, lot]));
  for (const a of allocations) {
    const lot = byId.get(a.lotId);
    const quantity = (lot?.quantity ?? 0) + sign * a.quantity;
    if (quantity < 0) throw new RangeError(`lot ${a.lotId} would hold ${quantity}`);
    byId.set(a.lotId, { ...(lot ?? a), quantity });
  }
  return [...byId.values()].filter((lot) => lot.quantity > 0).sort(fifoOrder);
}

/**
 * The card after a ledger entry; a negative balance is a bug upstream, refused here, and so is a
 * figure beyond 2^53 (fen would no longer be exact).
 */
export function applyDelta(card: StockCard, delta: StockDelta): StockCard {
  const next = {
    onHand: card.onHand + delta.quantity,
    stockValueFen: card.stockValueFen + delta.valueFen,
    toRepair: card.toRepair + delta.toRepair,
  };
  if (!Object.values(next).every(Number.isSafeInteger)) {
    throw new RangeError(`stock card beyond exact integers: ${JSON.stringify(next)}`);
  }
  if (next.onHand < 0 || next.stockValueFen < 0 || next.toRepair < 0) {
    throw new RangeError(`stock card would go negative: ${JSON.stringify(next)}`);
  }
  return next;
}

export const sumDeltas = (deltas: readonly StockDelta[]): StockDelta =>
  deltas.reduce(
    (sum, d) => ({
      quantity: sum.quantity + d.quantity,
      valueFen: sum.valueFen + d.valueFen,
      toRepair: sum.toRepair + d.toRepair,
    }),
    noDelta,
  );

/** One figure on which two of the three records disagree. */
export interface StockDifference {
  readonly figure: 'quantity' | 'valueFen' | 'toRepair';
  readonly card: number;
  readonly ledger: number;
  /** Undefined for `toRepair`: replaced parts waiting for repair are not lots. */
  readonly lots?: number;
}

export interface Reconciliation {
  readonly agrees: boolean;
  readonly card: { readonly quantity: number; readonly valueFen: number; readonly toRepair: number };
  readonly ledger: StockDelta;
  readonly lots: { readonly quantity: number; readonly valueFen: number; readonly count: number };
  readonly differences: readonly StockDifference[];
}

/**
 * 帐、卡、物相符: the stock card, the sum of the ledger entries and the lots in stock must show
 * the same units and value (and card and ledger the same units to repair).
 */
export function reconcile(
  card: StockCard,
  ledger: readonly StockDelta[],
  lots: readonly Lot[],
): Reconciliation {
  const booked = sumDeltas(ledger);
  const inLots = {
    quantity: unitsOf(lots),
    valueFen: lots.reduce((sum, lot) => sum + lot.quantity * lot.unitCostFen, 0),
    count: lots.filter((lot) => lot.quantity > 0).length,
  };
  const differences: StockDifference[] = [];
  if (card.onHand !== booked.quantity || card.onHand !== inLots.quantity) {
    differences.push({
      figure: 'quantity',
      card: card.onHand,
      ledger: booked.quantity,
      lots: inLots.quantity,
    });
  }
  if (card.stockValueFen !== booked.valueFen || card.stockValueFen !== inLots.valueFen) {
    differences.push({
      figure: 'valueFen',
      card: card.stockValueFen,
      ledger: booked.valueFen,
      lots: inLots.valueFen,
    });
  }
  if (card.toRepair !== booked.toRepair) {
    differences.push({ figure: 'toRepair', card: card.toRepair, ledger: booked.toRepair });
  }
  return {
    agrees: differences.length === 0,
    card: { quantity: card.onHand, valueFen: card.stockValueFen, toRepair: card.toRepair },
    ledger: booked,
    lots: inLots,
    differences,
  };
}

/** Integer fen of an amount in yuan given with at most two decimals (validated by the `cny` schema). */
export const fenOf = (yuan: number): number => Math.round(yuan * 100);

/** Yuan for display and the API (fen / 100; exact for every integer fen below 2^53 / 100). */
export const yuanOf = (fen: number): number => fen / 100;

function assertUnits(quantity: number): void {
  if (!Number.isSafeInteger(quantity) || quantity < 1) throw new RangeError(`bad quantity ${quantity}`);
}

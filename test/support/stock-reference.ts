import fc from 'fast-check';
import type { Lot, LotOrigin } from '../../shared/domain/stock.ts';

/**
 * A deliberately naive model of one part's stock for the property tests: every unit in stock is
 * its own entry with its lot, receipt day and cost in fen, so "first in, first out" is a sort and
 * values are plain sums. It shares no code with shared/domain/stock.ts.
 */
export interface Unit {
  readonly lotId: string;
  readonly receivedOn: string;
  readonly unitCostFen: number;
  readonly origin: LotOrigin;
  readonly supplier?: string;
}

/** Receipt day, then the lot booked earlier (lot ids sort by booking time: `L0001`..., or ULIDs). */
const ageKey = (unit: Pick<Unit, 'receivedOn' | 'lotId'>) => `${unit.receivedOn}|${unit.lotId}`;
const olderFirst = (a: Unit, b: Unit) => (ageKey(a) < ageKey(b) ? -1 : ageKey(a) > ageKey(b) ? 1 : 0);

export const sumFen = (units: readonly Unit[]) => units.reduce((sum, unit) => sum + unit.unitCostFen, 0);

/** Units grouped back into lots (what a lot list or an allocation list should show), oldest first. */
export function lotsOf(units: readonly Unit[]): Lot[] {
  const byLot = new Map<string, Lot>();
  for (const unit of [...units].sort(olderFirst)) {
    const lot = byLot.get(unit.lotId);
    byLot.set(unit.lotId, { ...unit, quantity: (lot?.quantity ?? 0) + 1 });
  }
  return [...byLot.values()];
}

export class StockReference {
  private stock: Unit[] = [];
  /** Units of each issue still out (not returned), by issue number. */
  private readonly outstanding: Unit[][] = [];
  toRepair = 0;
  /** Ledger entries booked (refused commands book none). */
  entries = 0;

  get onHand(): number {
    return this.stock.length;
  }
  get valueFen(): number {
    return sumFen(this.stock);
  }
  get issues(): number {
    return this.outstanding.length;
  }
  lots(): Lot[] {
    return lotsOf(this.stock);
  }

  receive({ quantity, ...unit }: Lot): void {
    this.stock.push(...Array.from({ length: quantity }, () => unit));
    this.entries += 1;
  }

  reject(): void {
    this.entries += 1;
  }

  /** Issue, transfer or scrap first in, first out: the oldest units; undefined (nothing booked) when short. */
  takeOldest(quantity: number): Unit[] | undefined {
    if (quantity > this.stock.length) return undefined;
    const sorted = [...this.stock].sort(olderFirst);
    this.stock = sorted.slice(quantity);
    this.entries += 1;
    return sorted.slice(0, quantity);
  }

  /** An issue: the oldest units, remembered for surplus returns. */
  issue(quantity: number): { issue: number; taken: Unit[] } | undefined {
    const taken = this.takeOldest(quantity);
    if (!taken) return undefined;
    this.outstanding.push([...taken]);
    return { issue: this.outstanding.length - 1, taken };
  }

  /** Units of one named lot (a damaged lot scrapped); undefined when it holds fewer. */
  takeFromLot(lotId: string, quantity: number): Unit[] | undefined {
    const ofLot = this.stock.filter((unit) => unit.lotId === lotId);
    if (quantity > ofLot.length) return undefined;
    let left = quantity;
    this.stock = this.stock.filter((unit) => unit.lotId !== lotId || left-- <= 0);
    this.entries += 1;
    return ofLot.slice(0, quantity);
  }

  /** Surplus of an issue back to stock: the newest of its units still out; undefined when more than out. */
  giveBack(issue: number, quantity: number): Unit[] | undefined {
    const out = this.outstanding[issue];
    if (!out || quantity > out.length) return undefined;
    const newestFirst = [...out].sort(olderFirst).reverse();
    const back = newestFirst.slice(0, quantity);
    this.outstanding[issue] = newestFirst.slice(quantity);
    this.stock.push(...back);
    this.entries += 1;
    return back;
  }

  bookToRepair(quantity: number): void {
    this.toRepair += quantity;
    this.entries += 1;
  }

  /** Repaired units back as a reused lot; false (nothing booked) when fewer wait. */
  repair(lot: Lot): boolean {
    if (lot.quantity > this.toRepair) return false;
    this.toRepair -= lot.quantity;
    this.receive(lot);
    return true;
  }

  unrepairable(quantity: number): boolean {
    if (quantity > this.toRepair) return false;
    this.toRepair -= quantity;
    this.entries += 1;
    return true;
  }
}

/** Unit costs in fen, awkward as yuan (0.1, 0.7, 0.29 ... have no exact binary fraction) and plain. */
export const unitCostFen = fc.oneof(
  fc.constantFrom(0, 1, 10, 29, 57, 70, 115, 435, 820, 1999, 3333, 10_01, 99_999_99),
  fc.integer({ min: 0, max: 5_000_00 }),
);

/** Mostly up to `usual` units, sometimes far more than any stock holds (refused). */
const units = (usual: number) =>
  fc.oneof(
    { weight: 9, arbitrary: fc.integer({ min: 1, max: usual }) },
    { weight: 1, arbitrary: fc.integer({ min: usual + 1, max: 80 }) },
  );

/** One command of a random sequence; `pick` chooses an earlier issue or a lot in stock. */
export type StockCommand =
  | { kind: 'receipt'; quantity: number; unitCostFen: number; daysBack: number; accepted: boolean }
  | { kind: 'issue'; quantity: number }
  | { kind: 'transfer'; quantity: number }
  | { kind: 'surplusReturn'; pick: number; quantity: number }
  | { kind: 'scrapFifo'; quantity: number }
  | { kind: 'scrapLot'; pick: number; quantity: number }
  | { kind: 'toRepair'; quantity: number }
  | { kind: 'repair'; quantity: number; unitCostFen: number }
  | { kind: 'unrepairable'; quantity: number }
  | { kind: 'nextDay'; days: number };

const pick = fc.nat({ max: 20 });

export const stockCommand: fc.Arbitrary<StockCommand> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('receipt' as const),
      quantity: units(15),
      unitCostFen,
      // Mostly a few days back: lots of the same day (ordered by lot id) come often.
      daysBack: fc.oneof(
        { weight: 4, arbitrary: fc.integer({ min: 0, max: 6 }) },
        { weight: 1, arbitrary: fc.integer({ min: 7, max: 90 }) },
      ),
      accepted: fc.oneof(
        { weight: 6, arbitrary: fc.constant(true) },
        { weight: 1, arbitrary: fc.constant(false) },
      ),
    }),
  },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('issue' as const), quantity: units(4) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('transfer' as const), quantity: units(4) }) },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('surplusReturn' as const), pick, quantity: units(3) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('scrapFifo' as const), quantity: units(3) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('scrapLot' as const), pick, quantity: units(2) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('toRepair' as const), quantity: units(3) }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('repair' as const), quantity: units(3), unitCostFen }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('unrepairable' as const), quantity: units(2) }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('nextDay' as const), days: fc.integer({ min: 1, max: 40 }) }),
  },
);

/**
 * The lot a `scrapLot` command names: one in stock by `pick`, or (when `pick` points past them)
 * a lot that is not in stock, which must be refused.
 */
export const lotPicked = (stock: readonly Lot[], pick: number): string =>
  stock[pick % (stock.length + 1)]?.lotId ?? 'L-not-in-stock';

/** The earlier issue a `surplusReturn` command returns to (-1: none yet). */
export const issuePicked = (issues: number, pick: number): number => (issues === 0 ? -1 : pick % issues);

/** A random sequence of up to `maxLength` commands (lengths spread over the whole range). */
export const stockCommands = (maxLength: number) => fc.array(stockCommand, { maxLength, size: 'max' });

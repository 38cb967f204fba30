import fc from 'fast-check';
import { deltaOf, type Movement } from '../../shared/app/stock.ts';
import { addDays } from '../../shared/calendar/plain-date.ts';
import {
  type Allocation,
  allocateFifo,
  allocateFromLot,
  allocateReturn,
  applyAllocations,
  applyDelta,
  emptyCard,
  fenOf,
  type Lot,
  reconcile,
  type StockCard,
  type StockDelta,
  yuanOf,
} from '../../shared/domain/stock.ts';
import {
  issuePicked,
  lotPicked,
  lotsOf,
  type StockCommand,
  StockReference,
  stockCommands,
  sumFen,
  type Unit,
} from '../support/stock-reference.ts';

/**
 * The acceptance criterion of the spare-parts stock, on the pure functions: over random sequences
 * of receipts (backdated too), issues, surplus returns, transfers, scraps and repairs, issues keep
 * first in, first out, ledger = card = lots, and every figure is the exact integer fen of a naive
 * unit-by-unit model (test/support/stock-reference.ts).
 */

/** The part as the domain functions keep it: lots, card, ledger, and the issues for returns. */
interface Books {
  lots: readonly Lot[];
  card: StockCard;
  readonly ledger: StockDelta[];
  readonly issues: { readonly allocations: readonly Allocation[]; returned: number }[];
  today: string;
  lotCount: number;
}

const deepFreeze = <T>(value: T): T => {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
};

/** Objects with sorted keys, undefined left out: equal values give equal strings. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(
          Object.entries(inner)
            .filter(([, v]) => v !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : 1)),
        )
      : inner,
  );

/** toEqual, after a cheap comparison (a run makes thousands of steps; jest's diff only on failure). */
function expectSame(actual: unknown, expected: unknown): void {
  if (canonical(actual) !== canonical(expected)) expect(actual).toEqual(expected);
}

const ageOf = (lot: Pick<Lot, 'receivedOn' | 'lotId'>) => `${lot.receivedOn}|${lot.lotId}`;
const allocationsOf = (units: readonly Unit[]): Allocation[] => lotsOf(units);

/** Books a movement as shared/app/stock.ts planMovement does: card by deltaOf, lots by the allocations. */
function book(books: Books, movement: Pick<Movement, 'allocations' | 'sign' | 'toRepair'>): void {
  const delta = deltaOf(movement);
  books.card = deepFreeze(applyDelta(books.card, delta));
  books.lots = deepFreeze(applyAllocations(books.lots, movement.allocations, movement.sign));
  books.ledger.push(deepFreeze(delta));
}

const newLotId = (books: Books) => `L${String(++books.lotCount).padStart(4, '0')}`;

/** A refused movement leaves every record as it was (the frozen books also catch any mutation). */
function refused(books: Books, decide: () => Allocation[] | undefined): void {
  const before = JSON.stringify(books);
  expect(decide()).toBeUndefined();
  expect(JSON.stringify(books)).toBe(before);
}

/** A FIFO take: the same units as the model's oldest, and no unit left behind older than one taken. */
function takeOldest(books: Books, expected: Unit[] | undefined, allocations: Allocation[] | undefined) {
  if (!expected) {
    refused(books, () => allocations);
    return;
  }
  expectSame(allocations, allocationsOf(expected));
  const movement = { allocations: allocations ?? [], sign: -1 as const };
  expectSame(deltaOf(movement), { quantity: -expected.length, valueFen: -sumFen(expected), toRepair: 0 });
  book(books, movement);
  const newestTaken = movement.allocations.map(ageOf).sort().at(-1) ?? '';
  const olderLeft = books.lots.filter((left) => ageOf(left) < newestTaken);
  if (olderLeft.length > 0) expect({ newestTaken, olderLeft }).toBeUndefined();
}

/** A return's lots in FIFO order (it takes the newest first; which lots, not their order, matters). */
const inFifoOrder = (allocations: readonly Allocation[] | undefined) =>
  allocations && [...allocations].sort((a, b) => (ageOf(a) < ageOf(b) ? -1 : 1));

function receive(books: Books, model: StockReference, command: StockCommand & { kind: 'receipt' }): void {
  // The API receives yuan; fen must come back exactly, even for 0.1 or 0.7 yuan.
  const unitCostFen = fenOf(command.unitCostFen / 100);
  expect(unitCostFen).toBe(command.unitCostFen);
  if (!command.accepted) {
    book(books, { allocations: [], sign: 1 });
    model.reject();
    return;
  }
  const lot: Lot = {
    lotId: newLotId(books),
    receivedOn: addDays(books.today, -command.daysBack),
    quantity: command.quantity,
    unitCostFen,
    origin: 'purchase',
    supplier: '华东五金',
  };
  book(books, { allocations: [lot], sign: 1 });
  model.receive(lot);
}

function returnSurplus(books: Books, model: StockReference, pick: number, quantity: number): void {
  const index = issuePicked(books.issues.length, pick);
  const issue = books.issues[index];
  if (!issue) return;
  const expected = model.giveBack(index, quantity);
  const allocations = allocateReturn(issue.allocations, issue.returned, quantity);
  if (!expected) {
    refused(books, () => allocations);
    return;
  }
  expectSame(inFifoOrder(allocations), allocationsOf(expected));
  book(books, { allocations: allocations ?? [], sign: 1 });
  books.issues[index] = deepFreeze({ ...issue, returned: issue.returned + quantity });
}

function scrapLot(books: Books, model: StockReference, pick: number, quantity: number): void {
  const lotId = lotPicked(books.lots, pick);
  const expected = model.takeFromLot(lotId, quantity);
  const allocations = allocateFromLot(books.lots, lotId, quantity);
  if (!expected) {
    refused(books, () => allocations);
    return;
  }
  expectSame(allocations, allocationsOf(expected));
  book(books, { allocations: allocations ?? [], sign: -1 });
}

/** Repaired (a reused lot at the repair cost) or unrepairable: never more than wait for repair. */
function repair(books: Books, model: StockReference, quantity: number, costFen?: number): void {
  const lot: Lot | undefined =
    costFen === undefined
      ? undefined
      : {
          lotId: newLotId(books),
          receivedOn: books.today,
          quantity,
          unitCostFen: fenOf(costFen / 100),
          origin: 'reused',
        };
  if (!(lot ? model.repair(lot) : model.unrepairable(quantity))) {
    // stock-movements refuses it (422); the card would refuse it too.
    expect(quantity).toBeGreaterThan(books.card.toRepair);
    expect(() => applyDelta(books.card, { quantity: 0, valueFen: 0, toRepair: -quantity })).toThrow(
      RangeError,
    );
    return;
  }
  book(books, { allocations: lot ? [lot] : [], sign: 1, toRepair: -quantity });
}

function apply(books: Books, model: StockReference, command: StockCommand): void {
  switch (command.kind) {
    case 'receipt':
      receive(books, model, command);
      break;
    case 'issue': {
      const allocations = allocateFifo(books.lots, command.quantity);
      takeOldest(books, model.issue(command.quantity)?.taken, allocations);
      if (allocations) books.issues.push(deepFreeze({ allocations, returned: 0 }));
      break;
    }
    case 'transfer':
    case 'scrapFifo':
      takeOldest(books, model.takeOldest(command.quantity), allocateFifo(books.lots, command.quantity));
      break;
    case 'scrapLot':
      scrapLot(books, model, command.pick, command.quantity);
      break;
    case 'surplusReturn':
      returnSurplus(books, model, command.pick, command.quantity);
      break;
    case 'toRepair':
      book(books, { allocations: [], sign: 1, toRepair: command.quantity });
      model.bookToRepair(command.quantity);
      break;
    case 'repair':
      repair(books, model, command.quantity, command.unitCostFen);
      break;
    case 'unrepairable':
      repair(books, model, command.quantity);
      break;
    case 'nextDay':
      books.today = addDays(books.today, command.days);
      break;
  }
}

/** Ledger = card = lots, all equal to the model, in exact integers. */
function expectBooksAgree(books: Books, model: StockReference): void {
  const { agrees, differences } = reconcile(books.card, books.ledger, books.lots);
  expectSame({ agrees, differences }, { agrees: true, differences: [] });
  expectSame(books.card, {
    onHand: model.onHand,
    stockValueFen: model.valueFen,
    toRepair: model.toRepair,
  });
  expectSame(books.lots, model.lots());
  expect(books.ledger).toHaveLength(model.entries);
  const figures = [
    ...Object.values(books.card),
    ...books.lots.flatMap((lot) => [lot.quantity, lot.unitCostFen]),
    ...books.ledger.flatMap((delta) => Object.values(delta)),
  ];
  if (!figures.every(Number.isSafeInteger))
    expect(figures.filter((n) => !Number.isSafeInteger(n))).toEqual([]);
}

const emptyBooks = (): Books => ({
  lots: [],
  card: emptyCard,
  ledger: [],
  issues: [],
  today: '2026-03-15',
  lotCount: 0,
});

describe('stock over random sequences of movements', () => {
  it('issues first in, first out and keeps ledger, card and lots equal to a unit-by-unit model', () => {
    fc.assert(
      fc.property(stockCommands(40), (commands) => {
        const books = emptyBooks();
        const model = new StockReference();
        for (const command of commands) {
          apply(books, model, command);
          expectBooksAgree(books, model);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('returns everything issued back to the very lots, days and costs it came from', () => {
    fc.assert(
      fc.property(stockCommands(25), fc.integer({ min: 1, max: 30 }), (commands, wanted) => {
        const books = emptyBooks();
        const model = new StockReference();
        for (const command of commands) apply(books, model, command);
        if (books.card.onHand === 0) return;
        const before = books.lots;
        const taken = allocateFifo(before, Math.min(wanted, books.card.onHand)) ?? [];
        const back =
          allocateReturn(
            taken,
            0,
            taken.reduce((n, a) => n + a.quantity, 0),
          ) ?? [];
        expect(applyAllocations(applyAllocations(before, taken, -1), back, 1)).toEqual(before);
      }),
      { numRuns: 200 },
    );
  });
});

describe('yuan and fen', () => {
  const fen = fc.integer({ min: 0, max: 10_000_000_000 });

  it('turns every amount in yuan with two decimals into exactly its fen', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000_000 }),
        fc.integer({ min: 0, max: 99 }),
        (yuan, cents) => {
          const amount = Number(`${yuan}.${String(cents).padStart(2, '0')}`);
          expect(fenOf(amount)).toBe(yuan * 100 + cents);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('answers fen as yuan that a client reads back to the same fen (through JSON)', () => {
    fc.assert(
      fc.property(fen, (n) => {
        expect(fenOf(JSON.parse(JSON.stringify(yuanOf(n))))).toBe(n);
      }),
      { numRuns: 500 },
    );
  });

  it('sums values exactly in fen, the total reading back as yuan to the same fen', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 99_999 }), { minLength: 1, maxLength: 50 }), (fens) => {
        const total = fens.reduce((sum, n) => sum + n, 0);
        expect(Number.isSafeInteger(total)).toBe(true);
        expect(fenOf(yuanOf(total))).toBe(total);
      }),
      { numRuns: 300 },
    );
  });
});

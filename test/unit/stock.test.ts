import { deltaOf } from '../../shared/app/stock.ts';
import { partsCounterChange } from '../../shared/domain/parts-stats.ts';
import {
  type Allocation,
  allocateFifo,
  allocateFromLot,
  allocateReturn,
  applyAllocations,
  applyDelta,
  emptyCard,
  fenOf,
  fifoOrder,
  type Lot,
  reconcile,
  sumDeltas,
  yuanOf,
} from '../../shared/domain/stock.ts';

/** A purchased lot: `L<n>` ids sort like the ULIDs of receipts made one after the other. */
const aLot = (lotId: string, receivedOn: string, quantity: number, unitCostFen: number): Lot => ({
  lotId,
  receivedOn,
  quantity,
  unitCostFen,
  origin: 'purchase',
  supplier: '华东五金',
});

const march = aLot('L3', '2026-03-01', 5, 2020);
const january = aLot('L1', '2026-01-01', 3, 1010);
const februaryLate = aLot('L9', '2026-02-01', 2, 70);
const februaryEarly = aLot('L2', '2026-02-01', 4, 10);
/** Deliberately out of order: the functions sort. */
const lots: readonly Lot[] = Object.freeze(
  [march, january, februaryLate, februaryEarly].map((lot) => Object.freeze(lot)),
);

const taken = (allocations: readonly Allocation[] | undefined) =>
  allocations?.map((a) => `${a.lotId}x${a.quantity}`);

describe('fifoOrder', () => {
  it('puts the earlier receipt day first, then the earlier lot of the same day', () => {
    expect([...lots].sort(fifoOrder).map((l) => l.lotId)).toEqual(['L1', 'L2', 'L9', 'L3']);
  });

  it('places a backdated receipt by its receipt day, not by when it was booked', () => {
    const backdated = aLot('L99', '2025-12-31', 1, 500);
    expect([...lots, backdated].sort(fifoOrder)[0]?.lotId).toBe('L99');
  });
});

describe('allocateFifo', () => {
  it('takes the oldest lot first and moves on to the next only when it is used up', () => {
    expect(taken(allocateFifo(lots, 2))).toEqual(['L1x2']);
    expect(taken(allocateFifo(lots, 3))).toEqual(['L1x3']);
    expect(taken(allocateFifo(lots, 8))).toEqual(['L1x3', 'L2x4', 'L9x1']);
  });

  it('carries each lot at its own cost, origin and supplier', () => {
    expect(allocateFifo(lots, 4)).toEqual([
      {
        lotId: 'L1',
        receivedOn: '2026-01-01',
        quantity: 3,
        unitCostFen: 1010,
        origin: 'purchase',
        supplier: '华东五金',
      },
      {
        lotId: 'L2',
        receivedOn: '2026-02-01',
        quantity: 1,
        unitCostFen: 10,
        origin: 'purchase',
        supplier: '华东五金',
      },
    ]);
  });

  it('takes everything in stock, but refuses one unit more', () => {
    expect(taken(allocateFifo(lots, 14))).toEqual(['L1x3', 'L2x4', 'L9x2', 'L3x5']);
    expect(allocateFifo(lots, 15)).toBeUndefined();
    expect(allocateFifo([], 1)).toBeUndefined();
  });

  it('skips lots that hold nothing', () => {
    expect(taken(allocateFifo([{ ...january, quantity: 0 }, march], 1))).toEqual(['L3x1']);
  });

  it('refuses zero, negative and fractional quantities as a bug upstream', () => {
    for (const quantity of [0, -1, 1.5, Number.NaN]) {
      expect(() => allocateFifo(lots, quantity)).toThrow(RangeError);
    }
  });
});

describe('allocateFromLot', () => {
  it('takes units of the named lot only, whatever its age', () => {
    expect(taken(allocateFromLot(lots, 'L3', 5))).toEqual(['L3x5']);
  });

  it('refuses more than the lot holds and lots that are not in stock', () => {
    expect(allocateFromLot(lots, 'L3', 6)).toBeUndefined();
    expect(allocateFromLot(lots, 'L404', 1)).toBeUndefined();
  });
});

describe('allocateReturn', () => {
  const issued = allocateFifo(lots, 8) as Allocation[]; // L1x3, L2x4, L9x1

  it('gives back to the newest lot of the issue first, so what stays out is the oldest', () => {
    expect(taken(allocateReturn(issued, 0, 1))).toEqual(['L9x1']);
    expect(taken(allocateReturn(issued, 0, 3))).toEqual(['L9x1', 'L2x2']);
    expect(taken(allocateReturn(issued, 0, 8))).toEqual(['L9x1', 'L2x4', 'L1x3']);
  });

  it('continues where earlier returns of the same issue stopped', () => {
    expect(taken(allocateReturn(issued, 1, 2))).toEqual(['L2x2']);
    expect(taken(allocateReturn(issued, 5, 3))).toEqual(['L1x3']);
  });

  it('refuses more than the issue gave out, less what came back before', () => {
    expect(allocateReturn(issued, 0, 9)).toBeUndefined();
    expect(allocateReturn(issued, 6, 3)).toBeUndefined();
    expect(allocateReturn(issued, 8, 1)).toBeUndefined();
  });
});

describe('applyAllocations', () => {
  it('takes units, drops used-up lots and keeps the rest in FIFO order', () => {
    const after = applyAllocations(lots, allocateFifo(lots, 8) as Allocation[], -1);
    expect(after.map((l) => `${l.lotId}x${l.quantity}`)).toEqual(['L9x1', 'L3x5']);
  });

  it('puts a returned unit back into a used-up lot with its receipt day, cost and supplier', () => {
    const issued = allocateFifo(lots, 3) as Allocation[];
    const after = applyAllocations(applyAllocations(lots, issued, -1), issued, 1);
    expect(after).toEqual([...lots].sort(fifoOrder));
  });

  it('does not change the lots it was given', () => {
    const before = JSON.stringify(lots);
    applyAllocations(lots, allocateFifo(lots, 14) as Allocation[], -1);
    expect(JSON.stringify(lots)).toBe(before);
  });

  it('refuses to take more than a lot holds', () => {
    expect(() => applyAllocations(lots, [{ ...january, quantity: 4 }], -1)).toThrow(RangeError);
  });
});

describe('applyDelta', () => {
  it('adds units, value and units to repair', () => {
    expect(applyDelta(emptyCard, { quantity: 3, valueFen: 3030, toRepair: 1 })).toEqual({
      onHand: 3,
      stockValueFen: 3030,
      toRepair: 1,
    });
  });

  it('refuses a card that would go negative', () => {
    expect(() => applyDelta(emptyCard, { quantity: -1, valueFen: 0, toRepair: 0 })).toThrow(RangeError);
    expect(() => applyDelta(emptyCard, { quantity: 0, valueFen: -1, toRepair: 0 })).toThrow(RangeError);
    expect(() => applyDelta(emptyCard, { quantity: 0, valueFen: 0, toRepair: -1 })).toThrow(RangeError);
  });

  it('refuses a value beyond exact integer arithmetic instead of rounding it', () => {
    const card = { onHand: 1, stockValueFen: Number.MAX_SAFE_INTEGER, toRepair: 0 };
    expect(() => applyDelta(card, { quantity: 1, valueFen: 2, toRepair: 0 })).toThrow(RangeError);
  });
});

describe('deltaOf', () => {
  it('is exactly the units and value of the allocations, signed', () => {
    const allocations = allocateFifo(lots, 8) as Allocation[];
    expect(deltaOf({ allocations, sign: -1 })).toEqual({
      quantity: -8,
      valueFen: -(3 * 1010 + 4 * 10 + 70),
      toRepair: 0,
    });
    expect(deltaOf({ allocations: [], sign: 1, toRepair: 2 })).toEqual({
      quantity: 0,
      valueFen: 0,
      toRepair: 2,
    });
  });
});

describe('reconcile', () => {
  const ledger = [
    { quantity: 3, valueFen: 3030, toRepair: 0 },
    { quantity: 0, valueFen: 0, toRepair: 2 },
  ];
  const stock = [aLot('L1', '2026-01-01', 3, 1010)];
  const card = { onHand: 3, stockValueFen: 3030, toRepair: 2 };

  it('agrees when card, ledger and lots show the same units and value', () => {
    const result = reconcile(card, ledger, stock);
    expect(result).toMatchObject({ agrees: true, differences: [] });
    expect(result.lots).toEqual({ quantity: 3, valueFen: 3030, count: 1 });
    expect(result.ledger).toEqual(sumDeltas(ledger));
  });

  it('names each figure where one record differs, with all three values', () => {
    const result = reconcile({ ...card, onHand: 4 }, ledger, stock);
    expect(result.agrees).toBe(false);
    expect(result.differences).toEqual([{ figure: 'quantity', card: 4, ledger: 3, lots: 3 }]);
    expect(reconcile(card, ledger, [{ ...stock[0], unitCostFen: 1011 } as Lot]).differences).toEqual([
      { figure: 'valueFen', card: 3030, ledger: 3030, lots: 3033 },
    ]);
    expect(reconcile(card, ledger.slice(0, 1), stock).differences).toEqual([
      { figure: 'toRepair', card: 2, ledger: 0 },
    ]);
  });
});

describe('fen and yuan', () => {
  it('turns awkward yuan amounts into exact fen', () => {
    expect(fenOf(0.1)).toBe(10);
    expect(fenOf(0.7)).toBe(70);
    expect(fenOf(1.15)).toBe(115);
    expect(fenOf(19.99)).toBe(1999);
    expect(fenOf(100_000_000)).toBe(10_000_000_000);
  });

  it('sums in fen where summing yuan would drift', () => {
    expect(0.1 + 0.7).not.toBe(0.8);
    expect(yuanOf(fenOf(0.1) + fenOf(0.7))).toBe(0.8);
    expect(yuanOf(3 * fenOf(10.1) + fenOf(20.2))).toBe(50.5);
  });
});

describe('partsCounterChange', () => {
  const issued = allocateFifo(
    [...lots, { ...aLot('L0', '2025-12-01', 2, 300), origin: 'reused' as const }],
    4,
  ) as Allocation[];
  const delta = deltaOf({ allocations: issued, sign: -1 });

  it('counts an issue as repair spend, in quota too for a part stocked to a quota', () => {
    expect(partsCounterChange('issue', delta, issued, true)).toEqual({
      repairSpendFen: 600 + 2 * 1010,
      quotaRepairSpendFen: 600 + 2 * 1010,
      issuedUnits: 4,
      reusedIssuedUnits: 2,
    });
    expect(partsCounterChange('issue', delta, issued, false)).not.toHaveProperty('quotaRepairSpendFen');
  });

  it('takes a surplus return off the repair spend', () => {
    const back = allocateReturn(issued, 0, 1) as Allocation[];
    expect(partsCounterChange('surplusReturn', deltaOf({ allocations: back, sign: 1 }), back, true)).toEqual({
      repairSpendFen: -1010,
      quotaRepairSpendFen: -1010,
      surplusReturnedUnits: 1,
    });
  });

  it('counts receipts, rejections, repairs and scraps by what they moved', () => {
    const lot = [aLot('L5', '2026-03-02', 4, 25)];
    expect(partsCounterChange('receipt', deltaOf({ allocations: lot, sign: 1 }), lot, true)).toEqual({
      receivedUnits: 4,
      receivedValueFen: 100,
    });
    expect(
      partsCounterChange('receiptRejected', { quantity: 0, valueFen: 0, toRepair: 0 }, [], true),
    ).toEqual({
      rejectedReceipts: 1,
    });
    expect(partsCounterChange('unrepairable', { quantity: 0, valueFen: 0, toRepair: -2 }, [], true)).toEqual({
      unrepairableUnits: 2,
    });
    expect(partsCounterChange('scrap', deltaOf({ allocations: lot, sign: -1 }), lot, true)).toEqual({
      scrappedUnits: 4,
      scrappedValueFen: 100,
    });
  });
});

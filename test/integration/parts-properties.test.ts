import fc from 'fast-check';
import { moveStock } from '../../shared/app/stock.ts';
import { addDays, shanghaiDate } from '../../shared/calendar/plain-date.ts';
import { type Allocation, allocateFifo, allocateFromLot, type Lot } from '../../shared/domain/stock.ts';
import { ValidationError } from '../../shared/errors.ts';
import { systemActor } from '../../shared/store/audit.ts';
import { type MovedBody, type PartsApi, type Problem, partsApi } from '../support/parts.ts';
import type { ApiResponse } from '../support/runtime.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import {
  issuePicked,
  lotPicked,
  lotsOf,
  type StockCommand,
  StockReference,
  stockCommands,
  type Unit,
} from '../support/stock-reference.ts';

/**
 * The acceptance criterion of the spare-parts stock through the real routes and DynamoDB: random
 * sequences of receipts (backdated too, some rejected), issues, surplus returns, transfers, scraps
 * and repairs leave card, lots and ledger exactly as a unit-by-unit model says, with the ledger's
 * hash chain intact; refused commands answer 4xx and write nothing.
 */

let api: TestRuntime;
let parts: PartsApi;
let manager: string;

beforeAll(async () => {
  api = await startTestRuntime({ seed: false });
  parts = partsApi(api, await api.token('warehouse'));
  manager = await api.token('manager');
});
afterAll(async () => api.stop());

const today = () => shanghaiDate(new Date());
const yuan = (fen: number) => fen / 100;
const allocationViews = (units: readonly Unit[]) =>
  lotsOf(units).map(({ lotId, receivedOn, quantity, unitCostFen, origin }) => ({
    lotId,
    receivedOn,
    quantity,
    unitCost: yuan(unitCostFen),
    origin,
  }));
const lotViews = (lots: readonly Lot[]) =>
  lots.map((lot) => ({
    lotId: lot.lotId,
    receivedOn: lot.receivedOn,
    quantity: lot.quantity,
    unitCost: yuan(lot.unitCostFen),
    value: yuan(lot.quantity * lot.unitCostFen),
    origin: lot.origin,
    ...(lot.supplier ? { supplier: lot.supplier } : {}),
  }));
const inFifoOrder = <T extends { receivedOn: string; lotId: string }>(items: readonly T[] = []) =>
  [...items].sort((a, b) => (`${a.receivedOn}|${a.lotId}` < `${b.receivedOn}|${b.lotId}` ? -1 : 1));

/** A booked movement: 201 with the allocations the model expects (in FIFO order). */
function expectBooked(response: ApiResponse<MovedBody & Problem>, units: readonly Unit[]): MovedBody {
  expect(response.status).toBe(201);
  expect(inFifoOrder(response.body.entry.allocations)).toEqual(allocationViews(units));
  return response.body;
}

/** A refusal: a 4xx problem naming a field. */
function expectRefused(response: ApiResponse<MovedBody & Problem>): void {
  expect(response.status).toBe(422);
  expect(response.body.errors?.length).toBeGreaterThan(0);
}

/** A scrap as the scrap procedure books it (its routes are built elsewhere): FIFO, or one named lot. */
async function scrap(
  partNumber: string,
  quantity: number,
  lotId?: string,
): Promise<Allocation[] | undefined> {
  try {
    const { event } = await moveStock(partNumber, { actor: systemActor, now: new Date() }, ({ lots }) => {
      const allocations = lotId ? allocateFromLot(lots, lotId, quantity) : allocateFifo(lots, quantity);
      if (!allocations) throw new ValidationError('not in stock', { issues: [] });
      return { kind: 'scrap', allocations, sign: -1, details: { reason: '受潮锈蚀' } };
    });
    return event.data.allocations as Allocation[];
  } catch (error) {
    if (error instanceof ValidationError) return undefined;
    throw error;
  }
}

/** The part's run: the model and the ledger `seq` of each issue, by the model's issue number. */
interface Run {
  readonly partNumber: string;
  readonly model: StockReference;
  readonly issueSeqs: number[];
}

async function apply(run: Run, command: StockCommand): Promise<void> {
  const { partNumber, model } = run;
  switch (command.kind) {
    case 'receipt': {
      const receivedOn = addDays(today(), -command.daysBack);
      const response = await parts.receive(partNumber, {
        quantity: command.quantity,
        unitCost: yuan(command.unitCostFen),
        receivedOn,
        inspection: command.accepted
          ? { result: 'accepted' }
          : { result: 'rejected', note: '规格不符，书面退回' },
      });
      expect(response.status).toBe(201);
      if (!command.accepted) return model.reject();
      const lot: Lot = {
        lotId: String(response.body.entry.data.lotId),
        receivedOn,
        quantity: command.quantity,
        unitCostFen: command.unitCostFen,
        origin: 'purchase',
        supplier: '华东五金',
      };
      expect(response.body.entry.allocations).toEqual(allocationViews(Array(lot.quantity).fill(lot)));
      return model.receive(lot);
    }
    case 'issue': {
      const expected = model.issue(command.quantity);
      const response = await parts.issue(partNumber, command.quantity);
      if (!expected) return expectRefused(response);
      run.issueSeqs.push(expectBooked(response, expected.taken).entry.seq);
      return;
    }
    case 'transfer': {
      const expected = model.takeOldest(command.quantity);
      const response = await parts.transfer(partNumber, command.quantity, manager);
      if (!expected) return expectRefused(response);
      expectBooked(response, expected);
      return;
    }
    case 'surplusReturn': {
      const index = issuePicked(run.issueSeqs.length, command.pick);
      // Before any issue: a return to the `created` entry, which is no issue.
      const response = await parts.returnSurplus(partNumber, run.issueSeqs[index] ?? 1, command.quantity);
      const expected = index < 0 ? undefined : model.giveBack(index, command.quantity);
      if (!expected) return expectRefused(response);
      expectBooked(response, expected);
      return;
    }
    case 'scrapFifo':
    case 'scrapLot': {
      const lotId = command.kind === 'scrapLot' ? lotPicked(model.lots(), command.pick) : undefined;
      const expected = lotId
        ? model.takeFromLot(lotId, command.quantity)
        : model.takeOldest(command.quantity);
      const allocations = await scrap(partNumber, command.quantity, lotId);
      expect(allocations === undefined).toBe(expected === undefined);
      if (expected) expect(inFifoOrder(allocations)).toEqual(lotsOf(expected));
      return;
    }
    case 'toRepair': {
      const response = await parts.toRepair(partNumber, { quantity: command.quantity, cause: '气压棒漏气' });
      expect(response.status).toBe(201);
      return model.bookToRepair(command.quantity);
    }
    case 'repair': {
      const allowed = command.quantity <= model.toRepair;
      const response = await parts.repair(partNumber, {
        outcome: 'repaired',
        quantity: command.quantity,
        repairCost: yuan(command.unitCostFen),
      });
      if (!allowed) return expectRefused(response);
      expect(response.status).toBe(201);
      const lot: Lot = {
        lotId: String(response.body.entry.data.lotId),
        receivedOn: today(),
        quantity: command.quantity,
        unitCostFen: command.unitCostFen,
        origin: 'reused',
      };
      expect(model.repair(lot)).toBe(true);
      return;
    }
    case 'unrepairable': {
      const response = await parts.repair(partNumber, {
        outcome: 'unrepairable',
        quantity: command.quantity,
        note: '缸体开裂',
      });
      if (!model.unrepairable(command.quantity)) return expectRefused(response);
      expect(response.status).toBe(201);
      return;
    }
    case 'nextDay':
      // The routes book on the real clock; backdated receipts cover the days.
      return;
  }
}

/** Card, lots and ledger of the part, through the API, against the model: exact yuan of exact fen. */
async function expectBooksMatch({ partNumber, model }: Run): Promise<void> {
  const [check, detail] = await Promise.all([parts.reconcile(partNumber), parts.detail(partNumber)]);
  expect(check).toMatchObject({
    agrees: true,
    chainIntact: true,
    differences: [],
    card: { quantity: model.onHand, value: yuan(model.valueFen), toRepair: model.toRepair },
    ledger: { entries: 1 + model.entries },
    lots: { quantity: model.onHand, value: yuan(model.valueFen), count: model.lots().length },
  });
  expect(detail.stock).toEqual({
    onHand: model.onHand,
    stockValue: yuan(model.valueFen),
    toRepair: model.toRepair,
  });
  expect(detail.lots).toEqual(lotViews(model.lots()));
  // Every movement, and only those, moved the part's version on: refusals wrote nothing.
  expect(detail.version).toBe(1 + model.entries);
}

test('random sequences of movements keep FIFO and ledger = card = lots, exact to the fen', async () => {
  await fc.assert(
    fc.asyncProperty(stockCommands(15), async (commands) => {
      const part = await parts.created();
      const run: Run = { partNumber: part.partNumber, model: new StockReference(), issueSeqs: [] };
      for (const command of commands) await apply(run, command);
      await expectBooksMatch(run);
    }),
    // Each run is a part through HTTP and DynamoDB: few runs, and the first failure is reported as found.
    { numRuns: 12, endOnFailure: true },
  );
}, 120_000);

import { type Allocation, allocateFifo, type Lot, valueOfAllocations, yuanOf } from '../domain/stock.ts';
import { type FieldIssue, NotFoundError, ValidationError } from '../errors.ts';
import type { VisitReportInput } from '../schemas/service-requests.ts';
import type { StoredPart, TransactItem } from '../store/parts.ts';
import type { OutgoingMail } from './deliver-mail.ts';
import {
  type Movement,
  movementWrites,
  type PlannedMovement,
  planMovement,
  readStock,
  type StockContext,
} from './stock.ts';
import { bookToRepairMovement, issueMovement, shortOfStock } from './stock-movements.ts';

/**
 * The stock movements of a repair visit (requirements.md §4), written in the transaction of the
 * visit report: catalogue parts used are issued first in, first out (先进先出) to the service
 * request, replaced parts are booked back as waiting for repair with their cause (修旧利废). One
 * movement per part, since a transaction holds each item once: a part both used and replaced (a new
 * gas lift in, the old one out) is one issue that also adds to the units waiting for repair.
 */

/** DynamoDB's limit on the items of one transaction. */
export const MAX_TRANSACTION_ITEMS = 100;
/** The case item and its audit event, which changeCase writes beside the step's own items. */
const CASE_ITEMS = 2;

/** A lot an issue took units from, as the visit report shows it (CNY). */
export interface LotTaken {
  readonly lotId: string;
  readonly receivedOn: string;
  readonly quantity: number;
  readonly unitCost: number;
}

/** A line of `partsUsed` as stored: a catalogue part with its cost and issue, or a non-stock part. */
export type PartUsedRecord =
  | { readonly name: string; readonly quantity: number }
  | {
      readonly partNumber: string;
      readonly name: string;
      readonly quantity: number;
      /** CNY: the exact cost of the lots taken. */
      readonly cost: number;
      readonly lots: LotTaken[];
      /** The issue's entry in the part's ledger. */
      readonly ledgerSeq: number;
    };

export interface PartReplacedRecord {
  readonly partNumber: string;
  readonly quantity: number;
  readonly cause: string;
  readonly ledgerSeq: number;
}

/** What the visit report records of its parts, and the writes and mails of their movements. */
export interface VisitParts {
  readonly partsUsed: PartUsedRecord[];
  readonly partsReplaced: PartReplacedRecord[];
  /** CNY: the cost of the catalogue parts used. */
  readonly partsCost: number;
  readonly items: TransactItem[];
  /** The reorder proposals' notices of parts left at or below their low quota. */
  readonly mails: OutgoingMail[];
}

interface Used {
  readonly index: number;
  readonly quantity: number;
}
interface Replaced {
  readonly index: number;
  readonly quantity: number;
  readonly cause: string;
}
/** What one catalogue part does on the visit: units used (line of partsUsed), replaced, or both. */
type PartOnVisit =
  | { readonly partNumber: string; readonly used: Used; readonly replaced?: Replaced }
  | { readonly partNumber: string; readonly used?: undefined; readonly replaced: Replaced };

type Stock = { stored: StoredPart; lots: Lot[] };

/** The catalogue parts of a report, each once (the schema refuses a part number twice in a list). */
function partsOnVisit(input: Pick<VisitReportInput, 'partsUsed' | 'partsReplaced'>): PartOnVisit[] {
  const parts = new Map<string, PartOnVisit>();
  input.partsUsed.forEach(({ partNumber, quantity }, index) => {
    if (partNumber !== undefined) parts.set(partNumber, { partNumber, used: { index, quantity } });
  });
  input.partsReplaced.forEach(({ partNumber, quantity, cause }, index) => {
    const used = parts.get(partNumber)?.used;
    const replaced = { index, quantity, cause };
    parts.set(partNumber, used ? { partNumber, used, replaced } : { partNumber, replaced });
  });
  return [...parts.values()];
}

/** The fields that name a part, for its 422s. */
const fieldsOf = (part: PartOnVisit) => [
  ...(part.used ? [`partsUsed.${part.used.index}`] : []),
  ...(part.replaced ? [`partsReplaced.${part.replaced.index}`] : []),
];

/** Each part's stock as read now; 422 naming every line whose part is not in the catalogue. */
async function readStocks(parts: readonly PartOnVisit[]): Promise<Stock[]> {
  const stocks = await Promise.all(
    parts.map((part) =>
      readStock(part.partNumber).catch((error: unknown) => {
        if (error instanceof NotFoundError) return undefined;
        throw error;
      }),
    ),
  );
  const unknown: FieldIssue[] = parts.flatMap((part, k) =>
    stocks[k]
      ? []
      : fieldsOf(part).map((field) => ({
          field: `${field}.partNumber`,
          code: 'unknown_part',
          messageKey: 'parts.unknownPart' as const,
        })),
  );
  if (unknown.length > 0) throw new ValidationError('part not in the catalogue', { issues: unknown });
  return stocks as Stock[];
}

/**
 * 422 naming every line that asks for more than its part's lots hold, checked before any movement
 * is planned (a reorder proposal takes its requisition number when planned).
 */
function assertInStock(parts: readonly PartOnVisit[], stocks: readonly Stock[]): void {
  const short = parts.flatMap((part, k) => {
    const stock = stocks[k] as Stock;
    if (!part.used || allocateFifo(stock.lots, part.used.quantity)) return [];
    return shortOfStock(`partsUsed.${part.used.index}.quantity`, stock.stored, part.used.quantity).issues;
  });
  if (short.length > 0) throw new ValidationError('not enough in stock', { issues: short });
}

/** The one movement of a part: an issue to the request (also booking replaced units), or a to-repair booking. */
async function movementOf(caseId: string, part: PartOnVisit, stock: Stock, now: Date): Promise<Movement> {
  const { used, replaced } = part;
  if (!used) return bookToRepairMovement(replaced.quantity, replaced.cause, caseId);
  const issue = await issueMovement(
    stock,
    used.quantity,
    { to: { kind: 'serviceRequest', caseId }, ...(replaced ? { cause: replaced.cause } : {}) },
    now,
    `partsUsed.${used.index}.quantity`,
  );
  return replaced ? { ...issue, toRepair: replaced.quantity } : issue;
}

interface PartMovement {
  readonly part: PartOnVisit;
  readonly stored: StoredPart;
  readonly movement: Movement;
  readonly planned: PlannedMovement;
}

const lotTaken = (a: Allocation): LotTaken => ({
  lotId: a.lotId,
  receivedOn: a.receivedOn,
  quantity: a.quantity,
  unitCost: yuanOf(a.unitCostFen),
});

/**
 * Plans the stock movements of a visit report on the stock as read now (call it inside the
 * report's transaction plan, so a lost race plans again): 422 on `partsUsed.<i>.partNumber` /
 * `partsReplaced.<i>.partNumber` for a part not in the catalogue, on `partsUsed.<i>.quantity` for
 * more than in stock. Lines without a part number are non-stock parts: recorded, no movement, no cost.
 */
export async function planVisitParts(
  caseId: string,
  input: Pick<VisitReportInput, 'partsUsed' | 'partsReplaced'>,
  context: StockContext,
): Promise<VisitParts> {
  const parts = partsOnVisit(input);
  const stocks = await readStocks(parts);
  assertInStock(parts, stocks);
  const movements: PartMovement[] = [];
  for (const [k, part] of parts.entries()) {
    const stock = stocks[k] as Stock;
    const movement = await movementOf(caseId, part, stock, context.now);
    const planned = planMovement(stock.stored, stock.lots, movement, context);
    movements.push({ part, stored: stock.stored, movement, planned });
  }
  // Every catalogue part of the report has its movement (readStocks refused unknown ones).
  const byNumber = new Map(movements.map((m) => [m.part.partNumber, m]));
  const movementOfPart = (partNumber: string) => byNumber.get(partNumber) as PartMovement;
  // A to-repair booking takes no lots: only the issues cost.
  const issuedFen = movements.reduce((sum, m) => sum + valueOfAllocations(m.movement.allocations), 0);
  const partsUsed = input.partsUsed.map(({ partNumber, name, quantity }): PartUsedRecord => {
    if (partNumber === undefined) return { name, quantity };
    const { movement, planned } = movementOfPart(partNumber);
    return {
      partNumber,
      name,
      quantity,
      cost: yuanOf(valueOfAllocations(movement.allocations)),
      lots: movement.allocations.map(lotTaken),
      ledgerSeq: planned.event.seq,
    };
  });
  const partsReplaced = input.partsReplaced.map(
    ({ partNumber, quantity, cause }): PartReplacedRecord => ({
      partNumber,
      quantity,
      cause,
      ledgerSeq: movementOfPart(partNumber).planned.event.seq,
    }),
  );
  return {
    partsUsed,
    partsReplaced,
    partsCost: yuanOf(issuedFen),
    items: movementWrites(
      movements.map((m) => m.planned),
      context.now,
    ),
    mails: movements.flatMap((m) => m.planned.mails),
  };
}

/**
 * 422 on `partsUsed` when the visit report would write more than one transaction holds (the case,
 * its event, the step's items and mails): parts spread over many small lots. Issue some of them
 * separately first.
 */
export function assertOneTransaction(stepItems: readonly unknown[], mails: readonly unknown[]): void {
  const count = CASE_ITEMS + stepItems.length + mails.length;
  if (count <= MAX_TRANSACTION_ITEMS) return;
  throw new ValidationError(
    `visit report needs ${count} writes, one transaction holds ${MAX_TRANSACTION_ITEMS}`,
    {
      issues: [{ field: 'partsUsed', code: 'too_many_movements', messageKey: 'parts.visitTooManyMovements' }],
    },
  );
}

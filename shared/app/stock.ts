import { type PartsCounters, partsCounterChange, sumCounters } from '../domain/parts-stats.ts';
import {
  type Allocation,
  applyAllocations,
  applyDelta,
  type Lot,
  type StockDelta,
  unitsOf,
  valueOfAllocations,
} from '../domain/stock.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import type { LedgerKind } from '../schemas/parts.ts';
import { type Actor, type AuditEvent, nextEvent } from '../store/audit.ts';
import {
  getPart,
  listLots,
  movementItems,
  type PartRecord,
  partKey,
  type StoredPart,
  type TransactItem,
} from '../store/parts.ts';
import { partsStatItems } from '../store/report-stats.ts';
import { writeAll } from '../store/transactions.ts';
import { type OutgoingMail, stagedMail } from './deliver-mail.ts';

/** A stock movement's kinds: every ledger kind but the catalogue's own entries. */
export type MovementKind = Exclude<LedgerKind, 'created' | 'updated'>;

/**
 * One movement of a part's stock, as decided on the part and lots read: the lots' units it takes
 * (`sign` -1: issue, transfer, scrap) or adds (+1: a receipt's new lot, a surplus return to the lots
 * it came from, a reused lot), units to repair it adds or takes, and what the ledger entry records
 * beside. The card's change is derived from the allocations, so card, ledger and lots cannot part.
 */
export interface Movement {
  readonly kind: MovementKind;
  readonly allocations: readonly Allocation[];
  readonly sign: 1 | -1;
  readonly toRepair?: number;
  /** Destination, supplier, cause, note, references: stored on the ledger entry. */
  readonly details: Record<string, unknown>;
  /** Catalogue fields changed with it (the open reorder proposal). */
  readonly partChanges?: Partial<Pick<PartRecord, 'openReorderId'>>;
  /** Other items of the same transaction (a requisition's arrival, a scrap's state, a tally). */
  readonly extra?: readonly TransactItem[];
  readonly mails?: readonly OutgoingMail[];
}

export interface StockContext {
  readonly actor: Actor;
  readonly now: Date;
}

/**
 * A movement ready to write: its transaction items, its month's counters (written by
 * `movementWrites`, once for all movements of a transaction), the ledger event and the part after it.
 */
export interface PlannedMovement {
  readonly items: TransactItem[];
  readonly counters: PartsCounters;
  readonly event: AuditEvent;
  readonly after: StoredPart;
  readonly lotsAfter: Lot[];
  readonly mails: readonly OutgoingMail[];
}

/** The change a movement makes to the card: exactly the units and value of its allocations. */
export const deltaOf = (movement: Pick<Movement, 'allocations' | 'sign' | 'toRepair'>): StockDelta => ({
  quantity: movement.sign * unitsOf(movement.allocations),
  valueFen: movement.sign * valueOfAllocations(movement.allocations),
  toRepair: movement.toRepair ?? 0,
});

/** Parts stocked to a reserve quota count as "in quota" for the accuracy and turnover ratios. */
export const inQuota = (part: PartRecord) => part.highQuota > 0;

/**
 * Plans a movement on the part and lots as read: the new card, lots and ledger event (the part's
 * hash chain), the monthly counters, and the writes, all conditional on nothing having changed.
 * Also used inside other transactions (a visit report issuing its parts).
 */
export function planMovement(
  stored: StoredPart,
  lots: readonly Lot[],
  movement: Movement,
  context: StockContext,
): PlannedMovement {
  const delta = deltaOf(movement);
  const card = applyDelta(stored.card, delta);
  const lotsAfter = applyAllocations(lots, movement.allocations, movement.sign);
  const at = context.now.toISOString();
  const { item, head, event } = nextEvent(partKey(stored.part.partNumber), stored.head, {
    type: `stock.${movement.kind}`,
    at: context.now,
    actor: context.actor,
    data: {
      kind: movement.kind,
      delta,
      balance: card,
      ...(movement.allocations.length > 0 ? { allocations: movement.allocations } : {}),
      ...movement.details,
    },
  });
  const after: StoredPart = {
    part: { ...stored.part, ...movement.partChanges, version: stored.part.version + 1, updatedAt: at },
    card,
    head,
  };
  return {
    items: [
      ...movementItems(stored, after, item, lots, movement.allocations, lotsAfter),
      ...(movement.extra ?? []),
    ],
    counters: partsCounterChange(movement.kind, delta, movement.allocations, inQuota(stored.part)),
    event,
    after,
    lotsAfter,
    mails: movement.mails ?? [],
  };
}

/**
 * The writes of the movements of one transaction: their items, and one update of the month's
 * counters with theirs added up (a transaction may hold the counters' item only once).
 */
export const movementWrites = (planned: readonly PlannedMovement[], now: Date): TransactItem[] => [
  ...planned.flatMap((movement) => movement.items),
  ...partsStatItems(now.toISOString(), sumCounters(planned.map((movement) => movement.counters))),
];

/** A part and its lots, read together (404 when there is no such part). */
export async function readStock(partNumber: string): Promise<{ stored: StoredPart; lots: Lot[] }> {
  const [stored, lots] = await Promise.all([getPart(partNumber), listLots(partNumber)]);
  if (!stored) throw new NotFoundError(`part ${partNumber}`);
  return { stored, lots };
}

/**
 * Reads a part's stock, lets `decide` choose the movement (it throws the 4xx of a movement that
 * cannot be made), and writes it in one transaction with its mails. A movement that lost a race
 * with another on the same part is decided again on what that one left.
 */
export async function moveStock(
  partNumber: string,
  context: StockContext,
  decide: (stock: { stored: StoredPart; lots: Lot[] }) => Movement | Promise<Movement>,
  attempts = 4,
): Promise<{ event: AuditEvent; after: StoredPart; lotsAfter: Lot[] }> {
  for (let attempt = 1; ; attempt += 1) {
    const stock = await readStock(partNumber);
    const movement = await decide(stock);
    const planned = planMovement(stock.stored, stock.lots, movement, context);
    const mails = stagedMail(planned.mails, context.now);
    try {
      await writeAll([...movementWrites([planned], context.now), ...mails.items]);
      await mails.send();
      return { event: planned.event, after: planned.after, lotsAfter: planned.lotsAfter };
    } catch (error) {
      if (!(error instanceof ConflictError) || attempt >= attempts) throw error;
    }
  }
}

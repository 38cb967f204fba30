import { verifyChain } from '../domain/hash-chain.ts';
import {
  type Allocation,
  emptyCard,
  fenOf,
  type Lot,
  reconcile,
  type StockCard,
  type StockDelta,
  yuanOf,
} from '../domain/stock.ts';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PreconditionFailedError,
  ValidationError,
} from '../errors.ts';
import { hasAnyRole, type StaffCaller } from '../http/roles.ts';
import type {
  LedgerEntryView,
  LedgerKind,
  LotView,
  PartInput,
  PartListQuery,
  PartPatch,
  PartView,
  ReconciliationView,
} from '../schemas/parts.ts';
import { type AuditEvent, actorOf, emptyChain, nextEvent } from '../store/audit.ts';
import { listEvents } from '../store/audit-trail.ts';
import { tableName } from '../store/client.ts';
import type { Page } from '../store/pagination.ts';
import {
  getPart,
  ledgerPage,
  listLots,
  listParts,
  type PartRecord,
  partKey,
  partWrite,
  type StoredPart,
} from '../store/parts.ts';
import { writeAll } from '../store/transactions.ts';

/** Management: a key part's fixed maker, model or spec (三定), transfers out, scrap approval. */
export const managementRoles = ['manager'] as const;

/** A key part's fixed maker, model or specification changed by someone other than management. */
export class KeyPartChangeForbidden extends ForbiddenError {
  override readonly titleKey = 'parts.problem.keyPartChange';
}

export const cardView = (card: StockCard) => ({
  onHand: card.onHand,
  stockValue: yuanOf(card.stockValueFen),
  toRepair: card.toRepair,
});

export function partView({ part, card }: StoredPart): PartView {
  const { unitCostFen, ...rest } = part;
  return {
    ...rest,
    unitCost: yuanOf(unitCostFen),
    stock: cardView(card),
    belowLowQuota: part.highQuota > 0 && card.onHand <= part.lowQuota,
  };
}

export const lotView = (lot: Lot): LotView => ({
  lotId: lot.lotId,
  receivedOn: lot.receivedOn,
  quantity: lot.quantity,
  unitCost: yuanOf(lot.unitCostFen),
  value: yuanOf(lot.quantity * lot.unitCostFen),
  origin: lot.origin,
  ...(lot.supplier ? { supplier: lot.supplier } : {}),
});

const allocationView = (a: Allocation) => ({
  lotId: a.lotId,
  receivedOn: a.receivedOn,
  quantity: a.quantity,
  unitCost: yuanOf(a.unitCostFen),
  origin: a.origin,
});

/** The ledger's figures of one event: catalogue entries change nothing. */
export const deltaOfEvent = (event: AuditEvent): StockDelta =>
  (event.data.delta as StockDelta | undefined) ?? { quantity: 0, valueFen: 0, toRepair: 0 };

/** A ledger entry (the part's audit event) as answered: yuan, its kind, what it touched. */
export function ledgerEntryView(event: AuditEvent): LedgerEntryView {
  const { kind, delta, balance, allocations, ...data } = event.data as {
    kind: LedgerKind;
    delta?: StockDelta;
    balance?: StockCard;
    allocations?: Allocation[];
  } & Record<string, unknown>;
  const d = delta ?? { quantity: 0, valueFen: 0, toRepair: 0 };
  return {
    seq: event.seq,
    kind,
    at: event.at,
    ...(event.actor.kind === 'staff' ? { by: { sub: event.actor.sub, email: event.actor.email } } : {}),
    quantity: d.quantity,
    value: yuanOf(d.valueFen),
    toRepair: d.toRepair,
    balance: cardView(balance ?? emptyCard),
    ...(allocations ? { allocations: allocations.map(allocationView) } : {}),
    data,
    hash: event.hash,
  };
}

const catalogueOf = (input: PartInput | PartPatch) => {
  const { unitCost, ...rest } = input as { unitCost?: number } & Record<string, unknown>;
  return {
    ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)),
    ...(unitCost !== undefined ? { unitCostFen: fenOf(unitCost) } : {}),
  };
};

/** Adds a part to the catalogue with an empty stock card (409 when the part number exists). */
export async function createPart(input: PartInput, caller: StaffCaller, now: Date): Promise<PartView> {
  const at = now.toISOString();
  const part = { ...catalogueOf(input), version: 1, createdAt: at, updatedAt: at } as unknown as PartRecord;
  const { item, head } = nextEvent(partKey(part.partNumber), emptyChain, {
    type: 'part.created',
    at: now,
    actor: actorOf(caller),
    data: { kind: 'created', balance: emptyCard, catalogue: catalogueOf(input) },
  });
  try {
    await writeAll([
      partWrite({ part, card: emptyCard, head }, 0),
      { Put: { TableName: tableName(), Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
    ]);
  } catch (error) {
    if (error instanceof ConflictError)
      throw new ConflictError(`part ${part.partNumber} exists`, { cause: error });
    throw error;
  }
  return partView({ part, card: emptyCard, head });
}

/** Catalogue fields a key part keeps fixed (三定): changed by management only. */
const fixedOfKeyParts = ['maker', 'model', 'specification'] as const;

/**
 * Changes catalogue fields at the If-Match version (412 when stale). A key part's maker, model or
 * specification is changed by management only (403 otherwise); the change and its approver are
 * in the ledger's `updated` entry.
 */
export async function updatePart(
  partNumber: string,
  patch: PartPatch,
  expectedVersion: number | undefined,
  caller: StaffCaller,
  now: Date,
): Promise<PartView> {
  const stored = await getPart(partNumber);
  if (!stored) throw new NotFoundError(`part ${partNumber}`);
  if (expectedVersion !== undefined && expectedVersion !== stored.part.version) {
    throw new PreconditionFailedError(`part ${partNumber} is at version ${stored.part.version}`);
  }
  const changes = catalogueOf(patch) as Partial<PartRecord>;
  const fixedChanged = fixedOfKeyParts.filter(
    (field) => changes[field] !== undefined && changes[field] !== stored.part[field],
  );
  if (
    stored.part.category === 'key' &&
    fixedChanged.length > 0 &&
    !hasAnyRole(caller, [...managementRoles])
  ) {
    throw new KeyPartChangeForbidden(`key part ${partNumber}: ${fixedChanged.join(', ')}`);
  }
  const next = { ...stored.part, ...changes };
  if (next.highQuota < next.lowQuota) {
    throw new ValidationError('high quota below low quota', {
      issues: [{ field: 'highQuota', code: 'too_small', messageKey: 'parts.quotaOrder' }],
    });
  }
  const at = now.toISOString();
  const { item, head } = nextEvent(partKey(partNumber), stored.head, {
    type: 'part.updated',
    at: now,
    actor: actorOf(caller),
    data: {
      kind: 'updated',
      balance: stored.card,
      changes,
      ...(fixedChanged.length > 0 && stored.part.category === 'key'
        ? { keyPartChangeApprovedBy: actorOf(caller) }
        : {}),
    },
  });
  const part = { ...next, version: stored.part.version + 1, updatedAt: at };
  await writeAll([
    partWrite({ part, card: stored.card, head }, stored.part.version),
    { Put: { TableName: tableName(), Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
  ]);
  return partView({ part, card: stored.card, head });
}

/** A part with its lots in stock, oldest first. */
export async function getPartDetail(partNumber: string): Promise<PartView & { lots: LotView[] }> {
  const [stored, lots] = await Promise.all([getPart(partNumber), listLots(partNumber)]);
  if (!stored) throw new NotFoundError(`part ${partNumber}`);
  return { ...partView(stored), lots: lots.map(lotView) };
}

export async function listPartViews(query: PartListQuery): Promise<Page<PartView>> {
  const page = await listParts({
    limit: query.limit,
    ...(query.category ? { category: query.category } : {}),
    ...(query.belowLowQuota ? { belowLowQuota: query.belowLowQuota === 'true' } : {}),
    ...(query.q ? { q: query.q } : {}),
    ...(query.cursor ? { cursor: query.cursor } : {}),
  });
  return { items: page.items.map(partView), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}

/** A page of a part's ledger, newest first (404 when there is no such part). */
export async function listLedger(
  partNumber: string,
  query: { limit: number; cursor?: string },
): Promise<Page<LedgerEntryView>> {
  const page = await ledgerPage(partNumber, query.limit, query.cursor);
  // Every part's ledger starts with its `created` entry: an empty first page means no such part.
  if (page.items.length === 0 && query.cursor === undefined) throw new NotFoundError(`part ${partNumber}`);
  return { ...page, items: page.items.map(ledgerEntryView) };
}

/**
 * 帐、卡、物相符: the part's stock card against the sum of its ledger and its lots, and the
 * ledger's hash chain. Reads the card, lots and ledger; writes nothing.
 */
export async function reconcilePart(partNumber: string, now: Date): Promise<ReconciliationView> {
  const [stored, lots, events] = await Promise.all([
    getPart(partNumber),
    listLots(partNumber),
    listEvents(partKey(partNumber)),
  ]);
  if (!stored) throw new NotFoundError(`part ${partNumber}`);
  const result = reconcile(stored.card, events.map(deltaOfEvent), lots);
  return {
    partNumber,
    agrees: result.agrees,
    card: {
      quantity: result.card.quantity,
      value: yuanOf(result.card.valueFen),
      toRepair: result.card.toRepair,
    },
    ledger: {
      quantity: result.ledger.quantity,
      value: yuanOf(result.ledger.valueFen),
      toRepair: result.ledger.toRepair,
      entries: events.length,
    },
    lots: { quantity: result.lots.quantity, value: yuanOf(result.lots.valueFen), count: result.lots.count },
    differences: result.differences.map((d) => ({
      figure: d.figure === 'valueFen' ? ('value' as const) : d.figure,
      card: d.figure === 'valueFen' ? yuanOf(d.card) : d.card,
      ledger: d.figure === 'valueFen' ? yuanOf(d.ledger) : d.ledger,
      ...(d.lots !== undefined ? { lots: d.figure === 'valueFen' ? yuanOf(d.lots) : d.lots } : {}),
    })),
    // The chain must also end where the part's head says: a lost last entry verifies otherwise.
    chainIntact:
      verifyChain(partKey(partNumber), events).intact &&
      events.length === stored.head.eventCount &&
      (events.at(-1)?.hash ?? stored.head.lastEventHash) === stored.head.lastEventHash,
    checkedAt: now.toISOString(),
  };
}

import { GetCommand, QueryCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { PlainDate } from '../calendar/plain-date.ts';
import type { Allocation, Lot, StockCard } from '../domain/stock.ts';
import type { PartCategory } from '../schemas/parts.ts';
import { type AuditEvent, type ChainHead, EVENT_PREFIX, eventFromItem, eventSortKey } from './audit.ts';
import { documentClient, tableName } from './client.ts';
import { allWithPrefix, decodeCursor, encodeCursor, type Page, rethrowBadStartKey } from './pagination.ts';
import { searchCondition, searchTextOf } from './search-text.ts';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * A spare part's partition holds everything of its stock, so one transaction moves it:
 *
 * | Item                          | `sk`                              | Index                                  |
 * | ----------------------------- | --------------------------------- | -------------------------------------- |
 * | catalogue + stock card        | `PART`                            | gsi1 `PARTS` / part number             |
 * | lot in stock (one per receipt)| `LOT#<receivedOn>#<lotId>`        | gsi1 `LOTS` / `<receivedOn>#<part>#<lot>` (old lots) |
 * | ledger entry = audit event    | `EVENT#<seq>`                     |                                        |
 * | units of an issue returned    | `RETURNED#<seq>`                  |                                        |
 *
 * The sort key of a lot is its FIFO position: a Query reads lots oldest first. A lot that is
 * used up is deleted; a surplus return puts it back with its own receipt day and cost.
 */
export const partKey = (partNumber: string) => `PART#${partNumber}`;
const PART_SK = 'PART';
const LOT_PREFIX = 'LOT#';
export const lotSortKey = (lot: Pick<Lot, 'receivedOn' | 'lotId'>) =>
  `${LOT_PREFIX}${lot.receivedOn}#${lot.lotId}`;
const returnedKey = (partNumber: string, issueSeq: number) => ({
  pk: partKey(partNumber),
  sk: `RETURNED#${String(issueSeq).padStart(6, '0')}`,
});

/** A part's catalogue fields as stored (money in fen). */
export interface PartRecord {
  readonly partNumber: string;
  readonly name: string;
  readonly specification: string;
  readonly maker?: string;
  readonly model?: string;
  readonly unit: string;
  readonly unitCostFen: number;
  readonly category: PartCategory;
  readonly drawing?: { readonly reference: string; readonly revision: string };
  readonly location: string;
  readonly lowQuota: number;
  readonly highQuota: number;
  readonly fixedAsset: boolean;
  readonly openReorderId?: string;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A part as read: its record, stock card and ledger chain head. */
export interface StoredPart {
  readonly part: PartRecord;
  readonly card: StockCard;
  readonly head: ChainHead;
}

const searchTextOfPart = (part: PartRecord) =>
  searchTextOf([part.partNumber, part.name, part.specification, part.maker, part.model, part.location]);

/** The whole part item: record, card, chain head, index keys. */
const partItem = (part: PartRecord, card: StockCard, head: ChainHead) => ({
  pk: partKey(part.partNumber),
  sk: PART_SK,
  entityType: 'part',
  ...part,
  ...card,
  ...head,
  gsi1pk: 'PARTS',
  gsi1sk: part.partNumber,
  searchText: searchTextOfPart(part),
});

function partFromItem(item: Record<string, unknown>): StoredPart {
  const {
    pk,
    sk,
    entityType,
    gsi1pk,
    gsi1sk,
    searchText,
    onHand,
    stockValueFen,
    toRepair,
    eventCount,
    lastEventHash,
    ...rest
  } = item;
  return {
    part: rest as unknown as PartRecord,
    card: {
      onHand: Number(onHand ?? 0),
      stockValueFen: Number(stockValueFen ?? 0),
      toRepair: Number(toRepair ?? 0),
    },
    head: { eventCount: Number(eventCount ?? 0), lastEventHash: String(lastEventHash ?? '') },
  };
}

export async function getPart(partNumber: string): Promise<StoredPart | undefined> {
  const { Item } = await documentClient().send(
    new GetCommand({
      TableName: tableName(),
      Key: { pk: partKey(partNumber), sk: PART_SK },
      ConsistentRead: true,
    }),
  );
  return Item ? partFromItem(Item) : undefined;
}

const lotItem = (partNumber: string, lot: Lot) => ({
  pk: partKey(partNumber),
  sk: lotSortKey(lot),
  entityType: 'lot',
  partNumber,
  ...lot,
  gsi1pk: 'LOTS',
  gsi1sk: `${lot.receivedOn}#${partNumber}#${lot.lotId}`,
});

function lotFromItem(item: Record<string, unknown>): Lot {
  const { lotId, receivedOn, quantity, unitCostFen, origin, supplier } = item as unknown as Lot;
  return {
    lotId,
    receivedOn,
    quantity: Number(quantity),
    unitCostFen: Number(unitCostFen),
    origin,
    ...(supplier ? { supplier } : {}),
  };
}

/** A part's lots in stock, oldest (next to issue) first. */
export const listLots = async (partNumber: string): Promise<Lot[]> =>
  (await allWithPrefix(partKey(partNumber), LOT_PREFIX)).map(lotFromItem);

/** A lot in stock with the part it belongs to (old-lots report). */
export interface PartLot extends Lot {
  readonly partNumber: string;
}

/** Lots of every part received before `before`, oldest first (gsi1 `LOTS`). */
export async function listLotsReceivedBefore(
  before: PlainDate,
  limit: number,
  cursor: string | undefined,
): Promise<Page<PartLot>> {
  try {
    const page = await documentClient().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk < :before',
        ExpressionAttributeValues: { ':pk': 'LOTS', ':before': before },
        Limit: limit,
        ExclusiveStartKey: decodeCursor(cursor),
      }),
    );
    const nextCursor = encodeCursor(page.LastEvaluatedKey);
    return {
      items: (page.Items ?? []).map((item) => ({
        ...lotFromItem(item),
        partNumber: String(item.partNumber),
      })),
      ...(nextCursor ? { nextCursor } : {}),
    };
  } catch (error) {
    rethrowBadStartKey(error);
  }
}

/** The catalogue by part number, optionally filtered (category, at or below the low quota, search). */
export async function listParts(query: {
  readonly category?: PartCategory;
  readonly belowLowQuota?: boolean;
  readonly q?: string;
  readonly limit: number;
  readonly cursor?: string;
}): Promise<Page<StoredPart>> {
  const filters: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':pk': 'PARTS' };
  if (query.category) {
    filters.push('#category = :category');
    names['#category'] = 'category';
    values[':category'] = query.category;
  }
  if (query.belowLowQuota !== undefined) {
    // As the part's `belowLowQuota`: only parts stocked to a quota (a high quota above zero) count.
    filters.push(
      query.belowLowQuota
        ? '(highQuota > :zero AND onHand <= lowQuota)'
        : '(highQuota = :zero OR onHand > lowQuota)',
    );
    values[':zero'] = 0;
  }
  if (query.q) {
    const search = searchCondition(query.q, []);
    filters.push(search.expression);
    Object.assign(names, search.names);
    Object.assign(values, search.values);
  }
  try {
    const page = await documentClient().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
        ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
        ExpressionAttributeValues: values,
        Limit: query.limit,
        ExclusiveStartKey: decodeCursor(query.cursor),
      }),
    );
    const nextCursor = encodeCursor(page.LastEvaluatedKey);
    return { items: (page.Items ?? []).map(partFromItem), ...(nextCursor ? { nextCursor } : {}) };
  } catch (error) {
    rethrowBadStartKey(error);
  }
}

/** Every part of the catalogue (the daily jobs and the stock value of the parts report). */
export async function listAllParts(): Promise<StoredPart[]> {
  const all: StoredPart[] = [];
  let cursor: string | undefined;
  do {
    const page = await listParts({ limit: 100, ...(cursor ? { cursor } : {}) });
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

/** One entry of a part's ledger by its `seq`, read consistently (a return may follow its issue at once). */
export async function getLedgerEntry(partNumber: string, seq: number): Promise<AuditEvent | undefined> {
  const { Item } = await documentClient().send(
    new GetCommand({
      TableName: tableName(),
      Key: { pk: partKey(partNumber), sk: eventSortKey(seq) },
      ConsistentRead: true,
    }),
  );
  return Item ? eventFromItem(Item) : undefined;
}

/** A page of a part's ledger (its audit events), newest first. */
export async function ledgerPage(
  partNumber: string,
  limit: number,
  cursor: string | undefined,
): Promise<Page<AuditEvent>> {
  try {
    const page = await documentClient().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': partKey(partNumber), ':prefix': EVENT_PREFIX },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: decodeCursor(cursor),
      }),
    );
    const nextCursor = encodeCursor(page.LastEvaluatedKey);
    return { items: (page.Items ?? []).map(eventFromItem), ...(nextCursor ? { nextCursor } : {}) };
  } catch (error) {
    rethrowBadStartKey(error);
  }
}

/** Units of an issue (its ledger `seq`) already returned as surplus. */
export async function returnedOfIssue(partNumber: string, issueSeq: number): Promise<number> {
  const { Item } = await documentClient().send(
    new GetCommand({ TableName: tableName(), Key: returnedKey(partNumber, issueSeq), ConsistentRead: true }),
  );
  return Number(Item?.returned ?? 0);
}

/** Adds `quantity` to an issue's returned units, on condition that they stay within what was issued. */
export const returnedOfIssueItem = (
  partNumber: string,
  issueSeq: number,
  quantity: number,
  issued: number,
): TransactItem => ({
  Update: {
    TableName: tableName(),
    Key: returnedKey(partNumber, issueSeq),
    UpdateExpression: 'ADD returned :q SET entityType = :type',
    ConditionExpression: 'attribute_not_exists(returned) OR returned <= :max',
    ExpressionAttributeValues: { ':q': quantity, ':max': issued - quantity, ':type': 'issueReturns' },
  },
});

/**
 * The write of a part item (record, card, chain head) over the version that was read: 0 for a new
 * part (no item may exist), else the stored version must still be it. Every change of a part goes
 * through it, so two changes of one part never both commit on the same read.
 */
export function partWrite(after: StoredPart, readVersion: number): TransactItem {
  const Item = partItem(after.part, after.card, after.head);
  return readVersion === 0
    ? { Put: { TableName: tableName(), Item, ConditionExpression: 'attribute_not_exists(pk)' } }
    : {
        Put: {
          TableName: tableName(),
          Item,
          ConditionExpression: 'version = :v',
          ExpressionAttributeValues: { ':v': readVersion },
        },
      };
}

/**
 * The writes of one movement: the part item (record, card, chain head) at the version read,
 * its ledger event, and each lot touched set to its new quantity (a lot used up is deleted, a lot
 * put back is created) on condition that it still holds what was read.
 */
export function movementItems(
  before: StoredPart,
  after: StoredPart,
  event: Record<string, unknown>,
  lotsBefore: readonly Lot[],
  touched: readonly Allocation[],
  lotsAfter: readonly Lot[],
): TransactItem[] {
  const TableName = tableName();
  const items: TransactItem[] = [
    partWrite(after, before.part.version),
    { Put: { TableName, Item: event, ConditionExpression: 'attribute_not_exists(pk)' } },
  ];
  const lotIds = [...new Set(touched.map((a) => a.lotId))];
  for (const lotId of lotIds) {
    const old = lotsBefore.find((l) => l.lotId === lotId);
    const now = lotsAfter.find((l) => l.lotId === lotId);
    const Key = { pk: partKey(before.part.partNumber), sk: lotSortKey((old ?? now) as Lot) };
    if (old && now) {
      items.push({
        Update: {
          TableName,
          Key,
          UpdateExpression: 'SET quantity = :now',
          ConditionExpression: 'quantity = :old',
          ExpressionAttributeValues: { ':now': now.quantity, ':old': old.quantity },
        },
      });
    } else if (old) {
      items.push({
        Delete: {
          TableName,
          Key,
          ConditionExpression: 'quantity = :old',
          ExpressionAttributeValues: { ':old': old.quantity },
        },
      });
    } else if (now) {
      items.push({
        Put: {
          TableName,
          Item: lotItem(before.part.partNumber, now),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
    }
  }
  return items;
}

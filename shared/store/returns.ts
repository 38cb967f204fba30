import { GetCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../errors.ts';
import type { ReturnListQuery, ReturnRecord } from '../schemas/returns.ts';
import { type ChainHead, chainedRecordOf } from './audit.ts';
import { documentClient, tableName } from './client.ts';
import { type Page, pageOf, queryIndexPage } from './pagination.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export const returnKey = (id: string) => `RETURN#${id}`;
const RETURN_SK = 'RETURN';

/** The per-delivery tally of units held by returns that are not rejected: `units#<productId>` numbers. */
const returnedKey = (deliveryId: string) => ({ pk: `DELIVERY#${deliveryId}`, sk: 'RETURNED' });
const unitsAttribute = (productId: string) => `units#${productId}`;

export interface StoredReturn {
  readonly record: ReturnRecord;
  readonly head: ChainHead;
}

/** All (gsi1), by office (gsi2), by status (gsi3); newest first by submission. */
function indexKeys(record: ReturnRecord) {
  const byTime = `${record.createdAt}#${record.id}`;
  return {
    gsi1pk: 'RETURNS',
    gsi1sk: byTime,
    gsi2pk: `RETURNS#OFFICE#${record.officeId}`,
    gsi2sk: byTime,
    gsi3pk: `RETURNS#STATUS#${record.status}`,
    gsi3sk: byTime,
  };
}

const returnItem = (record: ReturnRecord, head: ChainHead) => ({
  pk: returnKey(record.id),
  sk: RETURN_SK,
  entityType: 'return',
  ...record,
  ...indexKeys(record),
  ...head,
});

const returnFromItem = (item: Record<string, unknown>): StoredReturn => chainedRecordOf<ReturnRecord>(item);

/** Units of each product held against a delivery by returns that are not rejected. */
export async function returnedUnits(deliveryId: string): Promise<Record<string, number>> {
  const { Item } = await documentClient().send(
    new GetCommand({ TableName: tableName(), Key: returnedKey(deliveryId), ConsistentRead: true }),
  );
  const units: Record<string, number> = {};
  for (const [name, value] of Object.entries(Item ?? {})) {
    if (name.startsWith('units#')) units[name.slice('units#'.length)] = Number(value);
  }
  return units;
}

/**
 * The tally update that adds `lines` to a delivery's returned units, on condition that no
 * product then exceeds what was delivered (`limits`). Negative quantities (a rejection) free
 * units and need no limit.
 */
function tallyUpdate(
  deliveryId: string,
  lines: readonly { productId: string; quantity: number; limit?: number }[],
): TransactItem {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':type': 'returnedUnits' };
  const adds: string[] = [];
  const conditions: string[] = [];
  lines.forEach((line, i) => {
    names[`#u${i}`] = unitsAttribute(line.productId);
    values[`:q${i}`] = line.quantity;
    adds.push(`#u${i} :q${i}`);
    if (line.limit !== undefined) {
      // At most `limit - quantity` already held, so the sum stays within what was delivered.
      values[`:max${i}`] = line.limit - line.quantity;
      conditions.push(`(attribute_not_exists(#u${i}) OR #u${i} <= :max${i})`);
    }
  });
  return {
    Update: {
      TableName: tableName(),
      Key: returnedKey(deliveryId),
      UpdateExpression: `ADD ${adds.join(', ')} SET entityType = :type`,
      ...(conditions.length > 0 ? { ConditionExpression: conditions.join(' AND ') } : {}),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/** Why a transaction was cancelled, per item (DynamoDB's CancellationReasons codes). */
const cancellationCodes = (error: unknown): (string | undefined)[] =>
  ((error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).map((r) => r.Code);

/** The tally would exceed what was delivered: another request took the units first. */
export class ReturnedUnitsExceeded extends Error {}

/**
 * Stores a new return with its first event, adds its units to the delivery's tally on
 * condition that they fit (ReturnedUnitsExceeded otherwise) and adds `extra` (office counters),
 * all in one transaction. A transaction that collided with another on the tally is retried.
 */
export async function insertReturn(
  record: ReturnRecord,
  event: { item: Record<string, unknown>; head: ChainHead },
  lines: readonly { productId: string; quantity: number; delivered: number }[],
  extra: readonly TransactItem[],
  attempts = 5,
): Promise<void> {
  const TableName = tableName();
  const items: TransactItem[] = [
    {
      Put: {
        TableName,
        Item: returnItem(record, event.head),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    { Put: { TableName, Item: event.item, ConditionExpression: 'attribute_not_exists(pk)' } },
    tallyUpdate(
      record.deliveryId,
      lines.map((l) => ({ productId: l.productId, quantity: l.quantity, limit: l.delivered })),
    ),
    ...extra,
  ];
  for (let attempt = 1; ; attempt += 1) {
    try {
      await documentClient().send(new TransactWriteCommand({ TransactItems: items }));
      return;
    } catch (error) {
      const codes = cancellationCodes(error);
      if (codes[2] === 'ConditionalCheckFailed')
        throw new ReturnedUnitsExceeded('units exceed', { cause: error });
      if (codes.includes('ConditionalCheckFailed'))
        throw new ConflictError('condition failed', { cause: error });
      if (codes.includes('TransactionConflict') && attempt < attempts) {
        await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 30));
        continue;
      }
      throw error;
    }
  }
}

/**
 * Replaces a return if it is still at `expectedVersion` (else ConflictError) and appends its
 * event; a rejection also gives the units back to the delivery's tally, in the same transaction.
 */
export async function replaceReturn(
  after: ReturnRecord,
  expectedVersion: number,
  event: { item: Record<string, unknown>; head: ChainHead },
  options: { freeUnits?: boolean; extra?: readonly TransactItem[] } = {},
  attempts = 5,
): Promise<void> {
  const TableName = tableName();
  const items: TransactItem[] = [
    {
      Put: {
        TableName,
        Item: returnItem(after, event.head),
        ConditionExpression: 'version = :expected',
        ExpressionAttributeValues: { ':expected': expectedVersion },
      },
    },
    { Put: { TableName, Item: event.item, ConditionExpression: 'attribute_not_exists(pk)' } },
    ...(options.freeUnits
      ? [
          tallyUpdate(
            after.deliveryId,
            after.items.map((l) => ({ productId: l.productId, quantity: -l.quantity })),
          ),
        ]
      : []),
    ...(options.extra ?? []),
  ];
  for (let attempt = 1; ; attempt += 1) {
    try {
      await documentClient().send(new TransactWriteCommand({ TransactItems: items }));
      return;
    } catch (error) {
      const codes = cancellationCodes(error);
      if (codes.includes('ConditionalCheckFailed'))
        throw new ConflictError('condition failed', { cause: error });
      if (codes.includes('TransactionConflict') && attempt < attempts) {
        await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 30));
        continue;
      }
      throw error;
    }
  }
}

export async function getReturn(id: string): Promise<StoredReturn | undefined> {
  const { Item } = await documentClient().send(
    new GetCommand({
      TableName: tableName(),
      Key: { pk: returnKey(id), sk: RETURN_SK },
      ConsistentRead: true,
    }),
  );
  return Item ? returnFromItem(Item) : undefined;
}

/**
 * Newest first: by office (gsi2; a status filters the page), by status (gsi3), or all (gsi1).
 * A filtered page may hold fewer than `limit` items; follow `nextCursor`.
 */
export const listReturns = (query: ReturnListQuery): Promise<Page<ReturnRecord>> =>
  queryIndexPage(
    query.officeId !== undefined
      ? {
          index: 'gsi2',
          partition: `RETURNS#OFFICE#${query.officeId}`,
          equals: { status: query.status },
          ...pageOf(query),
        }
      : query.status !== undefined
        ? { index: 'gsi3', partition: `RETURNS#STATUS#${query.status}`, ...pageOf(query) }
        : { index: 'gsi1', partition: 'RETURNS', ...pageOf(query) },
    (item) => returnFromItem(item).record,
  );

import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { InvalidCursorError } from '../errors.ts';
import { documentClient, tableName } from './client.ts';

// A cursor is DynamoDB's LastEvaluatedKey made opaque. Decoding checks its shape, so a
// forged cursor can at most restart a query the caller may already run.
const keyShape = z.record(z.string().regex(/^(pk|sk|gsi[1-3](pk|sk))$/), z.string().max(1024));

export const encodeCursor = (lastEvaluatedKey: Record<string, unknown> | undefined): string | undefined =>
  lastEvaluatedKey ? Buffer.from(JSON.stringify(lastEvaluatedKey), 'utf8').toString('base64url') : undefined;

export function decodeCursor(cursor: string | undefined): Record<string, string> | undefined {
  if (cursor === undefined) return undefined;
  try {
    return keyShape.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch (cause) {
    throw new InvalidCursorError('bad cursor', { cause });
  }
}

/** DynamoDB rejects a start key that does not belong to the index queried: that is a bad cursor too. */
export function rethrowBadStartKey(error: unknown): never {
  if (error instanceof Error && error.name === 'ValidationException' && /start.*key/i.test(error.message)) {
    throw new InvalidCursorError('cursor does not fit this query', { cause: error });
  }
  throw error;
}

export interface Page<T> {
  readonly items: T[];
  readonly nextCursor?: string;
}

/** The paging of a list query. */
export const pageOf = (query: { readonly limit: number; readonly cursor?: string | undefined }) => ({
  limit: query.limit,
  cursor: query.cursor,
});

/**
 * One page of an index partition, newest first, optionally filtered on attributes equal to values
 * (`{ status: 'ordered' }`): the lists of records with their own index keys (returns, requisitions,
 * scraps). A filtered page may hold fewer than `limit` items; follow `nextCursor`.
 */
export async function queryIndexPage<T>(
  query: {
    readonly index: 'gsi1' | 'gsi2' | 'gsi3';
    readonly partition: string;
    readonly equals?: Readonly<Record<string, string | undefined>>;
    readonly limit: number;
    readonly cursor?: string | undefined;
  },
  itemOf: (item: Record<string, unknown>) => T,
): Promise<Page<T>> {
  const equals = Object.entries(query.equals ?? {}).filter(
    (entry): entry is [string, string] => entry[1] !== undefined,
  );
  const page = await documentClient()
    .send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: query.index,
        KeyConditionExpression: `${query.index}pk = :pk`,
        ...(equals.length > 0
          ? {
              FilterExpression: equals.map((_, i) => `#f${i} = :f${i}`).join(' AND '),
              ExpressionAttributeNames: Object.fromEntries(equals.map(([name], i) => [`#f${i}`, name])),
            }
          : {}),
        ExpressionAttributeValues: {
          ':pk': query.partition,
          ...Object.fromEntries(equals.map(([, value], i) => [`:f${i}`, value])),
        },
        ScanIndexForward: false,
        Limit: query.limit,
        ExclusiveStartKey: decodeCursor(query.cursor),
      }),
    )
    .catch(rethrowBadStartKey);
  const nextCursor = encodeCursor(page.LastEvaluatedKey);
  return { items: (page.Items ?? []).map(itemOf), ...(nextCursor ? { nextCursor } : {}) };
}

/**
 * Every item of a partition whose sort key starts with `prefix`, in sort key order, read
 * consistently (reads that follow a write: a part's lots, an entity's audit trail).
 */
export async function allWithPrefix(pk: string, prefix: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
        ConsistentRead: true,
        ExclusiveStartKey,
      }),
    );
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

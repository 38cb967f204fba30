import {
  BatchGetCommand,
  GetCommand,
  PutCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { normaliseAddress, type SuppressionReason } from '../domain/suppression.ts';
import { documentClient, tableName } from './client.ts';

/** An address we no longer send to (it bounced permanently or complained), kept until staff lift it. */
export interface Suppression {
  /** Normalised (trimmed, lower-case). */
  readonly address: string;
  readonly reason: SuppressionReason;
  /** When SES saw the bounce or complaint. */
  readonly at: string;
  readonly recordedAt: string;
  readonly feedbackId?: string;
  /** The SES message that bounced or was complained about. */
  readonly messageId?: string;
}

const SUPPRESSED = 'SUPPRESSED';
const suppressionKey = (address: string) => ({
  pk: `${SUPPRESSED}#${normaliseAddress(address)}`,
  sk: SUPPRESSED,
});
/** BatchGetItem takes at most 100 keys. */
const BATCH_SIZE = 100;
const MAX_BATCH_ROUNDS = 5;

const isConditionFailure = (error: unknown) =>
  error instanceof Error && error.name === 'ConditionalCheckFailedException';

/**
 * Records a suppression unless the address is suppressed already (the first record, and
 * its reason, is kept: a repeated event changes nothing). True when it was new.
 */
export async function recordSuppression(suppression: Suppression): Promise<boolean> {
  try {
    await documentClient().send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...suppressionKey(suppression.address),
          entityType: 'suppression',
          ...suppression,
          address: normaliseAddress(suppression.address),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

export async function getSuppression(address: string): Promise<Suppression | undefined> {
  const { Item } = await documentClient().send(
    new GetCommand({ TableName: tableName(), Key: suppressionKey(address), ConsistentRead: true }),
  );
  if (!Item) return undefined;
  const { pk, sk, entityType, ...suppression } = Item;
  return suppression as Suppression;
}

/** Which of `addresses` are suppressed, normalised; one consistent BatchGet per 100 addresses. */
export async function suppressedAmong(addresses: readonly string[]): Promise<Set<string>> {
  const unique = [...new Set(addresses.map(normaliseAddress))];
  const found = new Set<string>();
  const TableName = tableName();
  for (let start = 0; start < unique.length; start += BATCH_SIZE) {
    let keys: Record<string, unknown>[] = unique.slice(start, start + BATCH_SIZE).map(suppressionKey);
    for (let round = 1; keys.length > 0; round += 1) {
      if (round > MAX_BATCH_ROUNDS) throw new Error('suppression look-up: keys left unprocessed');
      if (round > 1) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** round));
      const { Responses, UnprocessedKeys } = await documentClient().send(
        new BatchGetCommand({
          RequestItems: {
            [TableName]: { Keys: keys, ConsistentRead: true, ProjectionExpression: 'address' },
          },
        }),
      );
      for (const item of Responses?.[TableName] ?? []) found.add(String(item.address));
      keys = UnprocessedKeys?.[TableName]?.Keys ?? [];
    }
  }
  return found;
}

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Transaction items that lift the suppression of `addresses` (a missing record is no error). */
export function suppressionRemovals(addresses: readonly string[]): TransactItem[] {
  return [...new Set(addresses.map(normaliseAddress))].map((address) => ({
    Delete: { TableName: tableName(), Key: suppressionKey(address) },
  }));
}

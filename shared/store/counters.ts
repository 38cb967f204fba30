import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './client.ts';

/**
 * The next value of a named counter (1, 2, 3, ...): an atomic ADD, so concurrent
 * callers never get the same number. A number taken by a request that then fails is
 * skipped, never reused.
 */
export async function nextCounterValue(name: string): Promise<number> {
  const { Attributes } = await documentClient().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: { pk: `COUNTER#${name}`, sk: 'COUNTER' },
      UpdateExpression: 'ADD #value :one SET entityType = :type',
      ExpressionAttributeNames: { '#value': 'value' },
      ExpressionAttributeValues: { ':one': 1, ':type': 'counter' },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Number(Attributes?.value);
}

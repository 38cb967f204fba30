import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../errors.ts';
import { documentClient } from './client.ts';

type TransactItems = NonNullable<TransactWriteCommandInput['TransactItems']>;

/**
 * Writes all items or none. A failed condition (someone else changed the record, the
 * id exists) becomes ConflictError; throttling and other failures pass through.
 */
export async function writeAll(items: TransactItems, clientRequestToken?: string): Promise<void> {
  try {
    await documentClient().send(
      new TransactWriteCommand({
        TransactItems: items,
        ...(clientRequestToken ? { ClientRequestToken: clientRequestToken } : {}),
      }),
    );
  } catch (error) {
    const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
    if (error instanceof Error && reasons.some((reason) => reason.Code === 'ConditionalCheckFailed')) {
      throw new ConflictError('condition failed', { cause: error });
    }
    throw error;
  }
}

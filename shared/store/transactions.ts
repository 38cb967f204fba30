import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../errors.ts';
import { documentClient } from './client.ts';

type TransactItems = NonNullable<TransactWriteCommandInput['TransactItems']>;

/**
 * Writes all items or none. A failed condition (someone else changed the record, the
 * id exists) becomes ConflictError; throttling and other failures pass through.
 */
export async function writeAll(items: TransactItems, clientRequestToken?: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await documentClient().send(
        new TransactWriteCommand({
          TransactItems: items,
          ...(clientRequestToken ? { ClientRequestToken: clientRequestToken } : {}),
        }),
      );
      return;
    } catch (error) {
      const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
      if (error instanceof Error && reasons.some((reason) => reason.Code === 'ConditionalCheckFailed')) {
        throw new ConflictError('condition failed', { cause: error });
      }
      // Another transaction held one of the items (concurrent writes to the same counters):
      // nothing was written, so the same transaction is tried again, a little later each time.
      const conflicted = reasons.some((reason) => reason.Code === 'TransactionConflict');
      if (!conflicted || attempt >= CONFLICT_ATTEMPTS) throw error;
      await new Promise((retry) => setTimeout(retry, Math.random() * 25 * 2 ** attempt));
    }
  }
}

const CONFLICT_ATTEMPTS = 4;

import { GetCommand, type TransactWriteCommandInput, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { normaliseAddress } from '../domain/suppression.ts';
import { documentClient, tableName } from './client.ts';

/**
 * What one contact address wants and has had: `CONTACT#<address>` / `PREFERENCES`.
 * `lastSurveySentAt` drives the frequency cap; `unsubscribedAt` stops surveys and follow-ups
 * (transactional mail about the contact's own cases still goes).
 */
export interface ContactPreferences {
  readonly address: string;
  readonly lastSurveySentAt?: string;
  readonly unsubscribedAt?: string;
}

export const contactPreferencesKey = (address: string) => ({
  pk: `CONTACT#${normaliseAddress(address)}`,
  sk: 'PREFERENCES',
});

export async function getContactPreferences(address: string): Promise<ContactPreferences> {
  const { Item } = await documentClient().send(
    new GetCommand({ TableName: tableName(), Key: contactPreferencesKey(address), ConsistentRead: true }),
  );
  return {
    address: normaliseAddress(address),
    ...(Item?.lastSurveySentAt ? { lastSurveySentAt: String(Item.lastSurveySentAt) } : {}),
    ...(Item?.unsubscribedAt ? { unsubscribedAt: String(Item.unsubscribedAt) } : {}),
  };
}

/** Records an unsubscribe; the first time is kept (a second click changes nothing). True when new. */
export async function recordUnsubscribe(address: string, now: Date): Promise<boolean> {
  const { Attributes } = await documentClient().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: contactPreferencesKey(address),
      UpdateExpression:
        'SET unsubscribedAt = if_not_exists(unsubscribedAt, :now), address = :address, entityType = :type',
      ExpressionAttributeValues: {
        ':now': now.toISOString(),
        ':address': normaliseAddress(address),
        ':type': 'contactPreferences',
      },
      ReturnValues: 'UPDATED_OLD',
    }),
  );
  return !Attributes?.unsubscribedAt;
}

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * The write that records a survey or follow-up email to `address` at `sentAt`, for the sending
 * transaction. It fails the transaction when the contact was mailed after `capStart` (the
 * frequency cap: two runs cannot both mail the same contact) or has unsubscribed meanwhile.
 */
export function surveySentPreferencesItem(address: string, sentAt: string, capStart: string): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: contactPreferencesKey(address),
      UpdateExpression: 'SET lastSurveySentAt = :sentAt, address = :address, entityType = :type',
      ConditionExpression:
        'attribute_not_exists(unsubscribedAt) AND (attribute_not_exists(lastSurveySentAt) OR lastSurveySentAt <= :capStart)',
      ExpressionAttributeValues: {
        ':sentAt': sentAt,
        ':address': normaliseAddress(address),
        ':type': 'contactPreferences',
        ':capStart': capStart,
      },
    },
  };
}

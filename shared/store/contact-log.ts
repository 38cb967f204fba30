import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ContactLogEntry } from '../schemas/care-plan.ts';
import { documentClient, tableName } from './client.ts';
import { customerExistsCheck, customerKey } from './customers.ts';
import { decodeCursor, encodeCursor, type Page, rethrowBadStartKey } from './pagination.ts';
import { writeAll } from './transactions.ts';

/**
 * The contact log of a customer (visits, calls, meetings, emails): `CUSTOMER#<customerId>` /
 * `CONTACT#<at>#<id>`, `at` a UTC instant, so the partition lists contacts in the order they
 * happened. Append-only: an entry is never changed.
 */
const CONTACT_PREFIX = 'CONTACT#';
const contactSortKey = (entry: Pick<ContactLogEntry, 'at' | 'id'>) =>
  `${CONTACT_PREFIX}${entry.at}#${entry.id}`;

const contactItem = (entry: ContactLogEntry) => ({
  pk: customerKey(entry.customerId),
  sk: contactSortKey(entry),
  entityType: 'contactLog',
  ...entry,
});

const entryFromItem = (item: Record<string, unknown>): ContactLogEntry => {
  const { pk: _pk, sk: _sk, entityType: _type, ...entry } = item;
  return entry as unknown as ContactLogEntry;
};

/** Stores a logged contact, only while its customer exists (else ConflictError). */
export async function insertContact(entry: ContactLogEntry): Promise<void> {
  await writeAll([
    customerExistsCheck(entry.customerId),
    {
      Put: {
        TableName: tableName(),
        Item: contactItem(entry),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  ]);
}

/** Stores a contact as it is (the demo seed: fixed ids, written again on a re-run). */
export async function putContact(entry: ContactLogEntry): Promise<void> {
  await documentClient().send(new PutCommand({ TableName: tableName(), Item: contactItem(entry) }));
}

/** A customer's contacts, newest first. */
export async function listContacts(
  customerId: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<ContactLogEntry>> {
  const result = await documentClient()
    .send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': customerKey(customerId), ':prefix': CONTACT_PREFIX },
        ScanIndexForward: false,
        Limit: page.limit,
        ExclusiveStartKey: decodeCursor(page.cursor),
      }),
    )
    .catch(rethrowBadStartKey);
  const nextCursor = encodeCursor(result.LastEvaluatedKey);
  return { items: (result.Items ?? []).map(entryFromItem), ...(nextCursor ? { nextCursor } : {}) };
}

/** Every contact of a customer at or after the instant `since`, newest first. */
export async function contactsSince(customerId: string, since: Date): Promise<ContactLogEntry[]> {
  const entries: ContactLogEntry[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const result = await documentClient().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lower AND :upper',
        ExpressionAttributeValues: {
          ':pk': customerKey(customerId),
          ':lower': `${CONTACT_PREFIX}${since.toISOString()}`,
          ':upper': `${CONTACT_PREFIX}~`,
        },
        ScanIndexForward: false,
        ExclusiveStartKey,
      }),
    );
    entries.push(...(result.Items ?? []).map(entryFromItem));
    ExclusiveStartKey = result.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return entries;
}

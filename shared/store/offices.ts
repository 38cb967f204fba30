import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Office } from '../schemas/customers.ts';
import type { SupervisionNote } from '../schemas/offices.ts';
import { type ChainHead, emptyChain } from './audit.ts';
import { documentClient, tableName } from './client.ts';
import { decodeCursor, encodeCursor, type Page, rethrowBadStartKey } from './pagination.ts';
import { writeAll } from './transactions.ts';

export async function putOffice(office: Office): Promise<void> {
  await documentClient().send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        pk: `OFFICE#${office.id}`,
        sk: 'PROFILE',
        entityType: 'office',
        ...office,
        gsi2pk: 'OFFICES',
        gsi2sk: office.id,
      },
    }),
  );
}

export async function listOffices(): Promise<Office[]> {
  const { Items } = await documentClient().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': 'OFFICES' },
    }),
  );
  return (Items ?? []).map(({ id, name, region, email }) => ({
    id,
    name,
    region,
    ...(email ? { email } : {}),
  }));
}

export async function officeExists(id: string): Promise<boolean> {
  const { Item } = await documentClient().send(
    new GetCommand({
      TableName: tableName(),
      Key: { pk: `OFFICE#${id}`, sk: 'PROFILE' },
      ProjectionExpression: 'pk',
    }),
  );
  return Item !== undefined;
}

// An office's service standard, supervision notes and their audit trail live in the office's
// partition `OFFICE#<id>`: `STANDARD` (versioned), `NOTE#<ulid>` (newest first by id), the
// chain head `CHAIN` and the hash-chained events `EVENT#<seq>` (shared/store/audit.ts).
export const officeKey = (id: string) => `OFFICE#${id}`;
const STANDARD = 'STANDARD';
const CHAIN = 'CHAIN';
const NOTE_PREFIX = 'NOTE#';

/** The office's stored standard with its version, or undefined while it has none. */
export async function getStoredStandard(officeId: string): Promise<Record<string, unknown> | undefined> {
  const { Item } = await documentClient().send(
    new GetCommand({ TableName: tableName(), Key: { pk: officeKey(officeId), sk: STANDARD } }),
  );
  if (!Item) return undefined;
  const { pk: _pk, sk: _sk, entityType: _type, ...standard } = Item;
  return standard;
}

/** Where the office's audit chain stands. */
export async function getOfficeChainHead(officeId: string): Promise<ChainHead> {
  const { Item } = await documentClient().send(
    new GetCommand({ TableName: tableName(), Key: { pk: officeKey(officeId), sk: CHAIN } }),
  );
  return Item
    ? { eventCount: Number(Item.eventCount), lastEventHash: String(Item.lastEventHash) }
    : emptyChain;
}

/** The writes that append an event to the office's chain, failing (409) if someone else appended meanwhile. */
function chainItems(
  officeId: string,
  before: ChainHead,
  event: { item: Record<string, unknown>; head: ChainHead },
) {
  const TableName = tableName();
  return [
    { Put: { TableName, Item: event.item, ConditionExpression: 'attribute_not_exists(pk)' } },
    {
      Put: {
        TableName,
        Item: { pk: officeKey(officeId), sk: CHAIN, entityType: 'officeChain', ...event.head },
        ConditionExpression: before.eventCount === 0 ? 'attribute_not_exists(pk)' : 'eventCount = :count',
        ...(before.eventCount === 0 ? {} : { ExpressionAttributeValues: { ':count': before.eventCount } }),
      },
    },
  ];
}

/**
 * Stores a new version of the office's standard (`previousVersion` 0: the first) with its audit
 * event, all or nothing; ConflictError when the version or the chain moved meanwhile.
 */
export async function writeStandard(
  standard: Record<string, unknown> & { officeId: string; version: number },
  previousVersion: number,
  before: ChainHead,
  event: { item: Record<string, unknown>; head: ChainHead },
): Promise<void> {
  await writeAll([
    {
      Put: {
        TableName: tableName(),
        Item: { pk: officeKey(standard.officeId), sk: STANDARD, entityType: 'officeStandard', ...standard },
        ConditionExpression: previousVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :v',
        ...(previousVersion === 0 ? {} : { ExpressionAttributeValues: { ':v': previousVersion } }),
      },
    },
    ...chainItems(standard.officeId, before, event),
  ]);
}

/** Stores a supervision note with its audit event, all or nothing. */
export async function insertSupervisionNote(
  note: SupervisionNote,
  before: ChainHead,
  event: { item: Record<string, unknown>; head: ChainHead },
): Promise<void> {
  await writeAll([
    {
      Put: {
        TableName: tableName(),
        Item: {
          pk: officeKey(note.officeId),
          sk: `${NOTE_PREFIX}${note.id}`,
          entityType: 'supervisionNote',
          ...note,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    ...chainItems(note.officeId, before, event),
  ]);
}

/** A page of the office's supervision notes, newest first. */
export async function listSupervisionNotes(
  officeId: string,
  limit: number,
  cursor?: string,
): Promise<Page<SupervisionNote>> {
  try {
    const { Items, LastEvaluatedKey } = await documentClient().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': officeKey(officeId), ':prefix': NOTE_PREFIX },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: decodeCursor(cursor),
      }),
    );
    const items = (Items ?? []).map(
      ({ id, officeId: office, date, finding, actionRequired, due, createdAt, createdBy }) => ({
        id,
        officeId: office,
        date,
        finding,
        actionRequired,
        due,
        createdAt,
        createdBy,
      }),
    );
    const nextCursor = encodeCursor(LastEvaluatedKey);
    return { items, ...(nextCursor ? { nextCursor } : {}) };
  } catch (error) {
    rethrowBadStartKey(error);
  }
}

/** The office's profile, or undefined. */
export async function getOffice(id: string): Promise<Office | undefined> {
  const { Item } = await documentClient().send(
    new GetCommand({ TableName: tableName(), Key: { pk: officeKey(id), sk: 'PROFILE' } }),
  );
  if (!Item) return undefined;
  const { name, region, email } = Item;
  return { id, name, region, ...(email ? { email } : {}) };
}

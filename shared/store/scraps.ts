import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { AppraisalSlot, ScrapDecision, ScrapRoute, ScrapStatus } from '../domain/scrap.ts';
import type { Appraisal, Person, ScrapListQuery } from '../schemas/scraps.ts';
import { type ChainHead, chainedRecordOf } from './audit.ts';
import { documentClient, tableName } from './client.ts';
import { type Page, pageOf, queryIndexPage } from './pagination.ts';
import type { TransactItem } from './parts.ts';

/**
 * A scrap request (报废) is one item `SCRAP#<id>` / `SCRAP` with its audit events (`EVENT#<seq>`)
 * in the same partition. Indexes, newest first: gsi1 `SCRAPS` (all), gsi2 `SCRAPS#STATUS#<status>`,
 * gsi3 `SCRAPS#PART#<partNumber>`. The units leave stock through the part's own ledger, written
 * in the same transaction as the request's change.
 */
export const scrapKey = (id: string) => `SCRAP#${id}`;
const SCRAP_SK = 'SCRAP';

/** A scrap request as stored (money in fen). */
export interface ScrapRecord {
  readonly id: string;
  readonly reference: string;
  readonly partNumber: string;
  readonly partName: string;
  readonly quantity: number;
  readonly lotId?: string;
  /** The units' value at their lots' costs when requested: what was appraised. */
  readonly valueFen: number;
  /** The value taken out of stock when scrapped (the lots may have moved since the request). */
  readonly bookedValueFen?: number;
  readonly reason: string;
  readonly status: ScrapStatus;
  readonly route: ScrapRoute;
  readonly appraisals: Partial<Readonly<Record<AppraisalSlot, Appraisal>>>;
  readonly decision?: {
    readonly decision: ScrapDecision;
    readonly note?: string;
    readonly at: string;
    readonly by: Person;
  };
  /** The part's ledger entry of the scrap. */
  readonly ledgerSeq?: number;
  readonly requestedBy: Person;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface StoredScrap {
  readonly record: ScrapRecord;
  readonly head: ChainHead;
}

function indexKeys(record: ScrapRecord) {
  const byTime = `${record.createdAt}#${record.id}`;
  return {
    gsi1pk: 'SCRAPS',
    gsi1sk: byTime,
    gsi2pk: `SCRAPS#STATUS#${record.status}`,
    gsi2sk: byTime,
    gsi3pk: `SCRAPS#PART#${record.partNumber}`,
    gsi3sk: byTime,
  };
}

const scrapItem = (record: ScrapRecord, head: ChainHead) => ({
  pk: scrapKey(record.id),
  sk: SCRAP_SK,
  entityType: 'scrap',
  ...record,
  ...indexKeys(record),
  ...head,
});

const scrapFromItem = (item: Record<string, unknown>): StoredScrap => chainedRecordOf<ScrapRecord>(item);

/**
 * The writes of a request's change: the request at its new version, on condition that it is new
 * (`expectedVersion` undefined) or still at `expectedVersion`, and its audit event.
 */
export function scrapWrites(
  record: ScrapRecord,
  event: { item: Record<string, unknown>; head: ChainHead },
  expectedVersion?: number,
): TransactItem[] {
  const TableName = tableName();
  return [
    {
      Put: {
        TableName,
        Item: scrapItem(record, event.head),
        ...(expectedVersion === undefined
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : {
              ConditionExpression: 'version = :expected',
              ExpressionAttributeValues: { ':expected': expectedVersion },
            }),
      },
    },
    { Put: { TableName, Item: event.item, ConditionExpression: 'attribute_not_exists(pk)' } },
  ];
}

export async function getScrap(id: string): Promise<StoredScrap | undefined> {
  const { Item } = await documentClient().send(
    new GetCommand({ TableName: tableName(), Key: { pk: scrapKey(id), sk: SCRAP_SK }, ConsistentRead: true }),
  );
  return Item ? scrapFromItem(Item) : undefined;
}

/**
 * Newest first: of a part (gsi3; a status filters the page), by status (gsi2), or all (gsi1).
 * A filtered page may hold fewer than `limit` items; follow `nextCursor`.
 */
export const listScraps = (query: ScrapListQuery): Promise<Page<ScrapRecord>> =>
  queryIndexPage(
    query.partNumber !== undefined
      ? {
          index: 'gsi3',
          partition: `SCRAPS#PART#${query.partNumber}`,
          equals: { status: query.status },
          ...pageOf(query),
        }
      : query.status !== undefined
        ? { index: 'gsi2', partition: `SCRAPS#STATUS#${query.status}`, ...pageOf(query) }
        : { index: 'gsi1', partition: 'SCRAPS', ...pageOf(query) },
    (item) => scrapFromItem(item).record,
  );

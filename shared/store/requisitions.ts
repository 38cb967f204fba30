import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { RequisitionListQuery, RequisitionRecord } from '../schemas/requisitions.ts';
import { type ChainHead, chainedRecordOf } from './audit.ts';
import { documentClient, tableName } from './client.ts';
import { type Page, pageOf, queryIndexPage } from './pagination.ts';
import { type PartRecord, partWrite, type StoredPart, type TransactItem } from './parts.ts';

/**
 * A requisition (请购单) is one item with its audit events in its own partition:
 *
 * | Item                | `pk` / `sk`                          | Index                                          |
 * | ------------------- | ------------------------------------ | ---------------------------------------------- |
 * | the requisition     | `REQUISITION#<id>` / `REQUISITION`   | gsi1 `REQUISITIONS`, gsi2 by department, gsi3 by status; each sorted `<createdAt>#<id>` |
 * | audit event         | `REQUISITION#<id>` / `EVENT#<seq>`   |                                                |
 */
export const requisitionKey = (id: string) => `REQUISITION#${id}`;
const REQUISITION_SK = 'REQUISITION';
const statusPartition = (status: string) => `REQUISITIONS#STATUS#${status}`;
const departmentPartition = (departmentId: string) => `REQUISITIONS#DEPARTMENT#${departmentId}`;

export interface StoredRequisition {
  readonly record: RequisitionRecord;
  readonly head: ChainHead;
}

/** A new or changed requisition with the audit event that records it. */
export interface RequisitionWrite {
  readonly record: RequisitionRecord;
  readonly event: { readonly item: Record<string, unknown>; readonly head: ChainHead };
}

function indexKeys(record: RequisitionRecord) {
  const byTime = `${record.createdAt}#${record.id}`;
  return {
    gsi1pk: 'REQUISITIONS',
    gsi1sk: byTime,
    ...(record.departmentId ? { gsi2pk: departmentPartition(record.departmentId), gsi2sk: byTime } : {}),
    gsi3pk: statusPartition(record.status),
    gsi3sk: byTime,
  };
}

const requisitionItem = (record: RequisitionRecord, head: ChainHead) => ({
  pk: requisitionKey(record.id),
  sk: REQUISITION_SK,
  entityType: 'requisition',
  ...record,
  ...indexKeys(record),
  ...head,
});

const requisitionFromItem = (item: Record<string, unknown>): StoredRequisition =>
  chainedRecordOf<RequisitionRecord>(item);

/**
 * The writes of a requisition and its event: a new one (`expectedVersion` undefined) on condition
 * that the id is free, a changed one on condition that it is still at `expectedVersion`.
 */
export function requisitionItems(write: RequisitionWrite, expectedVersion?: number): TransactItem[] {
  const TableName = tableName();
  return [
    {
      Put: {
        TableName,
        Item: requisitionItem(write.record, write.event.head),
        ...(expectedVersion === undefined
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : {
              ConditionExpression: 'version = :expected',
              ExpressionAttributeValues: { ':expected': expectedVersion },
            }),
      },
    },
    { Put: { TableName, Item: write.event.item, ConditionExpression: 'attribute_not_exists(pk)' } },
  ];
}

/**
 * The part item with its open reorder proposal set or cleared, on condition that the part is still
 * at the version read: an issue deciding a proposal at the same time fails one of the two, so a
 * part never gets two. Card and ledger are left as read.
 */
export function openReorderItem(
  stored: StoredPart,
  openReorderId: string | undefined,
  at: string,
): TransactItem {
  const { openReorderId: _previous, ...rest } = stored.part;
  const part: PartRecord = {
    ...rest,
    ...(openReorderId ? { openReorderId } : {}),
    version: stored.part.version + 1,
    updatedAt: at,
  };
  return partWrite({ ...stored, part }, stored.part.version);
}

export async function getRequisition(id: string): Promise<StoredRequisition | undefined> {
  const { Item } = await documentClient().send(
    new GetCommand({
      TableName: tableName(),
      Key: { pk: requisitionKey(id), sk: REQUISITION_SK },
      ConsistentRead: true,
    }),
  );
  return Item ? requisitionFromItem(Item) : undefined;
}

/**
 * Newest first: by department (gsi2), else by status (gsi3), else all (gsi1); the other filters
 * apply to the page, which may then hold fewer than `limit` items (follow `nextCursor`).
 */
export const listRequisitions = (query: RequisitionListQuery): Promise<Page<RequisitionRecord>> =>
  queryIndexPage(
    query.departmentId !== undefined
      ? {
          index: 'gsi2',
          partition: departmentPartition(query.departmentId),
          equals: { status: query.status, origin: query.origin },
          ...pageOf(query),
        }
      : query.status !== undefined
        ? {
            index: 'gsi3',
            partition: statusPartition(query.status),
            equals: { origin: query.origin },
            ...pageOf(query),
          }
        : { index: 'gsi1', partition: 'REQUISITIONS', equals: { origin: query.origin }, ...pageOf(query) },
    (item) => requisitionFromItem(item).record,
  );

/** Every requisition in purchase (status `ordered`), for the daily delay check. */
export async function listOrderedRequisitions(): Promise<RequisitionRecord[]> {
  const all: RequisitionRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await listRequisitions({ status: 'ordered', limit: 100, ...(cursor ? { cursor } : {}) });
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

import { GetCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { addDays, type PlainDate, startOfShanghaiDay } from '../calendar/plain-date.ts';
import type { ComplaintWorkflowRecord } from '../domain/complaint-record.ts';
import type { WarrantyDecision } from '../domain/warranty.ts';
import type { CaseKind, CaseSource, Channel } from '../schemas/cases.ts';
import type { Actor, ChainHead } from './audit.ts';
import { documentClient, tableName } from './client.ts';
import { decodeCursor, encodeCursor, type Page, rethrowBadStartKey } from './pagination.ts';
import { searchCondition, searchTextOf } from './search-text.ts';
import { writeAll } from './transactions.ts';

/** Who submitted a case and how to reach them (personal data: never logged). */
export interface CaseSubmitter {
  readonly organization: string;
  readonly contactName: string;
  readonly phone?: string;
  readonly email?: string;
  readonly language: 'zh-CN' | 'en';
}

/** A complaint, inquiry or service request as stored. */
export interface CaseRecord {
  readonly id: string;
  readonly kind: CaseKind;
  readonly reference: string;
  readonly status: string;
  readonly channel: Channel;
  readonly origin?: 'customer' | 'market';
  /** UTC ISO instant; deadlines count from it. */
  readonly receivedAt: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
  readonly customerId?: string;
  readonly officeId?: string;
  readonly organization: string;
  /** One line for lists: product, topic or problem. */
  readonly title: string;
  readonly submitter: CaseSubmitter;
  readonly details: Readonly<Record<string, unknown>>;
  readonly warranty?: WarrantyDecision;
  readonly recordedBy?: Actor;
  /** Where a case opened by the system came from (a survey answer reporting a problem). */
  readonly source?: CaseSource;
  /** Complaints: when the purchaser must have a reply (2 working days, or as extended with consent). */
  readonly replyDueAt?: string;
  /** True when the due time was counted without official holiday data for the year. */
  readonly replyDueEstimated?: boolean;
  /** Complaints: the step the workflow is at, and the open task of a person's step. */
  readonly currentStep?: string;
  readonly openTaskId?: string;
  /** Complaints: everything decided, in order (see shared/domain/complaint-record.ts). */
  readonly workflow?: ComplaintWorkflowRecord;
  /** Marks the task token already escalated, so a retried escalation does not mail twice. */
  readonly lastEscalation?: string;
  readonly archivedAt?: string;
  /** The due time whose reminder / breach notice was sent (one each per due time). */
  readonly replyReminderFor?: string;
  readonly replyBreachFor?: string;
  /** Complaints about the same batch from other customers within 90 days. */
  readonly linkedComplaintIds?: readonly string[];
}

export const caseKey = (id: string) => `CASE#${id}`;
const CASE_SK = 'CASE';
const referenceKey = (reference: string) => `REF#${reference}`;

/**
 * Index keys: by kind (gsi1), by kind and status (gsi2), by kind and customer (gsi3); newest first by
 * receipt. With them `searchText`, what the lists' search (`q`) finds the case by: reference,
 * organisation, contact name, title (product, topic or problem) and the product's name.
 */
function indexKeys(record: CaseRecord) {
  const byTime = `${record.receivedAt}#${record.id}`;
  const product = record.details.product as { name?: unknown } | undefined;
  return {
    searchText: searchTextOf([
      record.reference,
      record.organization,
      record.submitter.contactName,
      record.title,
      typeof product?.name === 'string' ? product.name : undefined,
    ]),
    gsi1pk: `CASES#${record.kind}`,
    gsi1sk: byTime,
    gsi2pk: `CASES#${record.kind}#${record.status}`,
    gsi2sk: byTime,
    ...(record.customerId
      ? { gsi3pk: `CASES#${record.kind}#CUSTOMER#${record.customerId}`, gsi3sk: byTime }
      : {}),
  };
}

const KEY_ATTRIBUTES = [
  'pk',
  'sk',
  'gsi1pk',
  'gsi1sk',
  'gsi2pk',
  'gsi2sk',
  'gsi3pk',
  'gsi3sk',
  'entityType',
  'searchText',
  'eventCount',
  'lastEventHash',
];

function recordFromItem(item: Record<string, unknown>): CaseRecord {
  const record = { ...item };
  for (const key of KEY_ATTRIBUTES) delete record[key];
  return record as unknown as CaseRecord;
}

/**
 * Stores a new case with its reference, its first audit event and its outgoing mail in
 * one transaction: all of it exists afterwards, or none of it.
 */
export async function insertCase(
  record: CaseRecord,
  firstEvent: { item: Record<string, unknown>; head: { eventCount: number; lastEventHash: string } },
  extraItems: readonly Record<string, unknown>[],
  /** Further writes of the same transaction (counter updates: shared/store/office-stats.ts). */
  extraWrites: Parameters<typeof writeAll>[0] = [],
): Promise<void> {
  const TableName = tableName();
  await writeAll([
    {
      Put: {
        TableName,
        Item: {
          pk: caseKey(record.id),
          sk: CASE_SK,
          entityType: 'case',
          ...record,
          ...indexKeys(record),
          ...firstEvent.head,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    {
      Put: {
        TableName,
        Item: {
          pk: referenceKey(record.reference),
          sk: 'REF',
          entityType: 'reference',
          caseId: record.id,
          kind: record.kind,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    { Put: { TableName, Item: firstEvent.item, ConditionExpression: 'attribute_not_exists(pk)' } },
    ...extraItems.map((Item) => ({
      Put: { TableName, Item, ConditionExpression: 'attribute_not_exists(pk)' },
    })),
    ...extraWrites,
  ]);
}

/**
 * A submission's claim on its Idempotency-Key, written in the case's own transaction: a retry
 * that runs again after the idempotency lock expired (the first attempt stored the case, then
 * timed out or crashed before answering) fails on it and answers with the stored case.
 */
export const submissionClaimItem = (claim: string, caseId: string, expiresAt: Date) => ({
  pk: `SUBMISSION#${claim}`,
  sk: 'CLAIM',
  entityType: 'submissionClaim',
  caseId,
  ttl: Math.floor(expiresAt.getTime() / 1000),
});

export async function claimedCaseId(claim: string): Promise<string | undefined> {
  const { Item } = await documentClient().send(
    new GetCommand({
      TableName: tableName(),
      Key: { pk: `SUBMISSION#${claim}`, sk: 'CLAIM' },
      ConsistentRead: true,
    }),
  );
  return Item ? String(Item.caseId) : undefined;
}

export async function getCase(id: string): Promise<CaseRecord | undefined> {
  return (await getStoredCase(id))?.record;
}

/** A case with the head of its audit chain, for writes that append to it. */
export interface StoredCase {
  readonly record: CaseRecord;
  readonly head: ChainHead;
}

export async function getStoredCase(id: string): Promise<StoredCase | undefined> {
  const { Item } = await documentClient().send(
    new GetCommand({ TableName: tableName(), Key: { pk: caseKey(id), sk: CASE_SK }, ConsistentRead: true }),
  );
  if (!Item) return undefined;
  return {
    record: recordFromItem(Item),
    head: { eventCount: Number(Item.eventCount ?? 0), lastEventHash: String(Item.lastEventHash ?? '') },
  };
}

/** The status of a case whose record is frozen (records-control: no edits after archiving). */
export const ARCHIVED = 'ARCHIVED';

type TransactItem = Parameters<typeof writeAll>[0][number];

/**
 * Changes a case: sets `changes` (and the next version), appends the audit event, and
 * writes `extra` in the same transaction, only if the case is still at the version read
 * and not archived. Otherwise ConflictError (409), and nothing is written.
 */
export async function updateCase(
  stored: StoredCase,
  changes: Readonly<Record<string, unknown>>,
  event: { item: Record<string, unknown>; head: ChainHead },
  extra: readonly TransactItem[] = [],
): Promise<CaseRecord> {
  const now = String(event.item.at);
  const next = {
    ...stored.record,
    ...changes,
    version: stored.record.version + 1,
    updatedAt: now,
  } as CaseRecord;
  const TableName = tableName();
  await writeAll([
    {
      Put: {
        TableName,
        Item: {
          pk: caseKey(next.id),
          sk: CASE_SK,
          entityType: 'case',
          ...next,
          ...indexKeys(next),
          ...event.head,
        },
        ConditionExpression: 'version = :expected AND #status <> :archived',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':expected': stored.record.version, ':archived': ARCHIVED },
      },
    },
    { Put: { TableName, Item: event.item, ConditionExpression: 'attribute_not_exists(pk)' } },
    ...extra,
  ]);
  return next;
}

export interface CaseFilter {
  readonly status?: string;
  /** Received on or after this Shanghai day. */
  readonly from?: PlainDate;
  /** Received on or before this Shanghai day. */
  readonly to?: PlainDate;
  readonly customerId?: string;
  /** Only cases of this regional office (office users). */
  readonly officeId?: string;
  /** Search: the term in the reference, organisation, contact, title or product (any case). */
  readonly search?: string;
  readonly limit: number;
  readonly cursor?: string;
}

/**
 * Cases of one kind, newest first: always a Query on the index that fits the filter. Status (with a
 * customer), office and search are filters on that Query, applied after `Limit`: a page may hold
 * fewer than `limit` cases (even none) while `nextCursor` says there is more to read.
 */
export async function listCases(kind: CaseKind, filter: CaseFilter): Promise<Page<CaseRecord>> {
  const [index, partition] = filter.customerId
    ? (['gsi3', `CASES#${kind}#CUSTOMER#${filter.customerId}`] as const)
    : filter.status
      ? (['gsi2', `CASES#${kind}#${filter.status}`] as const)
      : (['gsi1', `CASES#${kind}`] as const);
  const lower = filter.from ? startOfShanghaiDay(filter.from).toISOString() : '0';
  const upper = filter.to ? startOfShanghaiDay(addDays(filter.to, 1)).toISOString() : '~';
  const conditions: string[] = [];
  const values: Record<string, unknown> = { ':pk': partition, ':lower': lower, ':upper': upper };
  if (filter.customerId && filter.status) {
    conditions.push('#status = :status');
    values[':status'] = filter.status;
  }
  if (filter.officeId !== undefined) {
    conditions.push('officeId = :office');
    values[':office'] = filter.officeId;
  }
  const names: Record<string, string> = filter.customerId && filter.status ? { '#status': 'status' } : {};
  if (filter.search !== undefined) {
    const search = searchCondition(filter.search, ['reference', 'organization', 'title']);
    conditions.push(search.expression);
    Object.assign(names, search.names);
    Object.assign(values, search.values);
  }
  const input: QueryCommandInput = {
    TableName: tableName(),
    IndexName: index,
    KeyConditionExpression: `${index}pk = :pk AND ${index}sk BETWEEN :lower AND :upper`,
    ExpressionAttributeValues: values,
    ScanIndexForward: false,
    Limit: filter.limit,
    ExclusiveStartKey: decodeCursor(filter.cursor),
    ...(conditions.length > 0 ? { FilterExpression: conditions.join(' AND ') } : {}),
    ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
  };
  const page = await documentClient().send(new QueryCommand(input)).catch(rethrowBadStartKey);
  const nextCursor = encodeCursor(page.LastEvaluatedKey);
  return { items: (page.Items ?? []).map(recordFromItem), ...(nextCursor ? { nextCursor } : {}) };
}

/**
 * Inquiry queues (requirements.md §1E): a department's inbox of the inquiries forwarded to it, and
 * management's list of flagged suggestions. An entry is an item in the case's partition
 * (`sk` QUEUE#...), found through gsi1 `INQUIRIES#DEPARTMENT#<id>` / `INQUIRIES#FLAGGED`, oldest first;
 * it is written and removed in the transaction of the change that causes it.
 */
export type InquiryQueue = { readonly departmentId: string } | 'flagged';

const queuePartition = (queue: InquiryQueue) =>
  queue === 'flagged' ? 'INQUIRIES#FLAGGED' : `INQUIRIES#DEPARTMENT#${queue.departmentId}`;
const queueSortKey = (queue: InquiryQueue) =>
  queue === 'flagged' ? 'QUEUE#FLAGGED' : `QUEUE#DEPARTMENT#${queue.departmentId}`;

/** The write that puts a case into a queue since `since` (an ISO instant), with what the list shows. */
export function inquiryQueuePut(
  caseId: string,
  queue: InquiryQueue,
  since: string,
  entry: Readonly<Record<string, unknown>>,
): TransactItem {
  return {
    Put: {
      TableName: tableName(),
      Item: {
        ...entry,
        pk: caseKey(caseId),
        sk: queueSortKey(queue),
        entityType: 'inquiryQueueEntry',
        caseId,
        since,
        gsi1pk: queuePartition(queue),
        gsi1sk: `${since}#${caseId}`,
      },
    },
  };
}

/** The write that takes a case out of a queue (nothing when it is not in it). */
export function inquiryQueueDelete(caseId: string, queue: InquiryQueue): TransactItem {
  return { Delete: { TableName: tableName(), Key: { pk: caseKey(caseId), sk: queueSortKey(queue) } } };
}

/** A queue's entries, oldest first (at most `limit`). */
export async function listInquiryQueue(queue: InquiryQueue, limit = 100): Promise<Record<string, unknown>[]> {
  const { Items } = await documentClient().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': queuePartition(queue) },
      Limit: limit,
    }),
  );
  return (Items ?? []).map((item) => {
    const { pk, sk, entityType, gsi1pk, gsi1sk, ...entry } = item;
    return entry;
  });
}

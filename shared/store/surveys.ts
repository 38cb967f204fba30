import { createHash } from 'node:crypto';
import {
  GetCommand,
  PutCommand,
  type PutCommandInput,
  QueryCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { SkipReason, SurveyRecord, SurveyStatus } from '../schemas/surveys.ts';
import { documentClient, tableName } from './client.ts';
import { decodeCursor, encodeCursor, type Page, rethrowBadStartKey } from './pagination.ts';

/**
 * Surveys and follow-ups: `SURVEY#<id>` / `SURVEY`. While `scheduled` or `postponed` an item is
 * in gsi1 `SURVEYS#DUE` / `<dueAt>#<id>` (sparse: removed when sent or skipped); every survey is
 * in gsi3 `SURVEYS#CUSTOMER#<customerId>` / `<createdAt>#<id>`.
 */
export const surveyKey = (id: string) => ({ pk: `SURVEY#${id}`, sk: 'SURVEY' });

/** The id of an occurrence (`nps#<customerId>#2026-Q4`...): planning it twice finds the same survey. */
export const surveyIdFor = (occurrence: string): string =>
  createHash('sha256').update(`aftersales-survey:${occurrence}`).digest('base64url').slice(0, 22);

const storeOnly = ['pk', 'sk', 'entityType', 'gsi1pk', 'gsi1sk', 'gsi3pk', 'gsi3sk'];
export function surveyFromItem(item: Record<string, unknown>): SurveyRecord {
  const record = { ...item };
  for (const key of storeOnly) delete record[key];
  return record as unknown as SurveyRecord;
}

export async function getSurvey(id: string): Promise<SurveyRecord | undefined> {
  const { Item } = await documentClient().send(
    new GetCommand({ TableName: tableName(), Key: surveyKey(id), ConsistentRead: true }),
  );
  return Item ? surveyFromItem(Item) : undefined;
}

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const DUE = 'SURVEYS#DUE';
const customerPartition = (customerId: string) => `SURVEYS#CUSTOMER#${customerId}`;
const WAITING: readonly SurveyStatus[] = ['scheduled', 'postponed'];
const dueSortKey = (dueAt: string, id: string) => `${dueAt}#${id}`;

function surveyItem(record: SurveyRecord): Record<string, unknown> {
  return {
    ...surveyKey(record.id),
    entityType: 'survey',
    ...record,
    ...(WAITING.includes(record.status) ? { gsi1pk: DUE, gsi1sk: dueSortKey(record.dueAt, record.id) } : {}),
    gsi3pk: customerPartition(record.customerId),
    gsi3sk: `${record.createdAt}#${record.id}`,
  };
}

const isConditionFailure = (error: unknown) =>
  error instanceof Error && error.name === 'ConditionalCheckFailedException';

/** The write that plans a survey, for a transaction: nothing happens if its occurrence is planned already. */
export function plannedSurveyItem(record: SurveyRecord): TransactItem {
  return {
    Put: {
      TableName: tableName(),
      Item: surveyItem(record),
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** Plans a survey unless its occurrence (hence its id) is planned already; true when new. */
export async function planSurvey(record: SurveyRecord): Promise<boolean> {
  try {
    await documentClient().send(new PutCommand(plannedSurveyItem(record).Put as PutCommandInput));
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/**
 * The parts of an update of a waiting (scheduled or postponed) survey at the version read:
 * `set` fields (undefined ones are removed), index keys removed, the next version.
 */
function waitingSurveyUpdate(
  record: SurveyRecord,
  set: Readonly<Record<string, unknown>>,
  removeIndex: readonly string[],
) {
  const names: Record<string, string> = { '#version': 'version', '#status': 'status' };
  const values: Record<string, unknown> = {
    ':expected': record.version,
    ':next': record.version + 1,
    ...Object.fromEntries(WAITING.map((status, i) => [`:waiting${i}`, status])),
  };
  const assignments = ['#version = :next'];
  const removals = [...removeIndex];
  Object.entries(set).forEach(([field, value], i) => {
    if (field === 'version') return;
    names[`#f${i}`] = field;
    if (value === undefined) {
      removals.push(`#f${i}`);
    } else {
      values[`:v${i}`] = value;
      assignments.push(`#f${i} = :v${i}`);
    }
  });
  return {
    TableName: tableName(),
    Key: surveyKey(record.id),
    UpdateExpression: `SET ${assignments.join(', ')}${removals.length > 0 ? ` REMOVE ${removals.join(', ')}` : ''}`,
    ConditionExpression: `#version = :expected AND #status IN (${WAITING.map((_, i) => `:waiting${i}`).join(', ')})`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

/** What changes when a survey is sent. */
export interface SurveySending {
  readonly sentAt: string;
  readonly expiresAt: string;
  readonly contactEmail: string;
  readonly contactName?: string;
  readonly language: SurveyRecord['language'];
}

/**
 * The write that marks a waiting survey sent (it leaves the due index), for the sending
 * transaction; fails it when the survey changed since it was read. Also the record after it.
 */
export function surveySentItem(
  record: SurveyRecord,
  sending: SurveySending,
): { readonly item: TransactItem; readonly record: SurveyRecord } {
  const changes = { status: 'sent' as const, ...sending, contactName: sending.contactName };
  return {
    item: { Update: waitingSurveyUpdate(record, changes, ['gsi1pk', 'gsi1sk']) },
    record: { ...record, ...changes, version: record.version + 1 },
  };
}

/** Moves a waiting survey's due time on (the frequency cap); false when it changed since it was read. */
export async function postponeSurvey(record: SurveyRecord, dueAt: string): Promise<boolean> {
  const update = waitingSurveyUpdate(
    record,
    {
      status: 'postponed',
      dueAt,
      postponements: record.postponements + 1,
      gsi1pk: DUE,
      gsi1sk: dueSortKey(dueAt, record.id),
    },
    [],
  );
  try {
    await documentClient().send(new UpdateCommand(update));
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Records why a waiting survey is not sent (it leaves the due index); false when it changed since it was read. */
export async function skipSurvey(record: SurveyRecord, reason: SkipReason, at: Date): Promise<boolean> {
  const update = waitingSurveyUpdate(
    record,
    { status: 'skipped', skipReason: reason, skippedAt: at.toISOString() },
    ['gsi1pk', 'gsi1sk'],
  );
  try {
    await documentClient().send(new UpdateCommand(update));
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/**
 * Surveys waiting to be sent (scheduled or postponed) with `dueAt` at or before `asOf`, oldest
 * due first: gsi1 `SURVEYS#DUE`. The index is eventually consistent: re-read before acting.
 */
export async function listDueSurveys(
  asOf: Date,
  page: { readonly limit: number; readonly cursor?: string },
): Promise<Page<SurveyRecord>> {
  const result = await documentClient()
    .send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :due AND gsi1sk <= :upper',
        // `~` sorts after every id character (base64url): everything due at `asOf` is included.
        ExpressionAttributeValues: { ':due': DUE, ':upper': dueSortKey(asOf.toISOString(), '~') },
        Limit: page.limit,
        ExclusiveStartKey: decodeCursor(page.cursor),
      }),
    )
    .catch(rethrowBadStartKey);
  const nextCursor = encodeCursor(result.LastEvaluatedKey);
  return { items: (result.Items ?? []).map(surveyFromItem), ...(nextCursor ? { nextCursor } : {}) };
}

/** A customer's surveys and follow-ups, newest first: gsi3 `SURVEYS#CUSTOMER#<customerId>`. */
export async function listCustomerSurveys(
  customerId: string,
  page: { readonly limit: number; readonly cursor?: string },
): Promise<Page<SurveyRecord>> {
  const result = await documentClient()
    .send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'gsi3',
        KeyConditionExpression: 'gsi3pk = :pk',
        ExpressionAttributeValues: { ':pk': customerPartition(customerId) },
        ScanIndexForward: false,
        Limit: page.limit,
        ExclusiveStartKey: decodeCursor(page.cursor),
      }),
    )
    .catch(rethrowBadStartKey);
  const nextCursor = encodeCursor(result.LastEvaluatedKey);
  return { items: (result.Items ?? []).map(surveyFromItem), ...(nextCursor ? { nextCursor } : {}) };
}

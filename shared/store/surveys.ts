import { createHash } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { SurveyRecord } from '../schemas/surveys.ts';
import { documentClient, tableName } from './client.ts';

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

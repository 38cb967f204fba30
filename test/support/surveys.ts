import { randomBytes } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { localClient } from '../../local/dynamodb.ts';
import { signedToken } from '../../shared/app/links.ts';
import type { LinkPurpose } from '../../shared/domain/signed-link.ts';
import type { SurveyRecord } from '../../shared/schemas/surveys.ts';
import { documentClient, tableName } from '../../shared/store/client.ts';
import { surveyKey } from '../../shared/store/surveys.ts';
import { uniqueEmail } from './builders.ts';
import type { TestRuntime } from './runtime.ts';

const DAY_MS = 86_400_000;

/**
 * A survey as the mail job leaves it once sent (the bj key customer, a CSAT about a case),
 * without depending on the jobs: tests store it with `storeSurvey` and sign its link.
 */
export function aSurvey(overrides: Partial<SurveyRecord> = {}): SurveyRecord {
  const id = randomBytes(16).toString('base64url').slice(0, 22);
  const now = Date.now();
  return {
    id,
    kind: 'csat',
    occurrence: `test#${id}`,
    customerId: 'bj-no1-school',
    organization: '北京市第一中学',
    officeId: 'bj',
    tier: 'key',
    language: 'zh-CN',
    contactName: '张伟',
    contactEmail: uniqueEmail('survey'),
    caseId: '01KTESTCASE0000000000000000',
    caseReference: 'WX-20261120-0001',
    productCategory: 'furniture',
    status: 'sent',
    createdAt: new Date(now - 2 * DAY_MS).toISOString(),
    dueAt: new Date(now - DAY_MS).toISOString(),
    postponements: 0,
    sentAt: new Date(now - DAY_MS).toISOString(),
    expiresAt: new Date(now + 30 * DAY_MS).toISOString(),
    version: 1,
    ...overrides,
  } as SurveyRecord;
}

/** A check-in of the bj school's delivery under order HT-2025-BJ-001 (free warranty). */
export const aCheckIn = (overrides: Partial<SurveyRecord> = {}): SurveyRecord => {
  const {
    caseId: _c,
    caseReference: _r,
    ...rest
  } = aSurvey({
    kind: 'checkIn',
    deliveryId: 'd-bj1-2025',
    ...overrides,
  });
  return rest as SurveyRecord;
};

/** Stores the survey item as the survey store keys it (the test shares the runtime's table). */
export async function storeSurvey(record: SurveyRecord): Promise<SurveyRecord> {
  await documentClient().send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...surveyKey(record.id), entityType: 'survey', ...record },
    }),
  );
  return record;
}

/** A signed link token for `purpose` and `subject`, valid for 30 days unless told otherwise. */
export const linkFor = (
  purpose: LinkPurpose,
  subject: string,
  expiresAt = new Date(Date.now() + 30 * DAY_MS),
): Promise<string> => signedToken({ purpose, subject, expiresAt });

/** The survey item as stored. */
export const storedSurvey = (api: TestRuntime, id: string) => {
  const { pk, sk } = surveyKey(id);
  return api.item(pk, sk);
};

/** Every item of the runtime's table, sorted: to show that a refused request wrote nothing. */
export async function everything(api: TestRuntime): Promise<Record<string, unknown>[]> {
  const db = localClient(api.runtime.dynamoEndpoint);
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, never> | undefined;
  try {
    do {
      const page = await db.send(new ScanCommand({ TableName: api.runtime.tableName, ExclusiveStartKey }));
      items.push(...(page.Items ?? []).map((item) => unmarshall(item)));
      ExclusiveStartKey = page.LastEvaluatedKey as typeof ExclusiveStartKey;
    } while (ExclusiveStartKey);
  } finally {
    db.destroy();
  }
  const key = (item: Record<string, unknown>) => `${item.pk}|${item.sk}`;
  return items.sort((a, b) => key(a).localeCompare(key(b)));
}

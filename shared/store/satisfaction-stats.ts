import { QueryCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import {
  answerIncrements,
  type CounterRow,
  type Counters,
  counterNames,
  type Month,
  monthOf,
  sentIncrements,
} from '../domain/satisfaction-report.ts';
import type { FollowUpAnswer, SurveyAnswer, SurveyRecord } from '../schemas/surveys.ts';
import { documentClient, tableName } from './client.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * Pre-aggregated satisfaction counters for GET /v1/reports/satisfaction: the report reads a few
 * items and never scans. Each sent survey and each answer ADDs to six counter items of its
 * month (Asia/Shanghai), one per slice, in the transaction of the change it counts:
 *
 * | slice                          | `pk`                                   | `sk`                      |
 * | ------------------------------ | -------------------------------------- | ------------------------- |
 * | everything                     | `STATS#satisfaction#all#overall`       | `MONTH#2026-11#all`       |
 * | by office                      | `STATS#satisfaction#all#office`        | `MONTH#2026-11#<officeId>`|
 * | by product category            | `STATS#satisfaction#all#category`      | `MONTH#2026-11#<category>`|
 * | by tier                        | `STATS#satisfaction#all#tier`          | `MONTH#2026-11#<tier>`    |
 * | one office, by category        | `STATS#satisfaction#office:<id>#category` | `MONTH#2026-11#<category>` |
 * | one office, by tier            | `STATS#satisfaction#office:<id>#tier`  | `MONTH#2026-11#<tier>`    |
 *
 * A period of one slice is one Query (`sk BETWEEN MONTH#<from># AND MONTH#<to>#~`). Surveys
 * without a product category (NPS) count under the category `none`. The six keys differ, so
 * a transaction holds each once.
 */
export const NO_CATEGORY = 'none';

/** Whose counters: everyone's, or one office's (office users). */
export type StatsScope = 'all' | `office:${string}`;
export type StatsDimension = 'overall' | 'office' | 'category' | 'tier';

const statsKey = (scope: StatsScope, dimension: StatsDimension) => `STATS#satisfaction#${scope}#${dimension}`;
const monthKey = (month: Month, value: string) => `MONTH#${month}#${value}`;

/** The slices a survey counts in (see above). */
export function counterSlices(
  record: Pick<SurveyRecord, 'officeId' | 'tier' | 'productCategory'>,
): { scope: StatsScope; dimension: StatsDimension; value: string }[] {
  const category = record.productCategory ?? NO_CATEGORY;
  const office = `office:${record.officeId}` as const;
  return [
    { scope: 'all', dimension: 'overall', value: 'all' },
    { scope: 'all', dimension: 'office', value: record.officeId },
    { scope: 'all', dimension: 'category', value: category },
    { scope: 'all', dimension: 'tier', value: record.tier },
    { scope: office, dimension: 'category', value: category },
    { scope: office, dimension: 'tier', value: record.tier },
  ];
}

function counterItems(record: SurveyRecord, increments: Counters, at: string): TransactItem[] {
  const TableName = tableName();
  const month = monthOf(at);
  const entries = Object.entries(increments).filter(([, by]) => by !== 0);
  const adds = entries.map((_, i) => `#c${i} :c${i}`).join(', ');
  return counterSlices(record).map(({ scope, dimension, value }) => ({
    Update: {
      TableName,
      Key: { pk: statsKey(scope, dimension), sk: monthKey(month, value) },
      UpdateExpression: `ADD ${adds} SET entityType = :type, #month = :month, #dimension = :dimension, #value = :value`,
      ExpressionAttributeNames: {
        ...Object.fromEntries(entries.map(([name], i) => [`#c${i}`, name])),
        '#month': 'month',
        '#dimension': 'dimension',
        '#value': 'value',
      },
      ExpressionAttributeValues: {
        ...Object.fromEntries(entries.map(([, by], i) => [`:c${i}`, by])),
        ':type': 'satisfactionStats',
        ':month': month,
        ':dimension': dimension,
        ':value': value,
      },
    },
  }));
}

/**
 * The writes that count a sent survey (in the month of `at`, the sending), to be added to the
 * transaction that marks it sent.
 */
export function sentCounterItems(record: SurveyRecord, at: string): TransactItem[] {
  return counterItems(record, sentIncrements(record.kind), at);
}

/**
 * The writes that count an answer (in the month of `at`, the answer), to be added to the
 * transaction that stores it. Throws RangeError for an answer that does not fit the kind.
 */
export function answerCounterItems(
  record: SurveyRecord,
  answer: SurveyAnswer | FollowUpAnswer,
  at: string,
): TransactItem[] {
  return counterItems(record, answerIncrements(record.kind, answer), at);
}

/**
 * The counter rows of one slice from month `from` to `to`; with `value`, only that value's
 * (one office of the by-office slice).
 */
export async function readCounterRows(
  slice: { scope: StatsScope; dimension: StatsDimension; value?: string },
  from: Month,
  to: Month,
): Promise<CounterRow[]> {
  const rows: CounterRow[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lower AND :upper',
        ExpressionAttributeValues: {
          ':pk': statsKey(slice.scope, slice.dimension),
          ':lower': `MONTH#${from}#`,
          ':upper': `MONTH#${to}#~`,
          ...(slice.value !== undefined ? { ':value': slice.value } : {}),
        },
        ...(slice.value !== undefined
          ? { FilterExpression: '#value = :value', ExpressionAttributeNames: { '#value': 'value' } }
          : {}),
        ExclusiveStartKey,
      }),
    );
    for (const item of page.Items ?? []) {
      const counters: Counters = {};
      for (const name of counterNames) if (typeof item[name] === 'number') counters[name] = item[name];
      rows.push({ month: String(item.month), value: String(item.value), counters });
    }
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return rows;
}

import { QueryCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { shanghaiDate } from '../calendar/plain-date.ts';
import {
  type OfficeCounters,
  type OfficeStat,
  type OfficeStatRow,
  officeStats,
} from '../domain/office-league.ts';
import { documentClient, tableName } from './client.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

// The counters and their meaning are defined with the league table's maths (shared/domain/office-league.ts).
export { type OfficeCounters, type OfficeStat, type OfficeStatRow, officeStats };

const statsKey = (officeId: string) => `STATS#office#${officeId}`;
const monthKey = (month: string) => `MONTH#${month}`;

/**
 * The write that adds `add` to an office's counters of the month of `at` (Asia/Shanghai), one
 * Update item (`pk` `STATS#office#<officeId>`, `sk` `MONTH#2026-11`) for the transaction of the
 * change it counts. Nothing to add (all zero) gives no item. Unknown counter names throw.
 */
export function officeStatItems(officeId: string, at: string, add: OfficeCounters): TransactItem[] {
  const entries = Object.entries(add).filter(([, by]) => by !== undefined && by !== 0) as [
    OfficeStat,
    number,
  ][];
  if (entries.length === 0) return [];
  for (const [name, by] of entries) {
    if (!officeStats.includes(name) || !Number.isFinite(by)) throw new RangeError(`office counter ${name}`);
  }
  const month = shanghaiDate(new Date(at)).slice(0, 7);
  return [
    {
      Update: {
        TableName: tableName(),
        Key: { pk: statsKey(officeId), sk: monthKey(month) },
        UpdateExpression: `ADD ${entries.map((_, i) => `#c${i} :c${i}`).join(', ')} SET entityType = :type, officeId = :office, #month = :month`,
        ExpressionAttributeNames: {
          ...Object.fromEntries(entries.map(([name], i) => [`#c${i}`, name])),
          '#month': 'month',
        },
        ExpressionAttributeValues: {
          ...Object.fromEntries(entries.map(([, by], i) => [`:c${i}`, by])),
          ':type': 'officeStats',
          ':office': officeId,
          ':month': month,
        },
      },
    },
  ];
}

/** One office's counter rows from month `from` to `to` (`2026-01`..`2026-12`): one Query, no scan. */
export async function readOfficeStatRows(
  officeId: string,
  from: string,
  to: string,
): Promise<OfficeStatRow[]> {
  const rows: OfficeStatRow[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lower AND :upper',
        ExpressionAttributeValues: {
          ':pk': statsKey(officeId),
          ':lower': monthKey(from),
          ':upper': monthKey(to),
        },
        ExclusiveStartKey,
      }),
    );
    for (const item of page.Items ?? []) {
      const counters: OfficeCounters = {};
      for (const name of officeStats) if (typeof item[name] === 'number') counters[name] = item[name];
      rows.push({ officeId, month: String(item.month), counters });
    }
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return rows;
}

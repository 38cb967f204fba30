import {
  BatchWriteCommand,
  PutCommand,
  QueryCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type ComplaintCounters,
  type ComplaintStatChange,
  complaintCounterNames,
  type MonthRow,
  type ParetoRow,
  type ReturnsCounters,
  returnsCounterNames,
} from '../domain/complaint-report.ts';
import type { StockSnapshot } from '../domain/parts-report.ts';
import { type PartsCounters, partsCounterNames } from '../domain/parts-stats.ts';
import { type Month, monthOf } from '../domain/satisfaction-report.ts';
import type { ParetoDimension } from '../schemas/reports.ts';
import { documentClient, tableName } from './client.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * Pre-aggregated counters of the head-office reports (GET /v1/reports/complaints,
 * /complaints/pareto, /returns): a report reads a few items and never the complaints or returns.
 * Every change ADDs to its items in the transaction of the change itself:
 *
 * | Counters                             | `pk`                            | `sk`                   | Month of                           |
 * | ------------------------------------ | ------------------------------- | ---------------------- | ---------------------------------- |
 * | complaint figures                    | `STATS#complaints`              | `MONTH#2026-11`        | the complaint's receipt            |
 * | complaints per cause, category, ...  | `STATS#complaints#<dimension>`  | `MONTH#2026-11#<key>`  | the complaint's receipt            |
 * | units delivered, returns             | `STATS#returns`                 | `MONTH#2026-11`        | delivery; the request's submission |
 *
 * A Pareto key is the cause, product category, batch or factory as recorded (any characters a
 * batch may have, at most MAX_KEY_LENGTH): the month before it has a fixed length, so the sort key
 * reads back unambiguously (the item keeps `month`, `dimension` and `key` as attributes too). A period
 * is one Query, `sk BETWEEN MONTH#<from> AND MONTH#<to>~`: `~` sorts after `#`, so the upper
 * bound holds every key of the last month, whatever its characters.
 */
const COMPLAINTS = 'STATS#complaints';
const RETURNS = 'STATS#returns';
const paretoKey = (dimension: ParetoDimension) => `${COMPLAINTS}#${dimension}`;
const monthKey = (month: Month) => `MONTH#${month}`;

/** The longest Pareto key (batch and factory are at most 60 characters; the sort key stays far below 1 KB). */
export const MAX_KEY_LENGTH = 200;

/** One ADD update of named counters on one item, plus attributes SET beside them; no counts: none. */
export function addItem(
  Key: { pk: string; sk: string },
  counts: readonly (readonly [string, number])[],
  attributes: Record<string, string>,
): TransactItem[] {
  const adds = counts.filter(([, by]) => by !== 0);
  if (adds.length === 0) return [];
  for (const [name, by] of adds) if (!Number.isInteger(by)) throw new RangeError(`counter ${name} by ${by}`);
  const sets = Object.keys(attributes);
  return [
    {
      Update: {
        TableName: tableName(),
        Key,
        UpdateExpression: `ADD ${adds.map((_, i) => `#c${i} :c${i}`).join(', ')} SET ${sets.map((_, i) => `#a${i} = :a${i}`).join(', ')}`,
        ExpressionAttributeNames: {
          ...Object.fromEntries(adds.map(([name], i) => [`#c${i}`, name])),
          ...Object.fromEntries(sets.map((name, i) => [`#a${i}`, name])),
        },
        ExpressionAttributeValues: {
          ...Object.fromEntries(adds.map(([, by], i) => [`:c${i}`, by])),
          ...Object.fromEntries(sets.map((name, i) => [`:a${i}`, attributes[name]])),
        },
      },
    },
  ];
}

function knownCounts<N extends string>(names: readonly N[], counters: Partial<Record<N, number>>) {
  const entries = Object.entries(counters) as [N, number | undefined][];
  for (const [name] of entries) if (!names.includes(name)) throw new RangeError(`unknown counter ${name}`);
  return entries.flatMap(([name, by]) => (by === undefined ? [] : [[name, by] as const]));
}

/**
 * The writes that count `change` in the month the complaint was received (Asia/Shanghai), for
 * the transaction of the change: one update of the month's figures, one per Pareto key touched
 * (the moves of one key are added up first: a transaction holds an item once). Nothing to add:
 * no items. Unknown counter names and over-long keys throw.
 */
export function complaintStatItems(receivedAt: string, change: ComplaintStatChange): TransactItem[] {
  const month = monthOf(receivedAt);
  const byKey = new Map<string, { dimension: ParetoDimension; key: string; by: number }>();
  for (const { dimension, key, by } of change.pareto ?? []) {
    if (key.length === 0 || key.length > MAX_KEY_LENGTH) throw new RangeError(`pareto key of ${key.length}`);
    const id = `${dimension}\n${key}`;
    const found = byKey.get(id);
    byKey.set(id, { dimension, key, by: (found?.by ?? 0) + by });
  }
  return [
    ...addItem(
      { pk: COMPLAINTS, sk: monthKey(month) },
      knownCounts(complaintCounterNames, change.counters ?? {}),
      { entityType: 'complaintStats', month },
    ),
    ...[...byKey.values()].flatMap(({ dimension, key, by }) =>
      addItem({ pk: paretoKey(dimension), sk: `${monthKey(month)}#${key}` }, [['complaints', by]], {
        entityType: 'complaintParetoStats',
        month,
        dimension,
        key,
      }),
    ),
  ];
}

/** The writes that add `counters` to the returns-rate counters of the month of `at` (Asia/Shanghai). */
export function returnsStatItems(at: string, counters: ReturnsCounters): TransactItem[] {
  const month = monthOf(at);
  return addItem({ pk: RETURNS, sk: monthKey(month) }, knownCounts(returnsCounterNames, counters), {
    entityType: 'returnsStats',
    month,
  });
}

/**
 * Counter items holding their counts outright, for the local demo seed's history of earlier
 * months (local/seed.ts): written with Put, so seeding them again leaves the same items.
 */
export const statSnapshots = {
  complaintMonth: (month: Month, counters: ComplaintCounters) => ({
    pk: COMPLAINTS,
    sk: monthKey(month),
    entityType: 'complaintStats',
    month,
    ...Object.fromEntries(knownCounts(complaintCounterNames, counters)),
  }),
  paretoKey: (month: Month, dimension: ParetoDimension, key: string, complaints: number) => ({
    pk: paretoKey(dimension),
    sk: `${monthKey(month)}#${key}`,
    entityType: 'complaintParetoStats',
    month,
    dimension,
    key,
    complaints,
  }),
  returnsMonth: (month: Month, counters: ReturnsCounters) => ({
    pk: RETURNS,
    sk: monthKey(month),
    entityType: 'returnsStats',
    month,
    ...Object.fromEntries(knownCounts(returnsCounterNames, counters)),
  }),
};

/**
 * Writes snapshot items (above). Without `onlyNew` in batches of 25, replacing what is there;
 * with it one by one, each only where no item exists yet (the months real writes already count).
 */
export async function putStatSnapshots(
  items: readonly Record<string, unknown>[],
  options: { onlyNew?: boolean } = {},
): Promise<void> {
  const TableName = tableName();
  if (options.onlyNew) {
    for (const Item of items) {
      await documentClient()
        .send(new PutCommand({ TableName, Item, ConditionExpression: 'attribute_not_exists(pk)' }))
        .catch((error: Error) => {
          if (error.name !== 'ConditionalCheckFailedException') throw error;
        });
    }
    return;
  }
  for (let start = 0; start < items.length; start += 25) {
    let requests = items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 1; requests.length > 0; attempt += 1) {
      if (attempt > 8) throw new Error('stat snapshots left unprocessed');
      const { UnprocessedItems } = await documentClient().send(
        new BatchWriteCommand({ RequestItems: { [TableName]: requests } }),
      );
      requests = (UnprocessedItems?.[TableName] ?? []) as typeof requests;
      if (requests.length > 0) await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}

/** Every item of one counter partition from month `from` to `to`: one Query (all its pages). */
async function periodItems(pk: string, from: Month, to: Month): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lower AND :upper',
        ExpressionAttributeValues: { ':pk': pk, ':lower': monthKey(from), ':upper': `${monthKey(to)}~` },
        ExclusiveStartKey,
      }),
    );
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

/** `MONTH#2026-11` or `MONTH#2026-11#<key>`: the month has a fixed length (items written before `month` was SET lack it). */
const monthOfSk = (item: Record<string, unknown>): Month => String(item.sk).slice(6, 13);
const keyOfSk = (item: Record<string, unknown>) => String(item.sk).slice(14);

function countersOf<N extends string>(names: readonly N[], item: Record<string, unknown>) {
  const counters: Partial<Record<N, number>> = {};
  for (const name of names) if (typeof item[name] === 'number') counters[name] = item[name];
  return counters;
}

/** The complaint figures' counters of the receipt months `from` to `to`. */
export async function readComplaintMonths(from: Month, to: Month): Promise<MonthRow<ComplaintCounters>[]> {
  return (await periodItems(COMPLAINTS, from, to)).map((item) => ({
    month: monthOfSk(item),
    counters: countersOf(complaintCounterNames, item),
  }));
}

/** One dimension's counts per key of the receipt months `from` to `to`. */
export async function readParetoRows(
  dimension: ParetoDimension,
  from: Month,
  to: Month,
): Promise<ParetoRow[]> {
  return (await periodItems(paretoKey(dimension), from, to)).map((item) => ({
    month: monthOfSk(item),
    key: keyOfSk(item),
    count: Number(item.complaints ?? 0),
  }));
}

/** The returns-rate counters of the months `from` to `to`. */
export async function readReturnsMonths(from: Month, to: Month): Promise<MonthRow<ReturnsCounters>[]> {
  return (await periodItems(RETURNS, from, to)).map((item) => ({
    month: monthOfSk(item),
    counters: countersOf(returnsCounterNames, item),
  }));
}

const PARTS = 'STATS#parts';

/** The writes that add `counters` to the spare-parts counters of the month of `at` (Asia/Shanghai). */
export function partsStatItems(at: string, counters: PartsCounters): TransactItem[] {
  const month = monthOf(at);
  return addItem({ pk: PARTS, sk: monthKey(month) }, knownCounts(partsCounterNames, counters), {
    entityType: 'partsStats',
    month,
  });
}

/** The spare-parts counters of the months `from` to `to`. */
export async function readPartsMonths(from: Month, to: Month): Promise<MonthRow<PartsCounters>[]> {
  return (await periodItems(PARTS, from, to)).map((item) => ({
    month: monthOfSk(item),
    counters: countersOf(partsCounterNames, item),
  }));
}

/** SETs the month's stock values (absolute, not ADDed) beside its movement counters (the daily parts job). */
export async function putPartsStockSnapshot(snapshot: StockSnapshot): Promise<void> {
  await documentClient().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: { pk: PARTS, sk: monthKey(snapshot.month) },
      UpdateExpression:
        'SET stockValueFen = :value, quotaStockValueFen = :quota, stockValuedAt = :at, entityType = :type, #month = :month',
      ExpressionAttributeNames: { '#month': 'month' },
      ExpressionAttributeValues: {
        ':value': snapshot.stockValueFen,
        ':quota': snapshot.quotaStockValueFen,
        ':at': snapshot.takenAt,
        ':type': 'partsStats',
        ':month': snapshot.month,
      },
    }),
  );
}

/** The stock value snapshots of the months `from` to `to` (months without one are left out). */
export async function readPartsStockSnapshots(from: Month, to: Month): Promise<StockSnapshot[]> {
  return (await periodItems(PARTS, from, to)).flatMap((item) =>
    typeof item.stockValueFen === 'number' && typeof item.quotaStockValueFen === 'number'
      ? [
          {
            month: monthOfSk(item),
            stockValueFen: item.stockValueFen,
            quotaStockValueFen: item.quotaStockValueFen,
            takenAt: String(item.stockValuedAt),
          },
        ]
      : [],
  );
}

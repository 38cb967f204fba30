import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { ensureTable, localAws } from '../../local/dynamodb.ts';
import { runsPerDay } from '../../scripts/lib/cost-jobs.ts';
import { costMeter } from '../../scripts/lib/cost-meter.ts';

// The meter against the real DynamoDB Local: what it reports is what the cost model prices.
const endpoint = process.env.TEST_DYNAMODB_ENDPOINT as string;
const TableName = `cost-meter-${Date.now()}`;
const raw = new DynamoDBClient({ endpoint, region: localAws.region, credentials: localAws });
const documents = DynamoDBDocumentClient.from(raw);
const meter = costMeter({ api: 512, workflow: 512, scheduled: 256, events: 256 });
meter.attach(raw as never);

beforeAll(() => ensureTable(endpoint, TableName));
afterAll(() => raw.destroy());

const item = (pk: string, bytes: number) => ({ pk, sk: 'A', text: 'x'.repeat(bytes) });

it('counts the units DynamoDB consumed inside a metered invocation, with its duration and memory', async () => {
  const mark = meter.mark();
  await meter.workflow('complaint-steps', async () => {
    await documents.send(new PutCommand({ TableName, Item: item('m-1', 2500) }));
    await documents.send(new GetCommand({ TableName, Key: { pk: 'm-1', sk: 'A' } }));
  });
  const tally = meter.since(mark);
  expect(tally.writeUnits).toBe(3); // 2.5 KB: three 1 KB write units
  expect(tally.readUnits).toBe(0.5); // eventually consistent read of up to 4 KB
  expect(tally.dynamoCalls).toBe(2);
  expect(tally.invocations).toEqual([
    expect.objectContaining({ group: 'workflow', name: 'complaint-steps', memoryMb: 512 }),
  ]);
  expect(tally.invocations[0]?.durationMs).toBeGreaterThan(0);
});

it('leaves out calls made outside any invocation (the local engine, the driver)', async () => {
  const mark = meter.mark();
  await documents.send(new PutCommand({ TableName, Item: item('m-2', 10) }));
  await meter.waiting(() =>
    meter.api(() => documents.send(new GetCommand({ TableName, Key: { pk: 'm-2', sk: 'A' } }))),
  );
  const tally = meter.since(mark);
  expect(tally.writeUnits + tally.readUnits).toBe(0);
  expect(tally.invocations).toEqual([]);
});

it('counts a transactional write twice, as DynamoDB bills it', async () => {
  const mark = meter.mark();
  await meter.api(() =>
    documents.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName, Item: item('m-3', 10) } },
          { Put: { TableName, Item: item('m-4', 1500) } },
        ],
      }),
    ),
  );
  expect(meter.since(mark).writeUnits).toBe(2 * (1 + 2));
});

it('charges an empty query the minimum read and records refused conditional writes', async () => {
  const mark = meter.mark();
  await meter.scheduled('mail-outbox', async () => {
    await documents.send(
      new QueryCommand({
        TableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'nothing-here' },
      }),
    );
    await documents
      .send(
        new PutCommand({ TableName, Item: item('m-1', 10), ConditionExpression: 'attribute_not_exists(pk)' }),
      )
      .catch(() => undefined);
  });
  const tally = meter.since(mark);
  expect(tally.readUnits).toBe(0.5);
  expect(tally.emptyReads).toBe(1);
  expect(tally.refusedWrites).toEqual([{ transactional: false, items: 1 }]);
  expect(tally.invocations[0]?.memoryMb).toBe(256);
});

it('charges the keys of a batch read that find no item, as DynamoDB reads each key', async () => {
  await documents.send(new PutCommand({ TableName, Item: item('m-5', 10) }));
  const mark = meter.mark();
  await meter.api(() =>
    documents.send(
      new BatchGetCommand({
        RequestItems: {
          [TableName]: {
            Keys: [
              { pk: 'm-5', sk: 'A' },
              { pk: 'absent-1', sk: 'A' },
              { pk: 'absent-2', sk: 'A' },
            ],
          },
        },
      }),
    ),
  );
  const tally = meter.since(mark);
  expect(tally.readUnits).toBe(1.5); // the found item 0.5 as DynamoDB Local reports it, two misses 0.5 each
  expect(tally.emptyReads).toBe(2);
});

it('counts the bytes metered code writes to stdout as its logs, and keeps them off the terminal', async () => {
  const mark = meter.mark();
  const output = meter.captureOutput();
  try {
    await meter.api(async () => {
      process.stdout.write('{"level":"INFO","message":"twelve bytes"}\n');
    });
    process.stdout.write('not a function of ours\n');
  } finally {
    expect(output.restore()).toBe('not a function of ours\n');
  }
  expect(meter.since(mark).logBytes).toBe(Buffer.byteLength('{"level":"INFO","message":"twelve bytes"}\n'));
});

it('works out the runs a day of each kind of schedule expression', () => {
  expect(runsPerDay('rate(5 minutes)')).toBe(288);
  expect(runsPerDay('rate(15 minutes)')).toBe(96);
  // 9:30 to 17:30 on weekdays: nine runs a day, five days a week.
  expect(runsPerDay('cron(30 9-17 ? * MON-FRI *)')).toBeCloseTo((9 * 5) / 7, 10);
});

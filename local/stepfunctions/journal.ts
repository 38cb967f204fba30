import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';

/*
 * The local engine's durable state, in the application's one table (docs/local-stepfunctions.md):
 *
 *   pk                                  sk                 what
 *   SFN#EXEC#<stateMachine>:<execution> EXECUTION          the execution record; gsi1 SFN#RUNNING /
 *                                                          <startDate>#<arn> while RUNNING (sparse: what
 *                                                          resume() re-runs); gsi2 SFN#SM#<stateMachine> /
 *                                                          <startDate>#<execution> (ListExecutions)
 *   SFN#EXEC#<stateMachine>:<execution> TASK#<seq>         one journal entry per task occurrence, in order
 *   SFN#EXEC#<stateMachine>:<execution> EVENT#<id>         the AWS-shaped history, one item per event
 *   SFN#TOKEN#<token>                   TOKEN              a callback token -> its execution and entry
 *
 * Dates are ISO strings; results, outputs and event details are JSON strings.
 */

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface ExecutionRecord {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly stateMachineName: string;
  readonly name: string;
  /** The execution input, a JSON string, exactly as StartExecution received it. */
  readonly input: string;
  readonly status: ExecutionStatus;
  readonly startDate: string;
  readonly stopDate?: string;
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
}

export type TaskOutcome = 'succeeded' | 'failed' | 'timedOut';

export interface JournalEntry {
  /** Position among the execution's task occurrences, from 0: the replay must meet them in this order. */
  readonly seq: number;
  readonly stateName: string;
  /** How many times this state had run a task in the execution, this one included. */
  readonly occurrence: number;
  readonly kind: 'lambda' | 'callback';
  readonly resource: 'invoke' | 'invoke.waitForTaskToken' | 'function';
  readonly functionName: string;
  /** The resolved Parameters (with the task token), JSON. */
  readonly parameters: string;
  readonly token?: string;
  readonly openedAt: string;
  readonly deadline: string;
  readonly timeoutSeconds: number;
  /** A callback's function returned (the task token went out): replays never invoke it again. */
  readonly submittedAt?: string;
  readonly submitted?: string;
  readonly closedAt?: string;
  readonly outcome?: TaskOutcome;
  /** The task's result, JSON (the Lambda integration's response, or SendTaskSuccess output). */
  readonly result?: string;
  readonly error?: string;
  readonly cause?: string;
}

export interface TaskClose {
  readonly outcome: TaskOutcome;
  readonly closedAt: string;
  readonly result?: string;
  readonly error?: string;
  readonly cause?: string;
}

export interface StoredEvent {
  readonly id: number;
  readonly type: string;
  readonly timestamp: string;
  /** The event's `<type>EventDetails` member. */
  readonly details?: Record<string, unknown>;
}

export interface TokenRef {
  readonly executionArn: string;
  readonly pk: string;
  readonly seq: number;
}

export const executionPk = (stateMachine: string, execution: string): string =>
  `SFN#EXEC#${stateMachine}:${execution}`;
const EXECUTION_SK = 'EXECUTION';
const pad = (n: number) => String(n).padStart(8, '0');
const taskSk = (seq: number) => `TASK#${pad(seq)}`;
const eventSk = (id: number) => `EVENT#${pad(id)}`;
const tokenPk = (token: string) => `SFN#TOKEN#${token}`;
const RUNNING = 'SFN#RUNNING';
const machinePk = (stateMachine: string) => `SFN#SM#${stateMachine}`;
const KEYS = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'entityType'];

/** True when a conditional write went through, false when its condition said no. */
async function succeeded(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

const isConditionFailure = (error: unknown) =>
  error instanceof Error &&
  (error.name === 'ConditionalCheckFailedException' ||
    (error.name === 'TransactionCanceledException' && error.message.includes('ConditionalCheckFailed')));

function withoutKeys<T>(item: Record<string, unknown>): T {
  return Object.fromEntries(Object.entries(item).filter(([key]) => !KEYS.includes(key))) as T;
}

function defined(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
}

/** `SET #a = :a, ...` for the defined values, with names and values. */
function setExpression(values: Record<string, unknown>) {
  const names: Record<string, string> = {};
  const vals: Record<string, unknown> = {};
  const parts = Object.entries(defined(values)).map(([key, value], i) => {
    names[`#s${i}`] = key;
    vals[`:s${i}`] = value;
    return `#s${i} = :s${i}`;
  });
  return { expression: `SET ${parts.join(', ')}`, names, values: vals };
}

export class SfnStore {
  private readonly client: () => DynamoDBDocumentClient;
  private readonly table: () => string;

  constructor(client: () => DynamoDBDocumentClient, table: () => string) {
    this.client = client;
    this.table = table;
  }

  private async queryAll(input: Omit<ConstructorParameters<typeof QueryCommand>[0], 'TableName'>) {
    const items: Record<string, unknown>[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client().send(
        new QueryCommand({
          ...input,
          TableName: this.table(),
          ...(ExclusiveStartKey ? { ExclusiveStartKey } : {}),
        }),
      );
      items.push(...((page.Items ?? []) as Record<string, unknown>[]));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return items;
  }

  /** Stores a new execution; false when one of that name exists. */
  async createExecution(record: ExecutionRecord): Promise<boolean> {
    return succeeded(
      this.client().send(
        new PutCommand({
          TableName: this.table(),
          Item: defined({
            pk: executionPk(record.stateMachineName, record.name),
            sk: EXECUTION_SK,
            entityType: 'sfnExecution',
            ...record,
            gsi1pk: RUNNING,
            gsi1sk: `${record.startDate}#${record.executionArn}`,
            gsi2pk: machinePk(record.stateMachineName),
            gsi2sk: `${record.startDate}#${record.name}`,
          }),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  async getExecution(pk: string): Promise<ExecutionRecord | undefined> {
    const { Item } = await this.client().send(
      new GetCommand({ TableName: this.table(), Key: { pk, sk: EXECUTION_SK }, ConsistentRead: true }),
    );
    return Item ? withoutKeys<ExecutionRecord>(Item) : undefined;
  }

  /** Every RUNNING execution (gsi1, sparse), oldest first. */
  async runningExecutions(): Promise<ExecutionRecord[]> {
    const items = await this.queryAll({
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': RUNNING },
    });
    return items.map((item) => withoutKeys<ExecutionRecord>(item));
  }

  /** A state machine's executions, newest first. */
  async executionsOf(stateMachine: string): Promise<ExecutionRecord[]> {
    const items = await this.queryAll({
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': machinePk(stateMachine) },
      ScanIndexForward: false,
    });
    return items.map((item) => withoutKeys<ExecutionRecord>(item));
  }

  /** Closes a RUNNING execution; false when it was closed already. */
  async finishExecution(
    pk: string,
    close: {
      status: Exclude<ExecutionStatus, 'RUNNING'>;
      stopDate: string;
      output?: string;
      error?: string;
      cause?: string;
    },
  ): Promise<boolean> {
    const set = setExpression(close);
    return succeeded(
      this.client().send(
        new UpdateCommand({
          TableName: this.table(),
          Key: { pk, sk: EXECUTION_SK },
          UpdateExpression: `${set.expression} REMOVE gsi1pk, gsi1sk`,
          ConditionExpression: '#st = :running',
          ExpressionAttributeNames: { ...set.names, '#st': 'status' },
          ExpressionAttributeValues: { ...set.values, ':running': 'RUNNING' },
        }),
      ),
    );
  }

  /** The execution's journal, indexed by seq. */
  async journal(pk: string): Promise<JournalEntry[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :task)',
      ExpressionAttributeValues: { ':pk': pk, ':task': 'TASK#' },
      ConsistentRead: true,
    });
    const entries: JournalEntry[] = [];
    for (const item of items) {
      const entry = withoutKeys<JournalEntry>(item);
      entries[entry.seq] = entry;
    }
    return entries;
  }

  async getTask(pk: string, seq: number): Promise<JournalEntry | undefined> {
    const { Item } = await this.client().send(
      new GetCommand({ TableName: this.table(), Key: { pk, sk: taskSk(seq) }, ConsistentRead: true }),
    );
    return Item ? withoutKeys<JournalEntry>(Item) : undefined;
  }

  /**
   * Journals a task occurrence before anything is invoked, with its token's lookup item.
   * Fails when the entry exists: another engine is running the same execution.
   */
  async openTask(pk: string, executionArn: string, entry: JournalEntry): Promise<void> {
    const journalPut = {
      TableName: this.table(),
      Item: defined({ pk, sk: taskSk(entry.seq), entityType: 'sfnTask', ...entry }),
      ConditionExpression: 'attribute_not_exists(pk)',
    };
    if (!entry.token) {
      await this.client().send(new PutCommand(journalPut));
      return;
    }
    await this.client().send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: journalPut },
          {
            Put: {
              TableName: this.table(),
              Item: {
                pk: tokenPk(entry.token),
                sk: 'TOKEN',
                entityType: 'sfnToken',
                executionArn,
                executionPk: pk,
                seq: entry.seq,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      }),
    );
  }

  /** Re-opens an entry whose Lambda was running when the engine stopped (it runs again). */
  async reopenTask(pk: string, seq: number, openedAt: string, deadline: string): Promise<void> {
    if (!(await this.updateOpenTask(pk, seq, { openedAt, deadline }))) {
      throw new Error(`journal entry ${seq} of ${pk} closed while it was being re-opened`);
    }
  }

  /** Records that a callback's function returned; false when the task had closed already. */
  async markSubmitted(pk: string, seq: number, submittedAt: string, submitted: string): Promise<boolean> {
    return this.updateOpenTask(pk, seq, { submittedAt, submitted });
  }

  /** Closes an open task; false when it was closed already (the first outcome wins). */
  async closeTask(pk: string, seq: number, close: TaskClose): Promise<boolean> {
    return this.updateOpenTask(pk, seq, { ...close });
  }

  private async updateOpenTask(pk: string, seq: number, values: Record<string, unknown>): Promise<boolean> {
    const set = setExpression(values);
    return succeeded(
      this.client().send(
        new UpdateCommand({
          TableName: this.table(),
          Key: { pk, sk: taskSk(seq) },
          UpdateExpression: set.expression,
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(outcome)',
          ExpressionAttributeNames: set.names,
          ExpressionAttributeValues: set.values,
        }),
      ),
    );
  }

  async tokenRef(token: string): Promise<TokenRef | undefined> {
    const { Item } = await this.client().send(
      new GetCommand({
        TableName: this.table(),
        Key: { pk: tokenPk(token), sk: 'TOKEN' },
        ConsistentRead: true,
      }),
    );
    if (!Item) return undefined;
    return {
      executionArn: Item.executionArn as string,
      pk: Item.executionPk as string,
      seq: Item.seq as number,
    };
  }

  async putEvents(pk: string, events: readonly StoredEvent[]): Promise<void> {
    for (let i = 0; i < events.length; i += 25) {
      let requests: NonNullable<ConstructorParameters<typeof BatchWriteCommand>[0]['RequestItems']>[string] =
        events.slice(i, i + 25).map((event) => ({
          PutRequest: {
            Item: defined({
              pk,
              sk: eventSk(event.id),
              entityType: 'sfnEvent',
              id: event.id,
              type: event.type,
              timestamp: event.timestamp,
              details: event.details ? JSON.stringify(event.details) : undefined,
            }),
          },
        }));
      for (let attempt = 0; requests.length > 0; attempt++) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
        const { UnprocessedItems } = await this.client().send(
          new BatchWriteCommand({ RequestItems: { [this.table()]: requests } }),
        );
        requests = UnprocessedItems?.[this.table()] ?? [];
      }
    }
  }

  async events(pk: string): Promise<StoredEvent[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :event)',
      ExpressionAttributeValues: { ':pk': pk, ':event': 'EVENT#' },
      ConsistentRead: true,
    });
    return items.map((item) => ({
      id: item.id as number,
      type: item.type as string,
      timestamp: item.timestamp as string,
      ...(typeof item.details === 'string'
        ? { details: JSON.parse(item.details) as Record<string, unknown> }
        : {}),
    }));
  }

  /** The id of the execution's last stored history event (0 when none). */
  async lastEventId(pk: string): Promise<number> {
    const { Items } = await this.client().send(
      new QueryCommand({
        TableName: this.table(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :event)',
        ExpressionAttributeValues: { ':pk': pk, ':event': 'EVENT#' },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
        ProjectionExpression: 'id',
      }),
    );
    return (Items?.[0]?.id as number | undefined) ?? 0;
  }
}

import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  ExecutionAlreadyExists,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  InvalidToken,
  ListExecutionsCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
  TaskDoesNotExist,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { jest } from '@jest/globals';
import { ensureTable, localAws, localClient } from '../../local/dynamodb.ts';
import { INTERPRETER_TASK_GUARD_SECONDS, prepareDefinition } from '../../local/stepfunctions/definition.ts';
import {
  type HandlerLoader,
  LocalStepFunctions,
  stepFunctionsHandler,
} from '../../local/stepfunctions/index.ts';
import { MAX_TIMER_MS, timerAt } from '../../local/stepfunctions/timers.ts';
import { disposeDynamoClients } from '../../shared/store/client.ts';

// The engine is driven only through @aws-sdk/client-sfn, over HTTP, as the Lambdas will drive it.

const dynamoEndpoint = process.env.TEST_DYNAMODB_ENDPOINT ?? '';
const table = `test-sfn-${randomUUID()}`;
const fnArn = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:sfn-test-${name}`;
const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

// ---- the functions the test state machines invoke -----------------------------------------

interface Call {
  readonly fn: string;
  readonly event: Record<string, unknown>;
}
const calls: Call[] = [];
const callsOf = (fn: string, execution: string) =>
  calls.filter((call) => call.fn === fn && call.event.execution === execution);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const functions: Record<string, HandlerLoader> = {
  // Fails once per execution with a retryable Lambda error, then succeeds.
  [fnArn('flaky')]: async () => async (event) => {
    const e = event as Record<string, unknown>;
    calls.push({ fn: 'flaky', event: e });
    if (callsOf('flaky', e.execution as string).length === 1) {
      throw Object.assign(new Error('throttled'), { name: 'Lambda.ServiceException' });
    }
    return { attempt: callsOf('flaky', e.execution as string).length };
  },
  [fnArn('work')]: async () => async (event) => {
    calls.push({ fn: 'work', event: event as Record<string, unknown> });
    return { ...(event as object), done: true };
  },
  [fnArn('slow')]: async () => async (event) => {
    const e = event as Record<string, unknown>;
    calls.push({ fn: 'slow', event: e });
    if (e.fail) throw Object.assign(new Error('no such order'), { name: 'BadInput' });
    await sleep(1500);
    return { late: true };
  },
  // Registered by name: definitions may name it `sfn-test-notify` or by ARN.
  'sfn-test-notify': async () => async (event) => {
    calls.push({ fn: 'notify', event: event as Record<string, unknown> });
    return { notified: true };
  },
};

const lambdaTask = (fn: string, payload: object, rest: object) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke',
  Parameters: { FunctionName: fnArn(fn), Payload: payload },
  ...rest,
});
const callbackTask = (step: string, rest: object) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
  Parameters: {
    FunctionName: 'sfn-test-notify',
    Payload: { step, 'token.$': '$$.Task.Token', 'execution.$': '$$.Execution.Name' },
  },
  ...rest,
});

// ---- the test state machines ------------------------------------------------------------

const definitions = {
  retrying: {
    StartAt: 'Flaky',
    States: {
      Flaky: lambdaTask(
        'flaky',
        { 'execution.$': '$$.Execution.Name' },
        {
          Retry: [{ ErrorEquals: ['Lambda.ServiceException'], IntervalSeconds: 1, MaxAttempts: 2 }],
          End: true,
        },
      ),
    },
  },
  approval: {
    StartAt: 'Approve',
    States: {
      Approve: callbackTask('approve', {
        ResultPath: '$.approval',
        Catch: [{ ErrorEquals: ['Rejected'], ResultPath: '$.failure', Next: 'Rejected' }],
        Next: 'Decide',
      }),
      Decide: {
        Type: 'Choice',
        Choices: [{ Variable: '$.approval.approved', BooleanEquals: true, Next: 'Approved' }],
        Default: 'Declined',
      },
      Approved: { Type: 'Pass', Result: 'approved', ResultPath: '$.result', End: true },
      Declined: { Type: 'Pass', Result: 'declined', ResultPath: '$.result', End: true },
      Rejected: {
        Type: 'Pass',
        Parameters: { 'error.$': '$.failure.Error', 'cause.$': '$.failure.Cause' },
        End: true,
      },
    },
  },
  reminding: {
    StartAt: 'Init',
    States: {
      Init: { Type: 'Pass', Result: 0, ResultPath: '$.attempts', Next: 'Ask' },
      Ask: callbackTask('answer', {
        TimeoutSeconds: 1,
        ResultPath: '$.answer',
        Catch: [
          // States.TaskFailed matches every task error except a timeout, as on AWS.
          { ErrorEquals: ['States.TaskFailed'], ResultPath: '$.error', Next: 'Broken' },
          { ErrorEquals: ['States.Timeout'], ResultPath: '$.timeout', Next: 'Count' },
        ],
        Next: 'Done',
      }),
      Count: {
        Type: 'Pass',
        Parameters: { 'attempts.$': 'States.MathAdd($.attempts, 1)', 'timeout.$': '$.timeout' },
        Next: 'Again',
      },
      Again: {
        Type: 'Choice',
        Choices: [{ Variable: '$.attempts', NumericLessThan: 2, Next: 'Ask' }],
        Default: 'GaveUp',
      },
      GaveUp: { Type: 'Fail', Error: 'GaveUp' },
      Broken: { Type: 'Fail', Error: 'Broken' },
      Done: { Type: 'Succeed' },
    },
  },
  slow: {
    StartAt: 'Slow',
    States: {
      Slow: lambdaTask(
        'slow',
        { 'fail.$': '$.fail' },
        {
          TimeoutSeconds: 1,
          Catch: [
            { ErrorEquals: ['States.TaskFailed'], ResultPath: '$.error', Next: 'Failed' },
            { ErrorEquals: ['States.Timeout'], ResultPath: '$.error', Next: 'TimedOut' },
          ],
          End: true,
        },
      ),
      Failed: { Type: 'Pass', Parameters: { outcome: 'failed', 'error.$': '$.error.Error' }, End: true },
      TimedOut: { Type: 'Pass', Parameters: { outcome: 'timed out', 'error.$': '$.error.Error' }, End: true },
    },
  },
  patient: {
    StartAt: 'Wait',
    States: { Wait: callbackTask('patient', { End: true }) },
  },
  deadlined: {
    TimeoutSeconds: 1,
    StartAt: 'Wait',
    States: { Wait: callbackTask('deadlined', { End: true }) },
  },
} as const;

/** Prepare -> Approve (callback) -> Decide -> Finish: the restart scenario. */
const restartable = (timeoutSeconds: number) => ({
  StartAt: 'Prepare',
  States: {
    Prepare: lambdaTask(
      'work',
      { step: 'prepare', 'execution.$': '$$.Execution.Name', 'startedAt.$': '$$.Execution.StartTime' },
      { ResultSelector: { 'startedAt.$': '$.Payload.startedAt' }, ResultPath: '$.prepared', Next: 'Approve' },
    ),
    Approve: callbackTask('approve', {
      TimeoutSeconds: timeoutSeconds,
      ResultPath: '$.approval',
      Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: '$.timeout', Next: 'Escalate' }],
      Next: 'Decide',
    }),
    Escalate: { Type: 'Pass', Result: 'escalated', ResultPath: '$.outcome', End: true },
    Decide: {
      Type: 'Choice',
      Choices: [{ Variable: '$.approval.approved', BooleanEquals: true, Next: 'Finish' }],
      Default: 'Declined',
    },
    Finish: lambdaTask(
      'work',
      { step: 'finish', 'execution.$': '$$.Execution.Name' },
      { ResultPath: null, End: true },
    ),
    Declined: { Type: 'Fail', Error: 'Declined' },
  },
});

// ---- harness ------------------------------------------------------------------------------

const errors: unknown[] = [];
const warnings: Error[] = [];
const onWarning = (warning: Error) => warnings.push(warning);
const cleanups: (() => Promise<void>)[] = [];

interface Served {
  readonly engine: LocalStepFunctions;
  readonly sfn: SFNClient;
  readonly arn: (machine: string) => string;
  stop(): Promise<void>;
}

/** An engine with the given state machines behind a small HTTP server using its ExtraHandler. */
async function serve(machines: Record<string, object>, now?: () => number): Promise<Served> {
  const engine = new LocalStepFunctions({
    functions,
    ...(now ? { now } : {}),
    onError: (message, error) => errors.push({ message, error }),
  });
  const arns = Object.fromEntries(
    Object.entries(machines).map(([name, definition]) => [name, engine.createStateMachine(name, definition)]),
  );
  const handler = stepFunctionsHandler(engine, (message, error) => errors.push({ message, error }));
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (!(await handler(request, response, url, Buffer.concat(chunks)))) {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const sfn = new SFNClient({
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await engine.stop();
    sfn.destroy();
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  };
  cleanups.push(stop);
  return {
    engine,
    sfn,
    arn: (machine) => {
      const arn = arns[machine];
      if (!arn) throw new Error(`no state machine ${machine}`);
      return arn;
    },
    stop,
  };
}

async function eventually<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 8000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(25);
  }
}

const tokenOf = (execution: string, nth = 1) =>
  eventually(() => callsOf('notify', execution)[nth - 1]?.event.token as string | undefined);

const finished = (sfn: SFNClient, executionArn: string) =>
  eventually(async () => {
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    return execution.status === 'RUNNING' ? undefined : execution;
  });

const outputOf = (execution: DescribeExecutionCommandOutput) => JSON.parse(execution.output ?? 'null');

const history = async (sfn: SFNClient, executionArn: string): Promise<HistoryEvent[]> =>
  (await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }))).events ?? [];

const typesOf = (events: HistoryEvent[]) => events.map((event) => event.type);

/** Waits until the callback's function has returned (its token is out): TaskSubmitted. */
const submitted = (sfn: SFNClient, executionArn: string, count = 1) =>
  eventually(async () => {
    const events = await history(sfn, executionArn);
    return events.filter((event) => event.type === 'TaskSubmitted').length >= count ? events : undefined;
  });

async function start(served: Served, machine: string, input: object = {}, name = randomUUID()) {
  const { executionArn } = await served.sfn.send(
    new StartExecutionCommand({ stateMachineArn: served.arn(machine), name, input: JSON.stringify(input) }),
  );
  return { executionArn: executionArn ?? '', name };
}

/** The journal, read straight from the table (pk SFN#EXEC#<machine>:<execution>, sk TASK#...). */
async function journal(machine: string, execution: string): Promise<Record<string, unknown>[]> {
  const db = localClient(dynamoEndpoint);
  try {
    const { Items } = await db.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :task)',
        ExpressionAttributeValues: {
          ':pk': { S: `SFN#EXEC#${machine}:${execution}` },
          ':task': { S: 'TASK#' },
        },
      }),
    );
    return (Items ?? []).map((item) => unmarshall(item));
  } finally {
    db.destroy();
  }
}

let main: Served;

beforeAll(async () => {
  if (!dynamoEndpoint) throw new Error('global setup did not start DynamoDB Local');
  process.on('warning', onWarning);
  Object.assign(process.env, {
    AWS_REGION: localAws.region,
    AWS_ACCESS_KEY_ID: localAws.accessKeyId,
    AWS_SECRET_ACCESS_KEY: localAws.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint,
    TABLE_NAME: table,
  });
  await ensureTable(dynamoEndpoint, table);
  main = await serve(definitions);
});

afterAll(async () => {
  for (const stop of cleanups) await stop();
  disposeDynamoClients();
  process.off('warning', onWarning);
});

// ---- tests ----------------------------------------------------------------------------------

describe('Lambda tasks', () => {
  it('retry a Lambda.ServiceException, then succeed with the Lambda integration result', async () => {
    const { executionArn, name } = await start(main, 'retrying');

    const execution = await finished(main.sfn, executionArn);

    expect(execution.status).toBe('SUCCEEDED');
    expect(outputOf(execution)).toEqual({
      ExecutedVersion: '$LATEST',
      Payload: { attempt: 2 },
      StatusCode: 200,
    });
    expect(callsOf('flaky', name)).toHaveLength(2);
    const events = await history(main.sfn, executionArn);
    expect(typesOf(events)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskFailed',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    expect(events[4]?.taskFailedEventDetails).toMatchObject({
      error: 'Lambda.ServiceException',
      resourceType: 'lambda',
    });
    expect(JSON.parse(events[4]?.taskFailedEventDetails?.cause ?? '{}')).toMatchObject({
      errorMessage: 'throttled',
    });
  });

  it('time out as States.Timeout, which States.TaskFailed does not catch; function errors it does', async () => {
    const late = await start(main, 'slow', { fail: false });
    const bad = await start(main, 'slow', { fail: true });

    expect(outputOf(await finished(main.sfn, late.executionArn))).toEqual({
      outcome: 'timed out',
      error: 'States.Timeout',
    });
    expect(outputOf(await finished(main.sfn, bad.executionArn))).toEqual({
      outcome: 'failed',
      error: 'BadInput',
    });
    expect(typesOf(await history(main.sfn, late.executionArn))).toContain('TaskTimedOut');
  });
});

describe('callback tasks', () => {
  it('hand a real token to the function and continue with the SendTaskSuccess output, through a Choice', async () => {
    const { executionArn, name } = await start(main, 'approval', { caseId: 'c-1' });
    const token = await tokenOf(name);
    await submitted(main.sfn, executionArn);
    await main.sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }));

    await main.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"approved":true}' }));
    const execution = await finished(main.sfn, executionArn);

    expect(token).toMatch(/^[\w-]{40,}$/);
    expect(execution.status).toBe('SUCCEEDED');
    expect(outputOf(execution)).toEqual({ caseId: 'c-1', approval: { approved: true }, result: 'approved' });
    expect(callsOf('notify', name)).toHaveLength(1);
    expect(callsOf('notify', name)[0]?.event).toEqual({ step: 'approve', token, execution: name });
    const events = await history(main.sfn, executionArn);
    expect(typesOf(events)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSubmitted',
      'TaskSucceeded',
      'TaskStateExited',
      'ChoiceStateEntered',
      'ChoiceStateExited',
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
    ]);
    expect(events[2]?.taskScheduledEventDetails).toMatchObject({
      resource: 'invoke.waitForTaskToken',
      resourceType: 'lambda',
    });
    expect(events[5]?.taskSucceededEventDetails?.output).toBe('{"approved":true}');
  });

  it('fail with the SendTaskFailure error, which a Catch catches', async () => {
    const { executionArn, name } = await start(main, 'approval');

    await main.sfn.send(
      new SendTaskFailureCommand({ taskToken: await tokenOf(name), error: 'Rejected', cause: 'not covered' }),
    );
    const execution = await finished(main.sfn, executionArn);

    expect(execution.status).toBe('SUCCEEDED');
    expect(outputOf(execution)).toEqual({ error: 'Rejected', cause: 'not covered' });
  });

  it('time out into a Catch on States.Timeout and loop back to a new callback with a new token', async () => {
    const { executionArn, name } = await start(main, 'reminding');
    const first = await tokenOf(name, 1);
    const second = await tokenOf(name, 2);

    await main.sfn.send(new SendTaskSuccessCommand({ taskToken: second, output: '{"ok":true}' }));
    const execution = await finished(main.sfn, executionArn);

    expect(second).not.toBe(first);
    expect(execution.status).toBe('SUCCEEDED');
    expect(outputOf(execution)).toMatchObject({
      attempts: 1,
      timeout: { Error: 'States.Timeout' },
      answer: { ok: true },
    });
    const entries = await journal('reminding', name);
    expect(entries.map((entry) => [entry.stateName, entry.occurrence, entry.outcome])).toEqual([
      ['Ask', 1, 'timedOut'],
      ['Ask', 2, 'succeeded'],
    ]);
    await expect(
      main.sfn.send(new SendTaskSuccessCommand({ taskToken: first, output: '{}' })),
    ).rejects.toBeInstanceOf(TaskTimedOut);
    expect(typesOf(await history(main.sfn, executionArn))).toContain('TaskTimedOut');
  });

  it('refuse a token used twice (TaskDoesNotExist) and a made-up one (InvalidToken)', async () => {
    const { executionArn, name } = await start(main, 'approval');
    const token = await tokenOf(name);
    await main.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"approved":false}' }));

    await expect(
      main.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"approved":true}' })),
    ).rejects.toBeInstanceOf(TaskDoesNotExist);
    await expect(main.sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }))).rejects.toBeInstanceOf(
      TaskDoesNotExist,
    );
    await expect(
      main.sfn.send(new SendTaskSuccessCommand({ taskToken: 'garbage', output: '{}' })),
    ).rejects.toBeInstanceOf(InvalidToken);
    expect(outputOf(await finished(main.sfn, executionArn))).toMatchObject({ result: 'declined' });
  });

  it('without TimeoutSeconds wait as long as AWS does (a year), not the interpreter default of 60 s', async () => {
    const { executionArn, name } = await start(main, 'patient');
    await tokenOf(name);
    await sleep(1200);

    const [entry] = await journal('patient', name);
    const execution = await main.sfn.send(new DescribeExecutionCommand({ executionArn }));

    expect(execution.status).toBe('RUNNING');
    expect(entry).toMatchObject({ kind: 'callback', timeoutSeconds: 365 * 24 * 60 * 60 });
    expect(Date.parse(entry?.deadline as string) - Date.parse(entry?.openedAt as string)).toBe(YEAR_MS);
    // Timers above Node's 2^31-1 ms limit would have fired at once, with this warning.
    expect(warnings.filter((warning) => warning.name === 'TimeoutOverflowWarning')).toEqual([]);

    await main.sfn.send(new StopExecutionCommand({ executionArn, error: 'Test.Done', cause: 'enough' }));
    const stopped = await main.sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(stopped).toMatchObject({ status: 'ABORTED', error: 'Test.Done', cause: 'enough' });
    await expect(
      main.sfn.send(new SendTaskSuccessCommand({ taskToken: await tokenOf(name), output: '{}' })),
    ).rejects.toBeInstanceOf(TaskTimedOut);
    const aborted = await main.sfn.send(
      new ListExecutionsCommand({ stateMachineArn: main.arn('patient'), statusFilter: 'ABORTED' }),
    );
    expect(aborted.executions?.map((e) => e.executionArn)).toContain(executionArn);
  });
});

describe('executions', () => {
  it('time out as a whole after the state machine TimeoutSeconds', async () => {
    const { executionArn, name } = await start(main, 'deadlined');
    const token = await tokenOf(name);

    const execution = await finished(main.sfn, executionArn);

    expect(execution).toMatchObject({ status: 'TIMED_OUT', error: 'States.Timeout' });
    expect(typesOf(await history(main.sfn, executionArn)).at(-1)).toBe('ExecutionTimedOut');
    await expect(
      main.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })),
    ).rejects.toBeInstanceOf(TaskTimedOut);
  });
});

describe('StartExecution', () => {
  it('returns the running execution for the same name and input, and ExecutionAlreadyExists otherwise', async () => {
    const name = randomUUID();
    const first = await start(main, 'approval', { caseId: 'c-2' }, name);

    const again = await start(main, 'approval', { caseId: 'c-2' }, name);
    const other = start(main, 'approval', { caseId: 'c-3' }, name);

    expect(again.executionArn).toBe(first.executionArn);
    expect(first.executionArn).toBe(`arn:aws:states:us-east-1:000000000000:execution:approval:${name}`);
    await expect(other).rejects.toBeInstanceOf(ExecutionAlreadyExists);
    await expect(other).rejects.toThrow(first.executionArn);
    expect(callsOf('notify', name)).toHaveLength(1);

    await main.sfn.send(
      new SendTaskSuccessCommand({ taskToken: await tokenOf(name), output: '{"approved":true}' }),
    );
    await finished(main.sfn, first.executionArn);
    // Closed: even the same input is a new start AWS refuses.
    await expect(start(main, 'approval', { caseId: 'c-2' }, name)).rejects.toBeInstanceOf(
      ExecutionAlreadyExists,
    );
  });
});

describe('after a restart', () => {
  it('resumes a parked execution: the old token completes it and nothing that ran before runs again', async () => {
    const before = await serve({ restartable: restartable(60) });
    const { executionArn, name } = await start(before, 'restartable', { caseId: 'c-9' });
    const token = await tokenOf(name);
    await submitted(before.sfn, executionArn);
    await before.stop();
    expect((await journal('restartable', name)).map((entry) => entry.stateName)).toEqual([
      'Prepare',
      'Approve',
    ]);

    const after = await serve({ restartable: restartable(60) });
    const resumed = await after.engine.resume();
    await after.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"approved":true}' }));
    const execution = await finished(after.sfn, executionArn);

    expect(resumed.resumed).toEqual([executionArn]);
    expect(execution.status).toBe('SUCCEEDED');
    // $$.Execution.StartTime is the stored start date, the same in every replay.
    expect(outputOf(execution).prepared).toEqual({ startedAt: execution.startDate?.toISOString() });
    expect(callsOf('work', name).map((call) => call.event.step)).toEqual(['prepare', 'finish']);
    expect(callsOf('notify', name)).toHaveLength(1);
    const entries = await journal('restartable', name);
    expect(entries.map((entry) => [entry.stateName, entry.outcome])).toEqual([
      ['Prepare', 'succeeded'],
      ['Approve', 'succeeded'],
      ['Finish', 'succeeded'],
    ]);
    expect(entries[1]).toMatchObject({ token, timeoutSeconds: 60 });

    const events = await history(after.sfn, executionArn);
    expect(typesOf(events)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSubmitted',
      'TaskSucceeded',
      'TaskStateExited',
      'ChoiceStateEntered',
      'ChoiceStateExited',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    expect(events.map((event) => event.id)).toEqual(events.map((_, i) => i + 1));
    const times = events.map((event) => event.timestamp?.getTime() ?? 0);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(events[7]?.taskScheduledEventDetails?.parameters).toContain(token);
  });

  it('times out at once a callback whose deadline passed while the engine was down', async () => {
    const before = await serve({ overdue: restartable(3600) });
    const { executionArn, name } = await start(before, 'overdue');
    const token = await tokenOf(name);
    await submitted(before.sfn, executionArn);
    await before.stop();

    const twoHoursLater = () => Date.now() + 2 * 60 * 60 * 1000;
    const after = await serve({ overdue: restartable(3600) }, twoHoursLater);
    await after.engine.resume();
    const execution = await finished(after.sfn, executionArn);

    expect(execution.status).toBe('SUCCEEDED');
    expect(outputOf(execution)).toMatchObject({ outcome: 'escalated', timeout: { Error: 'States.Timeout' } });
    expect(callsOf('notify', name)).toHaveLength(1);
    await expect(
      after.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })),
    ).rejects.toBeInstanceOf(TaskTimedOut);
  });

  it('fails an execution whose journal no longer matches the definition, instead of guessing', async () => {
    const v1 = restartable(60);
    const before = await serve({ evolving: v1 });
    const { executionArn, name } = await start(before, 'evolving');
    await submitted(before.sfn, executionArn);
    await before.stop();

    const v2 = {
      ...v1,
      StartAt: 'Check',
      States: {
        ...v1.States,
        Check: lambdaTask('work', { step: 'check' }, { ResultPath: null, Next: 'Prepare' }),
      },
    };
    const after = await serve({ evolving: v2 });
    await after.engine.resume();
    const execution = await finished(after.sfn, executionArn);

    expect(execution).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect(execution.cause).toMatch(/replay mismatch.*"Prepare".*"Check"/);
    expect(callsOf('work', name).map((call) => call.event.step)).toEqual(['prepare']);
  });
});

describe('timers', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('stay below the 2^31-1 ms Node limit and re-arm until a deadline weeks away', () => {
    jest.useFakeTimers();
    const spy = jest.spyOn(globalThis, 'setTimeout');
    const fire = jest.fn();
    const thirtyDays = 30 * 24 * 60 * 60 * 1000;

    timerAt(Date.now() + thirtyDays, Date.now, fire);
    jest.advanceTimersByTime(thirtyDays - 1);
    expect(fire).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);

    expect(fire).toHaveBeenCalledTimes(1);
    expect(spy.mock.calls.length).toBeGreaterThan(1);
    expect(Math.max(...spy.mock.calls.map((call) => Number(call[1])))).toBeLessThanOrEqual(MAX_TIMER_MS);
    expect(MAX_TIMER_MS).toBeLessThan(2 ** 31 - 1);
  });
});

describe('definitions', () => {
  it('give the interpreter a task timer it never reaches, whatever the TimeoutSeconds', () => {
    const prepared = prepareDefinition('guarded', {
      StartAt: 'Long',
      States: {
        Long: lambdaTask('work', {}, { TimeoutSeconds: 31_536_000, Next: 'Unbounded' }),
        Unbounded: lambdaTask('work', {}, { End: true }),
      },
    });

    const states = prepared.runtime.States as Record<string, { TimeoutSeconds?: number }>;
    expect(states.Long?.TimeoutSeconds).toBe(INTERPRETER_TASK_GUARD_SECONDS);
    expect(states.Unbounded?.TimeoutSeconds).toBe(INTERPRETER_TASK_GUARD_SECONDS);
    expect(INTERPRETER_TASK_GUARD_SECONDS * 1000).toBeLessThan(2 ** 31 - 1);
    expect(prepared.tasks.get('Long')?.timeoutSeconds).toBe(31_536_000);
    expect(prepared.tasks.get('Unbounded')?.timeoutSeconds).toBeUndefined();
  });

  it('are refused with a clear reason when they use JSONata', () => {
    expect(() =>
      main.engine.createStateMachine('jsonata', {
        QueryLanguage: 'JSONata',
        StartAt: 'A',
        States: { A: { Type: 'Pass', Output: '{% $states.input %}', End: true } },
      }),
    ).toThrow(/JSONata.*not supported.*JSONPath only/s);
  });
});

afterAll(() => {
  // Nothing failed in the background (store writes, history, handlers).
  expect(errors).toEqual([]);
});

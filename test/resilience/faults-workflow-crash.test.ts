import { randomUUID } from 'node:crypto';
import {
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  SFNServiceException,
} from '@aws-sdk/client-sfn';
import type { Context } from 'aws-lambda';
import { handler as complaintSteps } from '../../functions/workflow/complaint-steps.ts';
import { type LambdaHandler, LocalStepFunctions } from '../../local/stepfunctions/index.ts';
import { runSlaJob } from '../../shared/app/sla-job.ts';
import { dynamoClient } from '../../shared/store/client.ts';
import { complaintWorkflowDefinition } from '../../shared/workflow/complaint-workflow.ts';
import { localFunctionArn } from '../../shared/workflow/functions.ts';
import { sfnClient } from '../../shared/workflow/sfn.ts';
import { aComplaint, aSubmitter, uniqueEmail } from '../support/builders.ts';
import {
  type Accepted,
  crash,
  expectNoDuplicateMail,
  expectStoredWithOneWorkflow,
  mailCounts,
  pastMailInDoubt,
  pendingMailOf,
  storedEventsOf,
  withFault,
  writesEvent,
} from '../support/faults.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { runJob } from '../support/survey-jobs.ts';
import { anInvestigation, complaintExecutionArn, eventually, taskFor } from '../support/workflow.ts';

let api: TestRuntime;
beforeAll(async () => {
  api = await startTestRuntime({ seed: false });
});
afterAll(async () => api.stop());

const STEPS_ARN = localFunctionArn('complaint-steps');

async function submit(): Promise<Accepted> {
  const email = uniqueEmail('crash');
  const response = await api.request<{ id: string; reference: string }>('POST', '/v1/complaints', {
    body: aComplaint({ batch: `B-${randomUUID().slice(0, 8)}`, submitter: aSubmitter({ email }) }),
  });
  expect(response.status).toBe(201);
  return { ...response.body, email };
}

async function historyOf(complaintId: string): Promise<HistoryEvent[]> {
  const { events = [] } = await api.sfn.send(
    new GetExecutionHistoryCommand({ executionArn: complaintExecutionArn(complaintId), maxResults: 1000 }),
  );
  return events;
}

/** The step's invocations (TaskScheduled) and failures (TaskFailed), in order. */
async function attemptsOf(complaintId: string, action: string) {
  const scheduled: HistoryEvent[] = [];
  const failed: HistoryEvent[] = [];
  let current: string | undefined;
  for (const event of await historyOf(complaintId)) {
    if (event.type === 'TaskScheduled') {
      current = (event.taskScheduledEventDetails?.parameters ?? '').includes(`"action":"${action}"`)
        ? action
        : undefined;
      if (current) scheduled.push(event);
    }
    if (event.type === 'TaskFailed' && current) failed.push(event);
  }
  return { scheduled, failed };
}

/**
 * The outbox job, run once mail a crashed step staged is no longer in doubt: its lease ended,
 * and no send event from SES marked it sent (the step never sent it).
 */
const outboxLater = () => runJob<{ sent: number }>(api, 'mail-outbox', pastMailInDoubt());

describe('a workflow step that crashes once after its write', () => {
  it("NotifyQuality: the definition's Retry re-runs it 5 s later, the step happens once, its mail goes once (by the outbox), and the investigation opens", async () => {
    const accepted = await withFault(
      dynamoClient(),
      { on: writesEvent('quality.notified'), error: () => crash(), when: 'after', times: 1 },
      async (fault) => {
        const submitted = await submit();
        await taskFor(api, submitted.id, 'investigation', 'quality');
        expect(fault.hits).toBe(1);
        return submitted;
      },
    );

    const { scheduled, failed } = await attemptsOf(accepted.id, 'notifyQuality');
    expect(scheduled).toHaveLength(2);
    expect(failed).toHaveLength(1);
    expect(failed[0]?.taskFailedEventDetails?.error).toBe('Error');
    // States.TaskFailed: IntervalSeconds 5 (shared/workflow/complaint-workflow.ts).
    const waited = Number(scheduled[1]?.timestamp) - Number(failed[0]?.timestamp);
    expect(waited).toBeGreaterThanOrEqual(4_500);
    expect(await storedEventsOf(api, accepted.id, 'quality.notified')).toHaveLength(1);
    expect(await storedEventsOf(api, accepted.id, 'task.opened')).toHaveLength(1);

    // The crash came between the write and the send: the report mail waits in the outbox.
    expect((await pendingMailOf(api, accepted.id)).map((mail) => mail.purpose)).toEqual(['complaint-report']);
    expect(await outboxLater()).toMatchObject({ sent: 1 });
    expect(await outboxLater()).toMatchObject({ sent: 0 });
    const reports = [...(await mailCounts(api, accepted))].filter(([key]) => key.startsWith('quality@'));
    expect(reports.map(([, count]) => count)).toEqual([1, 1]); // the report and the task notice
    await expectStoredWithOneWorkflow(api, accepted);
    await expectNoDuplicateMail(api, accepted);
  });

  it('Investigation (a callback step): the retry hands the same task a new token, which completes it', async () => {
    const accepted = await withFault(
      dynamoClient(),
      { on: writesEvent('task.opened'), error: () => crash(), when: 'after', times: 1 },
      async (fault) => {
        const submitted = await submit();
        await eventually(
          'the retried step to re-open the task',
          async () => (await storedEventsOf(api, submitted.id, 'task.reopened')).length > 0,
        );
        expect(fault.hits).toBe(1);
        return submitted;
      },
    );

    const task = await taskFor(api, accepted.id, 'investigation', 'quality');
    expect(await storedEventsOf(api, accepted.id, 'task.opened')).toHaveLength(1);
    const completed = await api.request('POST', `/v1/tasks/${task.taskId}`, {
      token: await api.token('quality'),
      body: anInvestigation(),
    });

    expect(completed.status).toBe(200);
    await taskFor(api, accepted.id, 'productionApproval', 'production');
    expect(await outboxLater()).toMatchObject({ sent: 1 }); // the investigation notice, staged before the crash
    await expectStoredWithOneWorkflow(api, accepted);
    await expectNoDuplicateMail(api, accepted);
  });
});

// The next two run the deployed definition on a second engine in this process, on the same
// table and under the same state machine name, so the runtime's API and jobs see its executions.
// Its Retry intervals are cut to 1 s (errors and MaxAttempts kept): 5 + 15 + 45 s would not fit
// a test. The complaint is submitted while StartExecution is refused, so only that engine runs it.

type Retrier = { IntervalSeconds?: number; BackoffRate?: number };

function withOneSecondRetries(definition: ReturnType<typeof complaintWorkflowDefinition>) {
  const states = Object.entries(definition.States as Record<string, { Retry?: Retrier[] }>).map(
    ([name, state]) => [
      name,
      state.Retry
        ? { ...state, Retry: state.Retry.map((r) => ({ ...r, IntervalSeconds: 1, BackoffRate: 1 })) }
        : state,
    ],
  );
  return { ...definition, States: Object.fromEntries(states) };
}

/** A second engine whose complaint-steps function is `steps` (the real one, with a fault around it). */
function engineWith(steps: LambdaHandler, lambdaTimeoutMs?: number) {
  const engine = new LocalStepFunctions({
    functions: { [STEPS_ARN]: async () => steps },
    ...(lambdaTimeoutMs ? { lambdaTimeoutMs } : {}),
    onError: () => undefined,
  });
  const stateMachineArn = engine.createStateMachine(
    'aftersales-complaint',
    withOneSecondRetries(complaintWorkflowDefinition({ workflowFunctionArn: STEPS_ARN })),
  );
  const start = (complaintId: string) =>
    engine.startExecution({ stateMachineArn, name: complaintId, input: JSON.stringify({ complaintId }) });
  return { engine, start };
}

const actionOf = (event: unknown) => (event as { action?: string }).action;
const realSteps = (event: unknown, context: Context) => complaintSteps(event, context) as Promise<unknown>;

async function submitWithoutWorkflow(): Promise<Accepted> {
  return withFault(
    sfnClient(),
    {
      on: (command) => command === 'StartExecutionCommand',
      error: () =>
        new SFNServiceException({
          name: 'ServiceUnavailable',
          $fault: 'server',
          $metadata: {},
          message: 'down',
        }),
    },
    () => submit(),
  );
}

const describeExecution = (complaintId: string) =>
  api.sfn.send(new DescribeExecutionCommand({ executionArn: complaintExecutionArn(complaintId) }));

describe('a workflow step that crashes on every attempt', () => {
  it('fails the execution visibly once the retries run out; the complaint stays RECEIVED and the complaint-sla job flags it on every run', async () => {
    const { engine, start } = engineWith(async (event, context) => {
      if (actionOf(event) === 'record') throw crash('the complaint cannot be recorded');
      return realSteps(event, context);
    });
    try {
      const accepted = await submitWithoutWorkflow();
      await start(accepted.id);

      const failed = await eventually('the execution to fail', async () => {
        const execution: DescribeExecutionCommandOutput = await describeExecution(accepted.id);
        return execution.status === 'FAILED' && execution;
      });

      expect(failed).toMatchObject({ error: 'Error' });
      expect(failed.cause).toContain('the complaint cannot be recorded');
      // States.TaskFailed: MaxAttempts 3, so four attempts in all.
      expect((await attemptsOf(accepted.id, 'record')).failed).toHaveLength(4);
      expect(await api.item(`CASE#${accepted.id}`, 'CASE')).toMatchObject({ status: 'RECEIVED' });

      const later = new Date(Date.now() + 120_000);
      const first = await runSlaJob(later);
      const second = await runSlaJob(later);
      expect(first).toMatchObject({ started: 0, stalled: 1 });
      expect(second).toMatchObject({ started: 0, stalled: 1 });
      expect((await describeExecution(accepted.id)).status).toBe('FAILED');
    } finally {
      await engine.stop();
    }
  });
});

describe('a workflow step that hangs past the function timeout once', () => {
  it('is ended as Sandbox.Timedout and retried; the step happens once, its mail goes once, and the investigation opens', async () => {
    let hung = false;
    let wakeUp: () => void = () => undefined;
    const { engine, start } = engineWith(async (event, context) => {
      const result = await realSteps(event, context);
      if (actionOf(event) === 'notifyQuality' && !hung) {
        hung = true; // after its write and its mail: the function never returns
        await new Promise<void>((resolve) => {
          wakeUp = resolve;
        });
      }
      return result;
    }, 2_000);
    try {
      const accepted = await submitWithoutWorkflow();
      await start(accepted.id);

      await taskFor(api, accepted.id, 'investigation', 'quality');

      const { scheduled, failed } = await attemptsOf(accepted.id, 'notifyQuality');
      expect(scheduled).toHaveLength(2);
      expect(failed.map((event) => event.taskFailedEventDetails?.error)).toEqual(['Sandbox.Timedout']);
      expect(await storedEventsOf(api, accepted.id, 'quality.notified')).toHaveLength(1);
      await eventually('the task notice', async () => (await mailCounts(api, accepted)).size >= 5);
      await expectNoDuplicateMail(api, accepted);
      expect(await pendingMailOf(api, accepted.id)).toEqual([]);
      await expectStoredWithOneWorkflow(api, accepted);
    } finally {
      wakeUp();
      await engine.stop();
    }
  });
});

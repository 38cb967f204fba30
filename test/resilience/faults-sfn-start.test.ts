import { randomUUID } from 'node:crypto';
import { SFNServiceException } from '@aws-sdk/client-sfn';
import { runSlaJob } from '../../shared/app/sla-job.ts';
import { dynamoClient } from '../../shared/store/client.ts';
import { sfnClient } from '../../shared/workflow/sfn.ts';
import { aComplaint, aSubmitter, uniqueEmail } from '../support/builders.ts';
import {
  type Accepted,
  executionsNamed,
  expectNoDuplicateMail,
  expectStoredWithOneWorkflow,
  holdCalls,
  storedEventsOf,
  withFault,
  writesEvent,
} from '../support/faults.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { eventually, taskFor } from '../support/workflow.ts';

let api: TestRuntime;
beforeAll(async () => {
  api = await startTestRuntime({ seed: false });
});
afterAll(async () => api.stop());

const isStart = (command: string) => command === 'StartExecutionCommand';
const stepFunctionsDown = () =>
  new SFNServiceException({
    name: 'ServiceUnavailable',
    $fault: 'server',
    message: 'Service Unavailable',
    $metadata: { httpStatusCode: 503 },
  });

async function submit(): Promise<Accepted> {
  const email = uniqueEmail('sfn-fault');
  const response = await api.request<{ id: string; reference: string }>('POST', '/v1/complaints', {
    body: aComplaint({ batch: `B-${randomUUID().slice(0, 8)}`, submitter: aSubmitter({ email }) }),
    headers: { 'Idempotency-Key': randomUUID() },
  });
  expect(response.status).toBe(201);
  return { ...response.body, email };
}

/**
 * The complaint-sla job, as its schedule runs it, two minutes from now: past the grace minute in
 * which a complaint without a workflow may still be starting. Run in this process, which hosts
 * the runtime (the schedule endpoint's handler does not take `asOf`).
 */
const slaJobLater = () => runSlaJob(new Date(Date.now() + 120_000));

describe('StartExecution failing after the case was stored', () => {
  it('still answers 201; the complaint-sla job starts exactly one workflow, and a second run starts none', async () => {
    const accepted = await withFault(
      sfnClient(),
      { on: isStart, error: stepFunctionsDown },
      async (fault) => {
        const submitted = await submit();
        expect(fault.hits).toBe(1);
        return submitted;
      },
    );

    expect(await api.item(`CASE#${accepted.id}`, 'CASE')).toMatchObject({ status: 'RECEIVED' });
    expect(await executionsNamed(api, accepted.id)).toEqual([]);
    await eventually('the acknowledgement', async () => (await api.emailsTo(accepted.email)).length > 0);

    const first = await slaJobLater();
    await taskFor(api, accepted.id, 'investigation', 'quality');
    const second = await slaJobLater();

    expect(first.started).toBe(1);
    expect(second).toMatchObject({ started: 0, stalled: 0 });
    await expectStoredWithOneWorkflow(api, accepted);
    await expectNoDuplicateMail(api, accepted);
  });

  it('keeps one execution when StartExecution succeeded but its answer was lost', async () => {
    const accepted = await withFault(
      sfnClient(),
      { on: isStart, error: stepFunctionsDown, when: 'after' },
      async (fault) => {
        const submitted = await submit();
        expect(fault.hits).toBe(1);
        return submitted;
      },
    );

    await taskFor(api, accepted.id, 'investigation', 'quality');
    const report = await slaJobLater();

    expect(report).toMatchObject({ started: 0, stalled: 0 });
    await expectStoredWithOneWorkflow(api, accepted);
    await expectNoDuplicateMail(api, accepted);
  });

  it('keeps one execution when the job starts it again while the lost-answer execution has not recorded the complaint yet', async () => {
    // The workflow's first step is slow: the complaint stays RECEIVED while its execution runs.
    const slowRecord = holdCalls(dynamoClient(), writesEvent('workflow.started'));
    let accepted: Accepted;
    try {
      accepted = await withFault(
        sfnClient(),
        { on: isStart, error: stepFunctionsDown, when: 'after' },
        async () => submit(),
      );
      await eventually('the Record step to be running', async () => slowRecord.waiting > 0);
      // Same name and input as the running execution: Step Functions answers it as a success.
      expect((await slaJobLater()).started).toBe(1);
      expect(await api.item(`CASE#${accepted.id}`, 'CASE')).toMatchObject({ status: 'RECEIVED' });
    } finally {
      slowRecord.release();
    }

    await taskFor(api, accepted.id, 'investigation', 'quality');
    await expectStoredWithOneWorkflow(api, accepted);
    expect(await storedEventsOf(api, accepted.id, 'quality.notified')).toHaveLength(1);
    await expectNoDuplicateMail(api, accepted);
  });
});

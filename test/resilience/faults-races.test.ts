import { randomUUID } from 'node:crypto';
import { sfnClient } from '../../shared/workflow/sfn.ts';
import { aComplaint, aSubmitter, uniqueEmail } from '../support/builders.ts';
import {
  type Accepted,
  casesFrom,
  expectNoDuplicateMail,
  expectStoredWithOneWorkflow,
  holdCalls,
  storedEventsOf,
} from '../support/faults.ts';
import type { ApiResponse, TestRuntime } from '../support/runtime.ts';
import { startTestRuntime } from '../support/runtime.ts';
import { aCustomerIn, putTestOffices } from '../support/survey-jobs.ts';
import { anInvestigation, eventually, type TaskSummary, taskFor } from '../support/workflow.ts';

let api: TestRuntime;
beforeAll(async () => {
  api = await startTestRuntime({ seed: false });
  await putTestOffices();
});
afterAll(async () => api.stop());

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends until the answer is not "in progress" (409 with Retry-After), as a client honouring it would. */
async function untilSettled(send: () => Promise<ApiResponse<{ id: string; reference: string }>>) {
  for (let attempt = 1; ; attempt += 1) {
    const response = await send();
    if (response.status !== 409 || attempt >= 20) return response;
    await pause(Number(response.headers.get('retry-after') ?? 1) * 250);
  }
}

/** A complaint whose investigation is waiting for Quality. */
async function anInvestigationTask(): Promise<TaskSummary> {
  const response = await api.request<{ id: string }>('POST', '/v1/complaints', {
    body: aComplaint({ batch: `B-${randomUUID().slice(0, 8)}`, submitter: aSubmitter() }),
  });
  expect(response.status).toBe(201);
  return taskFor(api, response.body.id, 'investigation', 'quality');
}

/** A Quality member completes the investigation with their own finding. */
const completeAs = async (task: TaskSummary, sub: string, findings: string) =>
  api.request<Record<string, unknown>>('POST', `/v1/tasks/${task.taskId}`, {
    token: await api.token('quality', { sub }),
    body: anInvestigation({ findings }),
  });

/** The workflow took exactly one decision: one recorded, one next task, the winner's. */
async function expectDecidedOnce(task: TaskSummary, findings: string) {
  await taskFor(api, task.complaintId, 'productionApproval', 'production');
  const decided = await storedEventsOf(api, task.complaintId, 'investigation.decided');
  expect(decided).toHaveLength(1);
  expect(decided[0]?.data).toMatchObject({ findings });
  expect(await storedEventsOf(api, task.complaintId, 'task.opened')).toHaveLength(2);
}

describe('one submission sent eight times at once with one Idempotency-Key', () => {
  it('stores one case with one workflow and one acknowledgement; every sender ends with the same 201', async () => {
    const email = uniqueEmail('double-click');
    const body = aComplaint({ batch: `B-${randomUUID().slice(0, 8)}`, submitter: aSubmitter({ email }) });
    const headers = { 'Idempotency-Key': randomUUID() };
    const send = () =>
      api.request<{ id: string; reference: string }>('POST', '/v1/complaints', { body, headers });

    const first = await Promise.all(Array.from({ length: 8 }, send));
    const settled = await Promise.all(
      first.map((response) => (response.status === 409 ? untilSettled(send) : response)),
    );

    expect(first.map((response) => response.status).every((status) => status === 201 || status === 409)).toBe(
      true,
    );
    for (const busy of first.filter((response) => response.status === 409)) {
      expect(busy.headers.get('retry-after')).toBe('1');
      expect(busy.body).toMatchObject({ type: '/v1/docs#problem-idempotency-in-progress' });
    }
    expect(settled.map((response) => response.status)).toEqual(Array(8).fill(201));
    expect(new Set(settled.map((response) => response.body.id)).size).toBe(1);
    const accepted: Accepted = {
      id: settled[0]?.body.id ?? '',
      reference: settled[0]?.body.reference ?? '',
      email,
    };
    await expectStoredWithOneWorkflow(api, accepted);
    expect(await casesFrom(api, email)).toHaveLength(1);
    await taskFor(api, accepted.id, 'investigation', 'quality');
    expect(await api.emailsTo(email)).toHaveLength(1);
    await expectNoDuplicateMail(api, accepted);
  });
});

describe('one task completed by two Quality members', () => {
  it('at the same moment: one is recorded and moves the workflow on, the other gets 409', async () => {
    const task = await anInvestigationTask();

    const [a, b] = await Promise.all([
      completeAs(task, 'quality-a', '受潮开裂'),
      completeAs(task, 'quality-b', '运输磕碰'),
    ]);

    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.body).toMatchObject({ status: 409, type: '/v1/docs#problem-task-closed' });
    await expectDecidedOnce(task, a.status === 200 ? '受潮开裂' : '运输磕碰');
  });

  // A decision recorded but not yet delivered may be re-delivered only by the member who made it.
  it('the second while the first decision is still being delivered to the workflow: 409, not a silent 200', async () => {
    const task = await anInvestigationTask();
    // Step Functions is slow to take the first decision: it is recorded, not yet delivered.
    const slowWorkflow = holdCalls(sfnClient(), (command) => command === 'SendTaskSuccessCommand');
    let first: Promise<Awaited<ReturnType<typeof completeAs>>> | undefined;
    let second: Promise<Awaited<ReturnType<typeof completeAs>>> | undefined;
    try {
      first = completeAs(task, 'quality-a', '受潮开裂');
      await eventually('the first decision to be recorded', async () => slowWorkflow.waiting > 0);
      let answered = false;
      second = completeAs(task, 'quality-b', '运输磕碰').finally(() => {
        answered = true;
      });
      // The second either answers at once or ends up waiting to deliver too.
      await eventually(
        'the second completion to answer or wait',
        async () => answered || slowWorkflow.waiting > 1,
      );
    } finally {
      slowWorkflow.release();
    }
    const [winner, loser] = await Promise.all([first, second]);

    expect(winner?.status).toBe(200);
    expect(loser?.status).toBe(409);
    expect(loser?.body).toMatchObject({ type: '/v1/docs#problem-task-closed' });
    await expectDecidedOnce(task, '受潮开裂');
  });
});

describe('two edits of one customer with the same If-Match at once', () => {
  it('applies exactly one; every other gets 412 (or 409 when it lost the write itself), and one change is audited', async () => {
    const staff = await api.token('customer-service');
    const customer = await aCustomerIn(api, staff);
    const regions = ['广东省甲市', '广东省乙市', '广东省丙市', '广东省丁市', '广东省戊市'];

    const responses = await Promise.all(
      regions.map((region) =>
        api.request<{ region: string }>('PATCH', `/v1/customers/${customer.id}`, {
          token: staff,
          body: { region },
          headers: { 'if-match': '"1"' },
        }),
      ),
    );

    const applied = responses.filter((response) => response.status === 200);
    expect(applied).toHaveLength(1);
    for (const refused of responses.filter((response) => response.status !== 200)) {
      expect([412, 409]).toContain(refused.status);
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    const stored = await api.item(`CUSTOMER#${customer.id}`, 'PROFILE');
    expect(stored).toMatchObject({ version: 2, region: applied[0]?.body.region });
    const updates = (await api.partition(`CUSTOMER#${customer.id}`)).filter(
      (item) => item.entityType === 'event' && item.type === 'customer.updated',
    );
    expect(updates).toHaveLength(1);
  });
});

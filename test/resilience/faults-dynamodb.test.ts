import { randomUUID } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, dynamoClient, tableName } from '../../shared/store/client.ts';
import { aComplaint, aSubmitter, uniqueEmail } from '../support/builders.ts';
import {
  type Accepted,
  casesFrom,
  dynamoThrottling,
  expectNoDuplicateMail,
  expectRetryLater,
  expectStoredWithOneWorkflow,
  type FaultPlan,
  idempotencyWrite,
  storedEventsOf,
  storesCase,
  withFault,
  writesEvent,
} from '../support/faults.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { anInvestigation, eventually, type TaskSummary, taskFor } from '../support/workflow.ts';

let api: TestRuntime;
beforeAll(async () => {
  api = await startTestRuntime({ seed: false });
});
afterAll(async () => api.stop());

/** Runs `request` while `plan` is in, and checks how many calls or attempts met the fault. */
async function underFault<T>(plan: FaultPlan, hits: number, request: () => Promise<T>): Promise<T> {
  return withFault(dynamoClient(), plan, async (fault) => {
    const answer = await request();
    expect(fault.hits).toBe(hits);
    return answer;
  });
}

/** One complaint form, sent (and resent) with one Idempotency-Key. */
function aSubmission() {
  const email = uniqueEmail('throttled');
  const body = aComplaint({ batch: `B-${randomUUID().slice(0, 8)}`, submitter: aSubmitter({ email }) });
  const headers = { 'Idempotency-Key': randomUUID() };
  const send = () =>
    api.request<{ id: string; reference: string }>('POST', '/v1/complaints', { body, headers });
  return { email, send };
}

const acceptedFrom = (
  response: Awaited<ReturnType<ReturnType<typeof aSubmission>['send']>>,
  email: string,
): Accepted => {
  expect(response.status).toBe(201);
  return { id: response.body.id, reference: response.body.reference, email };
};

/** The idempotency records stored so far (to tell a test's own from earlier ones). */
const idempotencyRecords = async () => new Set((await api.partition('IDEMPOTENCY')).map((r) => String(r.sk)));

/** Idempotency records, other than `earlier`, still in progress (a retry with their key gets 409). */
const inProgressRecords = async (earlier: ReadonlySet<string>) =>
  (await api.partition('IDEMPOTENCY')).filter(
    (record) => record.status === 'INPROGRESS' && !earlier.has(String(record.sk)),
  );

/** Moves a record's in-progress expiry to the past, as time would, instead of waiting it out. */
const expireInProgress = (record: Record<string, unknown> | undefined) =>
  documentClient().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: { pk: record?.pk, sk: record?.sk },
      UpdateExpression: 'SET in_progress_expiration = :past',
      ExpressionAttributeValues: { ':past': Date.now() - 1000 },
    }),
  );

/** Nothing of the submission is stored: no case, no mail, no idempotency record in progress. */
async function expectNothingStored(email: string) {
  expect(await casesFrom(api, email)).toEqual([]);
  const mail = await api.indexPartition('gsi1', 'MAIL#PENDING');
  expect(mail.filter((item) => JSON.stringify(item).includes(email))).toEqual([]);
  expect(await api.emailsTo(email)).toEqual([]);
}

describe('DynamoDB throttling on intake', () => {
  it("absorbs a short burst with the SDK's own retries: 201, the case stored once with one workflow and one acknowledgement", async () => {
    const { email, send } = aSubmission();

    const response = await withFault(
      dynamoClient(),
      { on: storesCase, error: dynamoThrottling.throttling, per: 'attempt', times: 2 },
      async (caseWrite) =>
        withFault(
          dynamoClient(),
          {
            on: idempotencyWrite('PutItemCommand'),
            error: dynamoThrottling.provisioned,
            per: 'attempt',
            times: 1,
          },
          async (keyWrite) => {
            const sent = await send();
            expect(caseWrite.hits).toBe(2);
            expect(keyWrite.hits).toBe(1);
            return sent;
          },
        ),
    );

    const accepted = acceptedFrom(response, email);
    await expectStoredWithOneWorkflow(api, accepted);
    expect(await casesFrom(api, email)).toHaveLength(1);
    await eventually('the acknowledgement', async () => (await api.emailsTo(email)).length > 0);
    expect(await api.emailsTo(email)).toHaveLength(1);
  });

  it('answers 503 with Retry-After and stores nothing while the case write stays throttled; the retry with the same key stores it once', async () => {
    const { email, send } = aSubmission();
    const earlier = await idempotencyRecords();

    // The SDK tries four times (maxAttempts 4) before giving up.
    const refused = await underFault(
      { on: storesCase, error: dynamoThrottling.provisioned, per: 'attempt' },
      4,
      send,
    );

    expectRetryLater(refused);
    await expectNothingStored(email);
    expect(await inProgressRecords(earlier)).toEqual([]);

    const accepted = acceptedFrom(await send(), email);
    const replay = await send();

    expect(replay.status).toBe(201);
    expect(replay.body.id).toBe(accepted.id);
    await expectStoredWithOneWorkflow(api, accepted);
    expect(await casesFrom(api, email)).toHaveLength(1);
    await eventually('the acknowledgement', async () => (await api.emailsTo(email)).length > 0);
    await expectNoDuplicateMail(api, accepted);
  });

  it('answers 503 when the idempotency record itself cannot be written, and nothing runs', async () => {
    const { email, send } = aSubmission();

    const refused = await underFault(
      { on: idempotencyWrite('PutItemCommand'), error: dynamoThrottling.throttling },
      1,
      send,
    );

    expectRetryLater(refused);
    await expectNothingStored(email);
    const accepted = acceptedFrom(await send(), email);
    await expectStoredWithOneWorkflow(api, accepted);
  });

  it('answers 503 for a throttled transaction even when the idempotency record cannot be released; the key is busy (409) until its in-progress time ends, then the retry stores the case once', async () => {
    const { email, send } = aSubmission();
    const earlier = await idempotencyRecords();

    const refused = await withFault(
      dynamoClient(),
      { on: storesCase, error: dynamoThrottling.transaction },
      async (caseWrite) =>
        withFault(
          dynamoClient(),
          { on: idempotencyWrite('DeleteItemCommand'), error: dynamoThrottling.provisioned },
          async (release) => {
            const answer = await send();
            // A cancelled transaction is not retried by the SDK.
            expect(caseWrite.hits).toBe(1);
            expect(release.hits).toBe(1);
            return answer;
          },
        ),
    );

    expectRetryLater(refused);
    await expectNothingStored(email);
    const [stuck] = await inProgressRecords(earlier);
    expect(stuck).toBeDefined();

    const busy = await send();
    expect(busy.status).toBe(409);
    expect(busy.headers.get('retry-after')).toBe('1');
    expect(busy.body).toMatchObject({ type: '/v1/docs#problem-idempotency-in-progress' });
    await expectNothingStored(email);

    // The record is in progress for the API function's remaining time (29 s locally, 25 s in
    // AWS). Instead of waiting, its in-progress expiry is moved to the past, as time would.
    await expireInProgress(stuck);
    const accepted = acceptedFrom(await send(), email);

    await expectStoredWithOneWorkflow(api, accepted);
    expect(await casesFrom(api, email)).toHaveLength(1);
    expect(await inProgressRecords(earlier)).toEqual([]);
  });

  // Powertools runs the intake, then cannot mark the key completed: the stored case is still
  // answered 201, and a retry after the in-progress time finds the case's claim, not a new case.
  it('answers 201 once the case is stored even if the idempotency record cannot be completed, and a retry never stores it twice', async () => {
    const { email, send } = aSubmission();
    const earlier = await idempotencyRecords();

    const response = await withFault(
      dynamoClient(),
      { on: idempotencyWrite('UpdateItemCommand'), error: dynamoThrottling.provisioned, per: 'attempt' },
      async () => send(),
    );

    const accepted = acceptedFrom(response, email);
    await expectStoredWithOneWorkflow(api, accepted);
    const retry = await send();
    expect([201, 409]).toContain(retry.status);
    expect(await casesFrom(api, email)).toHaveLength(1);

    // Past the in-progress time the retry runs the intake again: the claim answers with the case.
    const [stuck] = await inProgressRecords(earlier);
    expect(stuck).toBeDefined();
    await expireInProgress(stuck);
    const rerun = await send();
    expect(rerun.status).toBe(201);
    expect(rerun.body).toMatchObject({ id: accepted.id, reference: accepted.reference });
    expect(await casesFrom(api, email)).toHaveLength(1);
  });
});

describe('DynamoDB throttling on a staff task completion', () => {
  /** A complaint waiting for Quality's investigation. */
  async function anInvestigationTask(): Promise<TaskSummary> {
    const { email, send } = aSubmission();
    const accepted = acceptedFrom(await send(), email);
    return taskFor(api, accepted.id, 'investigation', 'quality');
  }

  const completion = (task: TaskSummary, key: string) => async () =>
    api.request('POST', `/v1/tasks/${task.taskId}`, {
      token: await api.token('quality'),
      body: anInvestigation(),
      headers: { 'Idempotency-Key': key },
    });

  /** The workflow moved on once: one decision recorded, one production approval task. */
  async function expectAdvancedOnce(task: TaskSummary) {
    await taskFor(api, task.complaintId, 'productionApproval', 'production');
    expect(await storedEventsOf(api, task.complaintId, 'investigation.decided')).toHaveLength(1);
    expect(await storedEventsOf(api, task.complaintId, 'task.opened')).toHaveLength(2);
  }

  it("completes through a short burst (the SDK's retries) and moves the workflow on once", async () => {
    const task = await anInvestigationTask();

    const response = await underFault(
      {
        on: writesEvent('investigation.decided'),
        error: dynamoThrottling.provisioned,
        per: 'attempt',
        times: 2,
      },
      2,
      completion(task, randomUUID()),
    );

    expect(response.status).toBe(200);
    await expectAdvancedOnce(task);
  });

  it('answers 503 with Retry-After and changes nothing while the decision stays throttled; the retry with the same key completes it once', async () => {
    const task = await anInvestigationTask();
    const complete = completion(task, randomUUID());
    const before = await api.item(`CASE#${task.complaintId}`, 'CASE');
    const earlier = await idempotencyRecords();

    const refused = await withFault(
      dynamoClient(),
      { on: writesEvent('investigation.decided'), error: dynamoThrottling.transaction },
      async () => complete(),
    );

    expectRetryLater(refused);
    expect(await api.item(`CASE#${task.complaintId}`, 'CASE')).toEqual(before);
    expect(await api.item(`TASK#${task.taskId}`, 'TASK')).toMatchObject({ status: 'open' });
    expect(await inProgressRecords(earlier)).toEqual([]);

    const done = await complete();
    const replay = await complete();

    expect(done.status).toBe(200);
    expect(replay.status).toBe(200);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    await expectAdvancedOnce(task);
  });
});

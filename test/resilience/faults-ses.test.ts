import { randomUUID } from 'node:crypto';
import { sesClient } from '../../shared/mail/ses.ts';
import { aComplaint, aSubmitter, uniqueEmail } from '../support/builders.ts';
import {
  type Accepted,
  type EndpointFailure,
  expectNoDuplicateMail,
  expectStoredWithOneWorkflow,
  type FailingEndpoint,
  mailCounts,
  mailsAboutCase,
  pendingMailOf,
  redirectClient,
  startFailingEndpoint,
} from '../support/faults.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { runJob } from '../support/survey-jobs.ts';
import { taskFor } from '../support/workflow.ts';

let api: TestRuntime;
beforeAll(async () => {
  api = await startTestRuntime({ seed: false });
});
afterAll(async () => api.stop());

/** The mails a web complaint causes up to its first task: its own two, the workflow's two. */
const purposes = ['ack', 'staff-notification', 'complaint-report', 'task'];

async function submit(): Promise<Accepted & { ms: number }> {
  const email = uniqueEmail('ses-fault');
  const started = performance.now();
  const response = await api.request<{ id: string; reference: string }>('POST', '/v1/complaints', {
    body: aComplaint({ batch: `B-${randomUUID().slice(0, 8)}`, submitter: aSubmitter({ email }) }),
    headers: { 'Idempotency-Key': randomUUID() },
  });
  expect(response.status).toBe(201);
  return { ...response.body, email, ms: performance.now() - started };
}

/** SES answers every request of the shared client with `failure` while `work` runs. */
async function whileSesFails<T>(failure: EndpointFailure, work: (endpoint: FailingEndpoint) => Promise<T>) {
  const endpoint = await startFailingEndpoint(failure);
  const redirect = redirectClient(sesClient(), endpoint);
  try {
    return await work(endpoint);
  } finally {
    redirect.remove();
    await endpoint.close();
  }
}

/**
 * After SES recovered: the outbox job (run past the requests' one-minute lease, twice) sends
 * every staged mail exactly once, and the second run has nothing left.
 */
async function expectOutboxSendsEachOnce(accepted: Accepted) {
  const asOf = new Date(Date.now() + 120_000).toISOString();
  const first = await runJob<{ sent: number; failed: number }>(api, 'mail-outbox', asOf);
  const second = await runJob<{ sent: number; failed: number }>(api, 'mail-outbox', asOf);

  expect(first).toMatchObject({ sent: purposes.length, failed: 0 });
  expect(second).toMatchObject({ sent: 0, failed: 0 });
  expect(await pendingMailOf(api, accepted.id)).toEqual([]);
  for (const suffix of ['ack', 'staff', 'report']) {
    expect(await api.item(`MAIL#${accepted.id}-${suffix}`, 'MAIL')).toMatchObject({ status: 'sent' });
  }
  expect(await api.emailsTo(accepted.email)).toHaveLength(1);
  // The customer, the after-sales mailbox, Quality (report and task) and the factory's Quality.
  expect((await mailCounts(api, accepted)).size).toBe(5);
  await expectNoDuplicateMail(api, accepted);
}

describe.each<[EndpointFailure, string]>([
  ['throttle', '429 TooManyRequestsException'],
  ['error', '500 InternalFailure'],
])('SES answering %s (%s) during intake and the first workflow steps', (failure) => {
  it('accepts the complaint, keeps every mail pending, and the outbox job sends each exactly once after SES recovers', async () => {
    const accepted = await whileSesFails(failure, async (endpoint) => {
      const submitted = await submit();
      // The workflow goes on without mail: the investigation task opens.
      await taskFor(api, submitted.id, 'investigation', 'quality');
      expect(endpoint.requests).toBeGreaterThan(0);
      return submitted;
    });

    await expectStoredWithOneWorkflow(api, accepted);
    expect(await mailsAboutCase(api, accepted)).toEqual([]);
    const pending = (await pendingMailOf(api, accepted.id)).map((mail) => mail.purpose).sort();
    expect(pending).toEqual([...purposes].sort());

    await expectOutboxSendsEachOnce(accepted);
  });
});

describe('SES hanging (no answer at all) during intake', () => {
  it('answers 201 within one mail timeout, not one per mail, and the outbox job sends each mail exactly once later', async () => {
    const accepted = await whileSesFails('hang', async (endpoint) => {
      const submitted = await submit();
      expect(endpoint.requests).toBeGreaterThan(0);
      return submitted;
    });

    // One send times out (5 s, tried twice: about 10 s); the staff notice is left to the outbox
    // at once. Trying both would take over 20 s, close to the API function's 25 s.
    expect(accepted.ms).toBeLessThan(18_000);
    await taskFor(api, accepted.id, 'investigation', 'quality');
    await expectStoredWithOneWorkflow(api, accepted);
    expect(await api.emailsTo(accepted.email)).toEqual([]);

    const asOf = new Date(Date.now() + 120_000).toISOString();
    await runJob(api, 'mail-outbox', asOf);
    await runJob(api, 'mail-outbox', asOf);

    expect(await pendingMailOf(api, accepted.id)).toEqual([]);
    expect(await api.emailsTo(accepted.email)).toHaveLength(1);
    expect((await mailCounts(api, accepted)).size).toBe(5);
    await expectNoDuplicateMail(api, accepted);
  }, 60_000);
});

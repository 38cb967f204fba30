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
  pastMailInDoubt,
  pendingMailOf,
  redirectClient,
  sendersDone,
  startFailingEndpoint,
  withFault,
} from '../support/faults.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { runJob } from '../support/survey-jobs.ts';
import { eventually, taskFor } from '../support/workflow.ts';

let api: TestRuntime;
beforeAll(async () => {
  api = await startTestRuntime({ seed: false });
});
afterAll(async () => api.stop());

/** The mails a web complaint causes up to its first task: its own two, the workflow's two. */
const purposes = ['ack', 'staff-notification', 'complaint-report', 'task'];

async function submit(email = uniqueEmail('ses-fault')): Promise<Accepted & { ms: number }> {
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
 * After SES recovered: the outbox job (run now, twice) sends every staged mail exactly once,
 * and the second run has nothing left. SES answered every refusal, so no mail is in doubt.
 */
async function expectOutboxSendsEachOnce(accepted: Accepted) {
  const asOf = new Date().toISOString();
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
      await sendersDone(api, submitted.id);
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

    // One send times out (5 s, not retried: SES may have taken it); the staff notice is left to
    // the outbox at once. Trying both would take 10 s or more of the API function's 25 s.
    expect(accepted.ms).toBeLessThan(18_000);
    await taskFor(api, accepted.id, 'investigation', 'quality');
    await expectStoredWithOneWorkflow(api, accepted);
    expect(await api.emailsTo(accepted.email)).toEqual([]);

    // The acknowledgement's send timed out: SES may have taken it, so it is in doubt, and
    // the outbox leaves it until SES's send event would have marked it sent.
    expect(await runJob(api, 'mail-outbox', new Date(Date.now() + 120_000).toISOString())).toMatchObject({
      failed: 0,
    });
    expect((await pendingMailOf(api, accepted.id)).map((mail) => mail.purpose)).toEqual(['ack']);
    expect(await api.emailsTo(accepted.email)).toEqual([]);
    // No event came (the hanging SES took nothing): past the doubt, it is sent once.
    expect(await runJob(api, 'mail-outbox', pastMailInDoubt())).toMatchObject({ failed: 0 });
    expect(await runJob(api, 'mail-outbox', pastMailInDoubt())).toMatchObject({ sent: 0 });

    expect(await pendingMailOf(api, accepted.id)).toEqual([]);
    expect(await api.emailsTo(accepted.email)).toHaveLength(1);
    expect((await mailCounts(api, accepted)).size).toBe(5);
    await expectNoDuplicateMail(api, accepted);
  }, 60_000);
});

describe("SES took the acknowledgement, but its answer was lost (the sender's crash, a dropped connection)", () => {
  it('the send event marks it sent, and the outbox never sends a second one', async () => {
    const email = uniqueEmail('ses-lost-answer');
    const accepted = await withFault(
      sesClient(),
      {
        on: (command, input) => command === 'SendEmailCommand' && input.includes(email),
        error: () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
        when: 'after',
        times: 1,
      },
      async (fault) => {
        const submitted = await submit(email);
        expect(fault.hits).toBe(1);
        return submitted;
      },
    );
    const ack = () => api.item(`MAIL#${accepted.id}-ack`, 'MAIL');

    await eventually(
      'the send event to mark the acknowledgement sent',
      async () => (await ack())?.status === 'sent',
    );
    expect(await ack()).toMatchObject({ status: 'sent', sentPerEvent: true });
    await runJob(api, 'mail-outbox', pastMailInDoubt());
    expect(await api.emailsTo(email)).toHaveLength(1);
    await expectNoDuplicateMail(api, accepted);
  });
});

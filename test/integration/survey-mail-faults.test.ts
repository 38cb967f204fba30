import { SESv2Client, SendEmailCommand, type SendEmailCommandOutput } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { capturedEmails } from '../../local/ses.ts';
import { sesClient } from '../../shared/mail/ses.ts';
import type { SurveyRecord } from '../../shared/schemas/surveys.ts';
import { planSurvey, surveyIdFor } from '../../shared/store/surveys.ts';
import { aCustomer, uniqueEmail } from '../support/builders.ts';
import { sesRefusal } from '../support/faults.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { putTestOffices, runJob } from '../support/survey-jobs.ts';

/** 10 customers with 20 contacts each: 200 contacts, one survey each. */
const CUSTOMERS = 10;
const CONTACTS = 20;
const SURVEYS = CUSTOMERS * CONTACTS;
const dueAt = '2027-01-05T01:00:00.000Z';

let api: TestRuntime;
beforeAll(async () => {
  api = await startTestRuntime({ seed: false });
  await putTestOffices();
});
afterAll(async () => api.stop());

/** Runs `work` over `items`, 20 at a time. */
async function inChunks<T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += 20) {
    results.push(...(await Promise.all(items.slice(start, start + 20).map(work))));
  }
  return results;
}

/** Customers through the API, then one NPS survey per contact straight into the store. */
async function plannedSurveys(): Promise<{ survey: SurveyRecord; email: string }[]> {
  const staff = await api.token('customer-service');
  const customers = await inChunks(
    Array.from({ length: CUSTOMERS }, (_, i) => i),
    async () => {
      const contacts = Array.from({ length: CONTACTS }, (_, i) => ({
        name: `联系人 ${i + 1}`,
        email: uniqueEmail('fault'),
        primary: i === 0,
      }));
      const response = await api.request<{ id: string }>('POST', '/v1/customers', {
        token: staff,
        body: aCustomer({ contacts }),
      });
      if (response.status !== 201) throw new Error(`customer refused: ${response.text}`);
      return { id: response.body.id, emails: contacts.map((contact) => contact.email) };
    },
  );
  const planned = customers.flatMap((customer) =>
    customer.emails.map((email, i) => {
      const occurrence = `nps#${customer.id}#contact-${i}`;
      const survey: SurveyRecord = {
        id: surveyIdFor(occurrence),
        kind: 'nps',
        occurrence,
        customerId: customer.id,
        organization: '示例市教育局',
        officeId: 'gz',
        tier: 'regular',
        language: 'zh-CN',
        contactName: `联系人 ${i + 1}`,
        contactEmail: email,
        status: 'scheduled',
        createdAt: dueAt,
        dueAt,
        postponements: 0,
        version: 1,
      };
      return { survey, email };
    }),
  );
  await inChunks(planned, ({ survey }) => planSurvey(survey));
  return planned;
}

describe('survey mail while SES fails', () => {
  it('sends each of 200 surveys exactly once when SES refuses one send in three for a while', async () => {
    const planned = await plannedSurveys();

    // Fault injection on the shared SES client: while `failing`, one call in three is refused
    // before it reaches SES (throttled); the others go on to the local SES stand-in.
    const client = sesClient();
    const realSend = SESv2Client.prototype.send.bind(client) as (
      command: SendEmailCommand,
    ) => Promise<SendEmailCommandOutput>;
    const ses = mockClient(client);
    let failing = true;
    let calls = 0;
    let refused = 0;
    ses.on(SendEmailCommand).callsFake(async (input) => {
      calls += 1;
      if (failing && calls % 3 === 1) {
        refused += 1;
        throw sesRefusal('TooManyRequestsException', 'Maximum sending rate exceeded.', 429);
      }
      return realSend(new SendEmailCommand(input));
    });
    let outboxRuns = 0;
    try {
      expect(await runJob(api, 'survey-mail', dueAt)).toMatchObject({
        due: SURVEYS,
        sent: SURVEYS,
        failed: 0,
      });
      expect((await api.indexPartition('gsi1', 'MAIL#PENDING')).length).toBe(Math.ceil(SURVEYS / 3));
      // One outbox run still inside the outage, then SES recovers.
      await runJob(api, 'mail-outbox');
      outboxRuns += 1;
      failing = false;
      while ((await api.indexPartition('gsi1', 'MAIL#PENDING')).length > 0 && outboxRuns < 10) {
        await runJob(api, 'mail-outbox');
        outboxRuns += 1;
      }
    } finally {
      ses.restore();
    }

    expect(refused).toBeGreaterThan(SURVEYS / 3);
    expect(await api.indexPartition('gsi1', 'MAIL#PENDING')).toHaveLength(0);
    // Each contact received exactly one email: none lost, none twice.
    const addresses = new Set(planned.map(({ email }) => email));
    const received = new Map<string, number>();
    for (const mail of await capturedEmails(api.runtime.sesEndpoint)) {
      for (const to of mail.destination.to) {
        if (addresses.has(to)) received.set(to, (received.get(to) ?? 0) + 1);
      }
    }
    expect(received.size).toBe(SURVEYS);
    expect([...received.values()].filter((count) => count !== 1)).toEqual([]);
    const stored = await inChunks(planned, async ({ survey }) => ({
      survey: await api.item(`SURVEY#${survey.id}`, 'SURVEY'),
      mail: await api.item(`MAIL#survey-${survey.id}`, 'MAIL'),
    }));
    expect(stored.filter(({ survey }) => survey?.status !== 'sent')).toEqual([]);
    expect(stored.filter(({ mail }) => mail?.status !== 'sent')).toEqual([]);
    // Nothing is due any more: a further run sends nothing.
    expect(await runJob(api, 'survey-mail', dueAt)).toMatchObject({ due: 0, sent: 0 });
    // About 40 s alone on two cores; room for a busy machine.
  }, 120_000);
});

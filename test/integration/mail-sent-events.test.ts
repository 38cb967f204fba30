import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { localAws } from '../../local/dynamodb.ts';
import { sesEventsSettled } from '../../local/ses.ts';
import type { ReceivedSesEvent } from '../../local/ses-send-events.ts';
import { MAIL_LEASE_MS } from '../../shared/app/deliver-mail.ts';
import { MAIL_ID_TAG, mailIdTag } from '../../shared/mail/mail-tag.ts';
import { sendEmail } from '../../shared/mail/ses.ts';
import { documentClient, tableName } from '../../shared/store/client.ts';
import { pendingMailItem } from '../../shared/store/mail-outbox.ts';
import { uniqueEmail } from '../support/builders.ts';
import { pastMailInDoubt } from '../support/faults.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { runJob } from '../support/survey-jobs.ts';
import { eventually } from '../support/workflow.ts';

// A sender can vanish after SES took its mail and before it marked the mail sent (a crash, a
// lost answer). SES's send event, tagged with the mail's id, marks it sent instead, and the
// outbox leaves a mail in doubt alone until that event had time to come: no second email.

let api: TestRuntime;
beforeAll(async () => {
  api = await startTestRuntime({ seed: false });
});
afterAll(async () => api.stop());

const message = (to: string, id: string) => ({
  to: [to],
  subject: `mail ${id}`,
  text: 'text',
  html: '<p>html</p>',
});

/** A mail stored as a request stores it: pending, held by its sender for the lease. */
async function heldMail(id: string, to: string) {
  const item = pendingMailItem(
    { id, purpose: 'test', message: message(to, id), createdAt: new Date().toISOString() },
    MAIL_LEASE_MS,
  );
  await documentClient().send(new PutCommand({ TableName: tableName(), Item: item }));
}

const mailItem = (id: string) => api.item(`MAIL#${id}`, 'MAIL');

describe('a sender that vanished after SES took its mail', () => {
  const id = `vanished-${Date.now()}`;
  const to = uniqueEmail('vanished');
  let messageId: string;
  beforeAll(async () => {
    await heldMail(id, to);
    // The sender's SES call, and nothing after it: it never marks the mail sent.
    messageId = await sendEmail(message(to, id), id);
  });

  it('has its mail marked sent by the send event, with the message id SES gave', async () => {
    const marked = await eventually('the send event to mark the mail sent', async () => {
      const item = await mailItem(id);
      return item?.status === 'sent' ? item : undefined;
    });

    expect(marked).toMatchObject({ status: 'sent', messageId, sentPerEvent: true });
    expect(marked).not.toHaveProperty('leaseUntil');
    expect(await api.indexPartition('gsi1', 'MAIL#PENDING')).not.toContainEqual(
      expect.objectContaining({ id }),
    );
  });

  it('is not sent again by the outbox, however late it runs', async () => {
    await runJob(api, 'mail-outbox', pastMailInDoubt());

    expect(await api.emailsTo(to)).toHaveLength(1);
  });
});

describe('a mail in doubt whose send event never comes (SES did not take it, or the event was lost)', () => {
  const id = `in-doubt-${Date.now()}`;
  const to = uniqueEmail('in-doubt');
  beforeAll(async () => heldMail(id, to));

  it('is left alone while its sender holds it, and while in doubt after', async () => {
    const afterLease = new Date(Date.now() + MAIL_LEASE_MS + 30_000).toISOString();
    await runJob(api, 'mail-outbox');
    await runJob(api, 'mail-outbox', afterLease);

    expect(await mailItem(id)).toMatchObject({ status: 'pending', attempts: 1 });
    expect(await api.emailsTo(to)).toEqual([]);
  });

  it('is sent once when the doubt is over: an email late, rather than none', async () => {
    await runJob(api, 'mail-outbox', pastMailInDoubt());
    await runJob(api, 'mail-outbox', pastMailInDoubt());

    expect(await mailItem(id)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(await mailItem(id)).not.toHaveProperty('sentPerEvent');
    expect(await api.emailsTo(to)).toHaveLength(1);
  });
});

describe('the mail-sent function', () => {
  const sentEvent = (tags: Record<string, string[]>) => ({
    source: 'aws.ses',
    'detail-type': 'Email Sent',
    detail: { eventType: 'Send', mail: { messageId: 'message-x', tags }, send: {} },
  });
  const deliver = async (event: unknown) =>
    (
      await api.request<{ results: { rule: string; result: Record<string, unknown> }[] }>(
        'POST',
        '/_local/ses-events',
        { body: event },
      )
    ).body.results;

  it('marks a mail once: a repeated event (EventBridge delivers at least once) changes nothing', async () => {
    const id = `repeated-${Date.now()}`;
    await heldMail(id, uniqueEmail('repeated'));
    const tags = { [MAIL_ID_TAG]: [mailIdTag(id)?.Value ?? ''] };

    expect(await deliver(sentEvent(tags))).toEqual([
      { rule: 'mail-sent', result: { outcome: 'recorded', mailId: id } },
    ]);
    const first = await mailItem(id);
    expect(await deliver(sentEvent(tags))).toEqual([
      { rule: 'mail-sent', result: { outcome: 'ignored', why: 'already-recorded', mailId: id } },
    ]);
    expect(await mailItem(id)).toEqual(first);
  });

  it('ignores a send event of mail not sent by the outbox (no mail id), and a malformed one', async () => {
    expect(await deliver(sentEvent({}))).toEqual([
      { rule: 'mail-sent', result: { outcome: 'ignored', why: 'no-mail-id' } },
    ]);
    expect(
      await deliver({ source: 'aws.ses', 'detail-type': 'Email Sent', detail: { eventType: 'Send' } }),
    ).toEqual([{ rule: 'mail-sent', result: { outcome: 'ignored', why: 'malformed' } }]);
  });
});

describe("the SES stand-in's send events", () => {
  const endpoint = () => api.runtime.sesEndpoint;
  const post = async <T>(path: string, body: unknown) =>
    (await (await fetch(`${endpoint()}${path}`, { method: 'POST', body: JSON.stringify(body) })).json()) as T;
  const receive = async (configurationSet: string) =>
    (await post<{ events: ReceivedSesEvent[] }>('/events/receive', { configurationSet })).events;

  it('are published for each mail SES took, with its tags, to the consumer of its configuration set', async () => {
    // Sent with a set no runtime pumps, so the test can read the event itself.
    const set = `inspect-${Date.now()}`;
    const ses = new SESv2Client({
      endpoint: endpoint(),
      region: 'us-east-1',
      credentials: { accessKeyId: localAws.accessKeyId, secretAccessKey: localAws.secretAccessKey },
    });
    const { MessageId } = await ses.send(
      new SendEmailCommand({
        FromEmailAddress: 'aftersales@example.cn',
        ConfigurationSetName: set,
        EmailTags: [{ Name: MAIL_ID_TAG, Value: 'YWJj' }],
        Destination: { ToAddresses: ['li@example.cn'] },
        Content: { Simple: { Subject: { Data: 's' }, Body: { Text: { Data: 't' } } } },
      }),
    );
    ses.destroy();

    expect(await receive('another-set')).toEqual([]);
    const [received, ...more] = await receive(set);
    expect(more).toEqual([]);
    expect(received?.event).toMatchObject({
      source: 'aws.ses',
      'detail-type': 'Email Sent',
      detail: {
        eventType: 'Send',
        mail: {
          messageId: MessageId,
          destination: ['li@example.cn'],
          tags: { 'ses:configuration-set': [set], [MAIL_ID_TAG]: ['YWJj'] },
        },
      },
    });
    // Received and not deleted: not handed out again while its consumer may be handling it.
    expect(await receive(set)).toEqual([]);
    await post('/events/delete', { receipts: [received?.receipt] });
    expect(await sesEventsSettled(endpoint(), set, 1000)).toMatchObject({ waiting: 0, inFlight: 0 });
  });

  it("are all handled by this runtime's pump, for the mail it sends", async () => {
    await sendEmail(message(uniqueEmail('pumped'), 'pumped'), 'pumped');

    expect(await sesEventsSettled(endpoint(), api.runtime.tableName, 10_000)).toMatchObject({
      waiting: 0,
      inFlight: 0,
    });
  });
});

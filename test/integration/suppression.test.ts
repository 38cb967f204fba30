import { PutSuppressedDestinationCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { jest } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { locallySuppressedAddresses } from '../../local/ses.ts';
import { verifyChain } from '../../shared/domain/hash-chain.ts';
import { eventFromItem } from '../../shared/store/audit.ts';
import { documentClient, tableName } from '../../shared/store/client.ts';
import { pendingMailItem } from '../../shared/store/mail-outbox.ts';
import {
  aComplaint,
  aCustomer,
  anInquiry,
  anSesBounce,
  anSesComplaint,
  aSubmitter,
  uniqueEmail,
} from '../support/builders.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';

interface SesEventsResponse {
  results: { rule: string; result: Record<string, unknown> }[];
}
interface CustomerView {
  id: string;
  doNotEmail: boolean;
  version: number;
  timeline: { seq: number; type: string; actor: Record<string, unknown>; data: Record<string, unknown> }[];
}

let api: TestRuntime;
let staff: string;
beforeAll(async () => {
  api = await startTestRuntime();
  staff = await api.token('customer-service');
});
afterAll(async () => api.stop());

const sesEvent = (body: unknown) => api.request<SesEventsResponse>('POST', '/_local/ses-events', { body });
const suppression = (address: string) => api.item(`SUPPRESSED#${address}`, 'SUPPRESSED');
const sesList = () => locallySuppressedAddresses(api.runtime.sesEndpoint);
const customerView = async (id: string) =>
  (await api.request<CustomerView>('GET', `/v1/customers/${id}`, { token: staff })).body;

async function customerWith(email: string): Promise<string> {
  const response = await api.request<{ id: string }>('POST', '/v1/customers', {
    token: staff,
    body: aCustomer({ contacts: [{ name: '赵敏', email, primary: true }] }),
  });
  if (response.status !== 201) throw new Error(`could not create: ${response.text}`);
  return response.body.id;
}

describe('a permanent bounce', () => {
  const address = 'x@example.cn';
  let customerId: string;
  let bounce: Awaited<ReturnType<typeof sesEvent>>;
  beforeAll(async () => {
    customerId = await customerWith(address);
    bounce = await sesEvent({ bounce: 'X@Example.cn' });
  });

  it('is handled by the ses-events function, which suppresses the address', async () => {
    expect(bounce.status).toBe(200);
    expect(bounce.body.results).toEqual([
      {
        rule: 'ses-events',
        result: {
          outcome: 'suppressed',
          reason: 'BOUNCE',
          addresses: [address],
          newlySuppressed: 1,
          customersMarked: [customerId],
        },
      },
    ]);
    expect(await suppression(address)).toMatchObject({
      entityType: 'suppression',
      address,
      reason: 'BOUNCE',
      feedbackId: expect.stringMatching(/^local-/),
      messageId: expect.stringMatching(/^local-/),
    });
    expect(await sesList()).toContain(address);
  });

  it('marks the customer with that contact do-not-email, in its audit trail', async () => {
    const view = await customerView(customerId);

    expect(view.doNotEmail).toBe(true);
    expect(view.version).toBe(2);
    expect(view.timeline.at(-1)).toMatchObject({
      seq: 2,
      type: 'customer.updated',
      actor: { kind: 'system', sub: 'ses-events' },
      data: {
        changes: { doNotEmail: { from: false, to: true } },
        suppression: { address, reason: 'BOUNCE' },
      },
    });
    const events = (await api.partition(`CUSTOMER#${customerId}`)).filter((i) => i.entityType === 'event');
    expect(verifyChain(`CUSTOMER#${customerId}`, events.map(eventFromItem))).toEqual({ intact: true });
  });

  it('makes the next acknowledgement to the address skip it; the staff notice still goes out', async () => {
    const response = await api.request<{ id: string; reference: string }>('POST', '/v1/complaints', {
      body: aComplaint({ submitter: aSubmitter({ email: address }) }),
    });

    expect(response.status).toBe(201);
    const { id, reference } = response.body;
    expect(await api.item(`CASE#${id}`, 'CASE')).toMatchObject({ reference, customerId });
    expect(await api.emailsTo(address)).toEqual([]);
    const ack = await api.item(`MAIL#${id}-ack`, 'MAIL');
    expect(ack).toMatchObject({ status: 'suppressed', suppressedRecipients: [address] });
    expect(ack?.suppressedAt).toEqual(expect.any(String));
    expect(ack?.gsi1pk).toBeUndefined();
    expect(ack?.messageId).toBeUndefined();
    const notices = await api.emailsTo('after-sales@aftersales.local');
    expect(notices.some((mail) => mail.subject.includes(reference))).toBe(true);
    expect(await api.item(`MAIL#${id}-staff`, 'MAIL')).toMatchObject({ status: 'sent' });
  });

  it('is harmless when delivered again', async () => {
    const again = await sesEvent(anSesBounce(address));

    expect(again.body.results[0]?.result).toMatchObject({
      outcome: 'suppressed',
      newlySuppressed: 0,
      customersMarked: [],
    });
    expect((await customerView(customerId)).version).toBe(2);
    expect(await suppression(address)).toMatchObject({
      reason: 'BOUNCE',
      feedbackId: expect.stringMatching(/^local-/),
    });
  });
});

describe('a complaint', () => {
  it('suppresses the address and marks the customer; the same event twice writes once', async () => {
    const address = uniqueEmail('complainer');
    const customerId = await customerWith(address);
    const event = anSesComplaint(address);

    const first = await sesEvent(event);
    const second = await sesEvent(event);

    expect(first.body.results[0]?.result).toMatchObject({
      outcome: 'suppressed',
      reason: 'COMPLAINT',
      newlySuppressed: 1,
      customersMarked: [customerId],
    });
    expect(second.body.results[0]?.result).toMatchObject({ newlySuppressed: 0, customersMarked: [] });
    expect(await suppression(address)).toMatchObject({ reason: 'COMPLAINT' });
    expect(await sesList()).toContain(address);
    const events = (await api.partition(`CUSTOMER#${customerId}`)).filter((i) => i.entityType === 'event');
    expect(events.map((e) => e.type)).toEqual(['customer.created', 'customer.updated']);
  });
});

describe('a transient bounce', () => {
  it('suppresses nothing: the next acknowledgement is sent', async () => {
    const address = uniqueEmail('mailbox-full');
    const customerId = await customerWith(address);

    const response = await sesEvent({ bounce: address, bounceType: 'Transient' });
    const inquiry = await api.request<{ id: string }>('POST', '/v1/inquiries', {
      body: anInquiry({ submitter: aSubmitter({ email: address }) }),
    });

    expect(response.body.results[0]?.result).toEqual({ outcome: 'ignored', why: 'not-permanent' });
    expect(await suppression(address)).toBeUndefined();
    expect(await sesList()).not.toContain(address);
    expect((await customerView(customerId)).doNotEmail).toBe(false);
    expect(await api.emailsTo(address)).toHaveLength(1);
    expect(await api.item(`MAIL#${inquiry.body.id}-ack`, 'MAIL')).toMatchObject({ status: 'sent' });
  });
});

describe('a malformed event', () => {
  it('is dropped by the handler, not failed (so it is not retried)', async () => {
    const response = await sesEvent({ ...anSesBounce('a@example.cn'), detail: { eventType: 'Bounce' } });

    expect(response.status).toBe(200);
    expect(response.body.results[0]?.result).toEqual({ outcome: 'ignored', why: 'malformed' });
  });
});

describe('the outbox', () => {
  /** A pending mail whose last attempt failed: held by no sender, as the outbox job finds it. */
  async function pendingMail(id: string, to: string[]) {
    const { leaseUntil: _released, ...item } = pendingMailItem(
      {
        id,
        purpose: 'test',
        message: { to, subject: `mail ${id}`, text: 'text', html: '<p>html</p>' },
        createdAt: new Date(Date.now() - 120_000).toISOString(),
      },
      60_000,
    );
    await documentClient().send(new PutCommand({ TableName: tableName(), Item: item }));
  }

  it('sends to the recipients that are not suppressed and records the ones it left out', async () => {
    const [kept, suppressed] = [uniqueEmail('kept'), uniqueEmail('gone')];
    const named = `赵敏 <${suppressed.toUpperCase()}>`;
    await sesEvent({ complaint: suppressed });
    await pendingMail('partly', [kept, named]);
    await pendingMail('wholly', [suppressed]);

    const run = await api.request<{ result: Record<string, number> }>(
      'POST',
      '/_local/schedules/mail-outbox',
    );

    expect(run.body.result).toMatchObject({ sent: 1, suppressed: 1, failed: 0 });
    expect(await api.emailsTo(kept)).toHaveLength(1);
    expect(await api.emailsTo(suppressed)).toEqual([]);
    expect(await api.emailsTo(named)).toEqual([]);
    expect(await api.item('MAIL#partly', 'MAIL')).toMatchObject({
      status: 'sent',
      suppressedRecipients: [named],
    });
    expect(await api.item('MAIL#wholly', 'MAIL')).toMatchObject({
      status: 'suppressed',
      suppressedRecipients: [suppressed],
    });
    expect(await api.indexPartition('gsi1', 'MAIL#PENDING')).toEqual([]);
  });
});

describe('staff clearing do-not-email', () => {
  it('lifts the suppression of the contact addresses, here and at SES, and mail flows again', async () => {
    const address = uniqueEmail('returned');
    const customerId = await customerWith(address);
    await sesEvent({ bounce: address });

    const response = await api.request<CustomerView>('PATCH', `/v1/customers/${customerId}`, {
      token: staff,
      body: { doNotEmail: false },
    });
    await api.request('POST', '/v1/inquiries', {
      body: anInquiry({ submitter: aSubmitter({ email: address }) }),
    });

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ doNotEmail: false, version: 3 });
    expect(await suppression(address)).toBeUndefined();
    expect(await sesList()).not.toContain(address);
    expect((await customerView(customerId)).timeline.at(-1)).toMatchObject({
      type: 'customer.updated',
      actor: { kind: 'staff', roles: ['customer-service'] },
      data: { changes: { doNotEmail: { from: true, to: false } }, liftedSuppressions: [address] },
    });
    expect(await api.emailsTo(address)).toHaveLength(1);
  });

  it('cannot set it: only bounces and complaints do', async () => {
    const customerId = await customerWith(uniqueEmail());

    const response = await api.request<{ errors: { field: string }[] }>(
      'PATCH',
      `/v1/customers/${customerId}`,
      {
        token: staff,
        body: { doNotEmail: true },
      },
    );

    expect(response.status).toBe(422);
    expect(response.body.errors.map((e) => e.field)).toEqual(['doNotEmail']);
  });
});

describe('when SES refuses the suppression', () => {
  it('fails the event so that EventBridge retries it, with the address already suppressed here', async () => {
    const address = uniqueEmail('retry');
    // Fault injection only: the SES suppression list is unavailable for the first delivery.
    const ses = mockClient(SESv2Client);
    ses
      .on(PutSuppressedDestinationCommand)
      .rejects(Object.assign(new Error('SES is down'), { name: 'ServiceUnavailableException' }));
    // The local gateway reports the handler's error on the console, as Lambda would log it.
    const consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    let failed: Awaited<ReturnType<typeof sesEvent>>;
    try {
      failed = await sesEvent({ bounce: address });
    } finally {
      ses.restore();
      consoleError.mockRestore();
    }
    const retried = await sesEvent({ bounce: address });

    expect(failed.status).toBe(500);
    expect(retried.body.results[0]?.result).toMatchObject({ outcome: 'suppressed', newlySuppressed: 0 });
    expect(await suppression(address)).toMatchObject({ reason: 'BOUNCE' });
    expect(await sesList()).toContain(address);
  });
});

import type { ServiceInputTypes, ServiceOutputTypes } from '@aws-sdk/client-dynamodb';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { InitializeMiddleware } from '@smithy/types';
import { mockClient } from 'aws-sdk-client-mock';
import { dynamoClient } from '../../shared/store/client.ts';
import { aComplaint, anInquiry, aSubmitter, uniqueEmail } from '../support/builders.ts';
import { sesRefusal } from '../support/faults.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';

let api: TestRuntime;
beforeAll(async () => {
  api = await startTestRuntime({ seed: false });
});
afterAll(async () => api.stop());

describe('mail outbox', () => {
  it('stores the case when SES is down and sends the acknowledgement exactly once when the job runs later', async () => {
    const email = uniqueEmail();
    // Fault injection only: SES refuses every send while the case is submitted.
    const ses = mockClient(SESv2Client);
    ses.on(SendEmailCommand).rejects(sesRefusal('ServiceUnavailableException', 'SES is down', 503));
    let response: Awaited<ReturnType<TestRuntime['request']>>;
    try {
      // An inquiry: no workflow runs beside it, so the outbox holds only this case's mail.
      response = await api.request<{ id: string }>('POST', '/v1/inquiries', {
        body: anInquiry({ submitter: aSubmitter({ email }) }),
      });
    } finally {
      ses.restore();
    }

    expect(response.status).toBe(201);
    const id = (response.body as { id: string }).id;
    expect(await api.item(`CASE#${id}`, 'CASE')).toBeDefined();
    expect(await api.item(`MAIL#${id}-ack`, 'MAIL')).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: 'ServiceUnavailableException',
    });
    expect(await api.emailsTo(email)).toHaveLength(0);

    const firstRun = await api.request<{ result: { sent: number } }>('POST', '/_local/schedules/mail-outbox');
    const secondRun = await api.request<{ result: { sent: number } }>(
      'POST',
      '/_local/schedules/mail-outbox',
    );

    expect(firstRun.body.result.sent).toBeGreaterThanOrEqual(2);
    expect(secondRun.body.result.sent).toBe(0);
    expect(await api.emailsTo(email)).toHaveLength(1);
    expect(await api.item(`MAIL#${id}-ack`, 'MAIL')).toMatchObject({ status: 'sent', attempts: 2 });
    expect(await api.indexPartition('gsi1', 'MAIL#PENDING')).toHaveLength(0);
  });

  it('answers 503 with Retry-After and stores nothing when DynamoDB is throttling', async () => {
    const email = uniqueEmail();
    // Fault injection: the shared client refuses every transaction as throttled.
    const throttle: InitializeMiddleware<ServiceInputTypes, ServiceOutputTypes> =
      (next, context) => async (args) => {
        if (context.commandName === 'TransactWriteItemsCommand') {
          throw Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), {
            name: 'ThrottlingException',
          });
        }
        return next(args);
      };
    dynamoClient().middlewareStack.add(throttle, { step: 'initialize', name: 'injectThrottling' });
    let response: Awaited<ReturnType<TestRuntime['request']>>;
    try {
      response = await api.request('POST', '/v1/complaints', {
        body: aComplaint({ submitter: aSubmitter({ email }) }),
      });
    } finally {
      dynamoClient().middlewareStack.remove('injectThrottling');
    }

    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(response.text).not.toMatch(/Throttling|throughput|DynamoDB/);
    const stored = (await api.indexPartition('gsi1', 'CASES#complaint')).filter(
      (c) => (c.submitter as { email?: string }).email === email,
    );
    expect(stored).toHaveLength(0);
    expect(await api.emailsTo(email)).toHaveLength(0);
  });
});

import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './client.ts';

/** A rendered email, stored before it is sent so that a failed send is retried, never lost. */
export interface MailMessage {
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /**
   * Extra message headers (SES v2 `Content.Simple.Headers`), e.g. `List-Unsubscribe` and
   * `List-Unsubscribe-Post` (RFC 8058) on survey mail. ASCII only.
   */
  readonly headers?: readonly MailHeader[];
}

/** One extra header of a mail. */
export interface MailHeader {
  readonly name: string;
  readonly value: string;
}

export interface OutboxMail {
  readonly id: string;
  /** What the mail is for, e.g. `ack` or `staff-notification`; with `caseId` it names the mail. */
  readonly purpose: string;
  readonly caseId?: string;
  readonly message: MailMessage;
  /** `suppressed`: not sent, every recipient is suppressed (bounced or complained). */
  readonly status: 'pending' | 'sent' | 'failed' | 'suppressed';
  readonly attempts: number;
  readonly createdAt: string;
  readonly sentAt?: string;
  readonly messageId?: string;
  /** Recipients left out because they are suppressed: all of them when `suppressed`, else some. */
  readonly suppressedRecipients?: readonly string[];
  readonly suppressedAt?: string;
}

/** After this many failed attempts a mail is marked failed and left for a person to look at. */
export const MAX_MAIL_ATTEMPTS = 10;
const PENDING = 'MAIL#PENDING';
const mailKey = (id: string) => ({ pk: `MAIL#${id}`, sk: 'MAIL' });

/**
 * The item of a new pending mail, to be written in the same transaction as the case it
 * belongs to. It is stored already leased to the writer, who sends it right after the
 * transaction: no claim round-trip, and the outbox job leaves it alone until the lease ends.
 */
export function pendingMailItem(
  mail: Omit<OutboxMail, 'status' | 'attempts'>,
  leaseMs: number,
): Record<string, unknown> {
  return {
    ...mailKey(mail.id),
    entityType: 'mail',
    ...mail,
    status: 'pending',
    attempts: 1,
    leaseUntil: new Date(Date.parse(mail.createdAt) + leaseMs).toISOString(),
    gsi1pk: PENDING,
    gsi1sk: `${mail.createdAt}#${mail.id}`,
  };
}

const isConditionFailure = (error: unknown) =>
  error instanceof Error && error.name === 'ConditionalCheckFailedException';

/**
 * Takes a pending mail for sending for `leaseMs`: concurrent senders (the request that
 * stored it, the outbox job) cannot both take it. Undefined when it is sent or taken.
 */
export async function claimMail(id: string, now: Date, leaseMs: number): Promise<OutboxMail | undefined> {
  try {
    const { Attributes } = await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: mailKey(id),
        UpdateExpression: 'SET leaseUntil = :until, attempts = attempts + :one',
        ConditionExpression: '#status = :pending AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':until': new Date(now.getTime() + leaseMs).toISOString(),
          ':now': now.toISOString(),
          ':pending': 'pending',
          ':one': 1,
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Attributes as OutboxMail | undefined;
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}

/** Marks a mail sent; `suppressedRecipients` are those left out of it. It leaves the pending index. */
export async function markMailSent(
  id: string,
  messageId: string,
  now: Date,
  suppressedRecipients: readonly string[] = [],
): Promise<void> {
  const skipped = suppressedRecipients.length > 0;
  await documentClient().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: mailKey(id),
      UpdateExpression: `SET #status = :sent, sentAt = :now, messageId = :messageId${
        skipped ? ', suppressedRecipients = :skipped, suppressedAt = :now' : ''
      } REMOVE leaseUntil, gsi1pk, gsi1sk`,
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':sent': 'sent',
        ':now': now.toISOString(),
        ':messageId': messageId,
        ...(skipped ? { ':skipped': [...suppressedRecipients] } : {}),
      },
    }),
  );
}

/** Marks a mail not sent because every recipient is suppressed; it leaves the pending index, like a sent one. */
export async function markMailSuppressed(
  id: string,
  recipients: readonly string[],
  now: Date,
): Promise<void> {
  await documentClient().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: mailKey(id),
      UpdateExpression:
        'SET #status = :suppressed, suppressedAt = :now, suppressedRecipients = :recipients REMOVE leaseUntil, gsi1pk, gsi1sk',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':suppressed': 'suppressed',
        ':now': now.toISOString(),
        ':recipients': [...recipients],
      },
    }),
  );
}

/** Releases the lease after a failed send; the mail stays pending unless it ran out of attempts. */
export async function markMailAttemptFailed(mail: OutboxMail, reason: string): Promise<void> {
  const givesUp = mail.attempts >= MAX_MAIL_ATTEMPTS;
  await documentClient().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: mailKey(mail.id),
      UpdateExpression: givesUp
        ? 'SET #status = :failed, lastError = :reason REMOVE leaseUntil, gsi1pk, gsi1sk'
        : 'SET lastError = :reason REMOVE leaseUntil',
      ExpressionAttributeNames: givesUp ? { '#status': 'status' } : undefined,
      ExpressionAttributeValues: {
        ':reason': reason.slice(0, 200),
        ...(givesUp ? { ':failed': 'failed' } : {}),
      },
    }),
  );
}

/** Mail still waiting to be sent, oldest first. */
export async function listPendingMail(limit: number): Promise<OutboxMail[]> {
  const { Items } = await documentClient().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pending',
      ExpressionAttributeValues: { ':pending': PENDING },
      Limit: limit,
    }),
  );
  return (Items ?? []) as OutboxMail[];
}

import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
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
 * stored it, the outbox job) cannot both take it. A lease that ended without the mail being
 * marked sent or released leaves it in doubt (its sender vanished mid-send, or its send timed
 * out): it is taken again only `inDoubtMs` after, once SES's send event would have marked it
 * sent had SES accepted it. Undefined when it is sent, taken or in doubt.
 */
export async function claimMail(
  id: string,
  now: Date,
  leaseMs: number,
  inDoubtMs: number,
): Promise<OutboxMail | undefined> {
  try {
    const { Attributes } = await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: mailKey(id),
        UpdateExpression: 'SET leaseUntil = :until, attempts = attempts + :one',
        ConditionExpression:
          '#status = :pending AND (attribute_not_exists(leaseUntil) OR leaseUntil < :settled)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':until': new Date(now.getTime() + leaseMs).toISOString(),
          ':settled': new Date(now.getTime() - inDoubtMs).toISOString(),
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

/**
 * Marks a mail sent from SES's send event, if it is still pending: its sender vanished (or
 * timed out) after SES accepted it. `false` when the sender had marked it, or it is unknown.
 * Read first: nearly every event finds its mail marked already, and a read costs less than
 * a refused conditional write.
 */
export async function recordMailSent(id: string, messageId: string, at: Date): Promise<boolean> {
  const { Item } = await documentClient().send(
    new GetCommand({
      TableName: tableName(),
      Key: mailKey(id),
      ProjectionExpression: '#status',
      ExpressionAttributeNames: { '#status': 'status' },
    }),
  );
  if (Item?.status !== 'pending') return false;
  try {
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: mailKey(id),
        UpdateExpression:
          'SET #status = :sent, sentAt = :at, messageId = :messageId, sentPerEvent = :yes REMOVE leaseUntil, gsi1pk, gsi1sk',
        ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':sent': 'sent',
          ':pending': 'pending',
          ':at': at.toISOString(),
          ':messageId': messageId,
          ':yes': true,
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
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

/**
 * Ends an attempt that did not send the mail; it stays pending unless it ran out of attempts.
 * When SES may have accepted it all the same (the call timed out or the connection broke),
 * `inDoubtSince` ends the lease then rather than releasing it, so the mail is in doubt until
 * SES's send event could have arrived (see claimMail).
 */
export async function markMailAttemptFailed(
  mail: OutboxMail,
  reason: string,
  inDoubtSince?: Date,
): Promise<void> {
  const givesUp = mail.attempts >= MAX_MAIL_ATTEMPTS;
  const inDoubt = inDoubtSince !== undefined && !givesUp;
  let update = 'SET lastError = :reason REMOVE leaseUntil';
  if (givesUp) update = 'SET #status = :failed, lastError = :reason REMOVE leaseUntil, gsi1pk, gsi1sk';
  else if (inDoubt) update = 'SET lastError = :reason, leaseUntil = :now';
  try {
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: mailKey(mail.id),
        UpdateExpression: update,
        // SES's send event may have marked it sent meanwhile: that stands.
        ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':reason': reason.slice(0, 200),
          ':pending': 'pending',
          ...(givesUp ? { ':failed': 'failed' } : {}),
          ...(inDoubt ? { ':now': inDoubtSince.toISOString() } : {}),
        },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
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

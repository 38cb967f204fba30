import { normaliseAddress } from '../domain/suppression.ts';
import { logger } from '../logger.ts';
import { mailIdFromTags } from '../mail/mail-tag.ts';
import { sendEmail, sesAnswered } from '../mail/ses.ts';
import type { MailSentEvent } from '../schemas/ses-events.ts';
import { tableName } from '../store/client.ts';
import {
  claimMail,
  listPendingMail,
  type MailMessage,
  markMailAttemptFailed,
  markMailSent,
  markMailSuppressed,
  type OutboxMail,
  pendingMailItem,
  recordMailSent,
} from '../store/mail-outbox.ts';
import { suppressedAmong } from '../store/suppressions.ts';

/** How long one sender holds a mail before another may try it. */
export const MAIL_LEASE_MS = 60_000;

/**
 * How long a mail stays in doubt after its sender's lease ended unfinished, before another
 * sender tries it: SES's send event (seconds, normally) marks it sent in the meantime if SES
 * had accepted it, so a sender that vanished mid-send causes no second email.
 */
export const MAIL_IN_DOUBT_MS = 5 * 60_000;

export interface DeliveryReport {
  sent: number;
  failed: number;
  /** Not sent: every recipient is suppressed. */
  suppressed: number;
  /** Sent or taken by another sender already. */
  skipped: number;
}

/**
 * Sends one leased mail to its recipients that are not suppressed (bounced or complained).
 * With none left it is not sent and is marked `suppressed`; a failed look-up or send leaves
 * it pending. Logs counts and ids only, never addresses.
 */
async function sendLeased(mail: OutboxMail): Promise<'sent' | 'failed' | 'suppressed'> {
  let sending = false;
  try {
    const suppressed = await suppressedAmong(mail.message.to);
    const isSuppressed = (address: string) => suppressed.has(normaliseAddress(address));
    const to = mail.message.to.filter((address) => !isSuppressed(address));
    const left = mail.message.to.filter(isSuppressed);
    if (to.length === 0) {
      await markMailSuppressed(mail.id, left, new Date());
      logger.info('mail not sent: every recipient is suppressed', {
        mailId: mail.id,
        purpose: mail.purpose,
        suppressedRecipients: left.length,
      });
      return 'suppressed';
    }
    if (left.length > 0) {
      logger.info('suppressed recipients left out of a mail', {
        mailId: mail.id,
        purpose: mail.purpose,
        suppressedRecipients: left.length,
      });
    }
    sending = true;
    const messageId = await sendEmail({ ...mail.message, to }, mail.id);
    sending = false;
    await markMailSent(mail.id, messageId, new Date(), left);
    return 'sent';
  } catch (error) {
    logger.warn('mail not sent, left pending', {
      mailId: mail.id,
      purpose: mail.purpose,
      error: (error as Error).name,
    });
    const inDoubt = sending && !sesAnswered(error);
    await markMailAttemptFailed(mail, (error as Error).name ?? 'Error', inDoubt ? new Date() : undefined);
    return 'failed';
  }
}

/**
 * Sends mails the caller stored itself, already leased to it (see pendingMailItem). After a
 * failed send the rest are not tried but released to the outbox job: a request must not wait
 * out a throttled or hanging SES once per mail (two timeouts would take most of the API
 * function's 25 s).
 */
export async function sendLeasedMail(mails: readonly OutboxMail[]): Promise<void> {
  for (const [i, mail] of mails.entries()) {
    if ((await sendLeased(mail)) !== 'failed') continue;
    for (const rest of mails.slice(i + 1)) await markMailAttemptFailed(rest, 'Deferred');
    return;
  }
}

/**
 * Sends stored mails. Each is claimed first, so two senders never both send it; a
 * failed send leaves it pending for the next run.
 */
export async function deliverMail(ids: readonly string[], now: Date): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: 0, failed: 0, suppressed: 0, skipped: 0 };
  for (const id of ids) {
    const mail = await claimMail(id, now, MAIL_LEASE_MS, MAIL_IN_DOUBT_MS);
    if (mail) report[await sendLeased(mail)] += 1;
    else report.skipped += 1;
  }
  return report;
}

/** The outbox job: sends what is still pending, oldest first (mail leased to a live request is skipped). */
export async function deliverPendingMail(now: Date, limit = 100): Promise<DeliveryReport> {
  const pending = await listPendingMail(limit);
  return deliverMail(
    pending.map((mail) => mail.id),
    now,
  );
}

/** A mail to store with a change and send right after it (see stagedMail). */
export interface OutgoingMail {
  /** Deterministic per purpose and occurrence, so a retried step cannot send it twice. */
  readonly id: string;
  readonly purpose: string;
  readonly message: MailMessage;
}

/**
 * Mails staged with a transaction: the outbox items to write in it (already leased to this
 * writer), and `send` to call once it committed. A send that fails leaves the mail to the
 * outbox job; nothing is lost.
 */
export function stagedMail(mails: readonly OutgoingMail[], now: Date, caseId?: string) {
  const stored = mails.map((mail) => ({
    ...mail,
    ...(caseId ? { caseId } : {}),
    createdAt: now.toISOString(),
  }));
  return {
    items: stored.map((mail) => ({
      Put: {
        TableName: tableName(),
        Item: pendingMailItem(mail, MAIL_LEASE_MS),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    })),
    send: () =>
      sendLeasedMail(stored.map((mail) => ({ ...mail, status: 'pending' as const, attempts: 1 }))).catch(
        () => undefined,
      ),
  };
}

export type MailSentOutcome =
  | { readonly outcome: 'recorded'; readonly mailId: string }
  | {
      readonly outcome: 'ignored';
      readonly why: 'malformed' | 'no-mail-id' | 'already-recorded';
      readonly mailId?: string;
    };

/**
 * SES's send event for one of our mails: marks it sent when its sender did not (it vanished
 * or timed out after SES accepted the mail), so the outbox does not send it again.
 */
export async function applyMailSentEvent(event: MailSentEvent, now: Date): Promise<MailSentOutcome> {
  const { mail } = event.detail;
  const mailId = mailIdFromTags(mail.tags);
  if (!mailId) return { outcome: 'ignored', why: 'no-mail-id' };
  const at = mail.timestamp && !Number.isNaN(Date.parse(mail.timestamp)) ? new Date(mail.timestamp) : now;
  return (await recordMailSent(mailId, mail.messageId, at))
    ? { outcome: 'recorded', mailId }
    : { outcome: 'ignored', why: 'already-recorded', mailId };
}

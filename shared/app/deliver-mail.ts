import { logger } from '../logger.ts';
import { sendEmail } from '../mail/ses.ts';
import {
  claimMail,
  listPendingMail,
  markMailAttemptFailed,
  markMailSent,
  type OutboxMail,
} from '../store/mail-outbox.ts';

/** How long one sender holds a mail before another may try it. */
export const MAIL_LEASE_MS = 60_000;

export interface DeliveryReport {
  sent: number;
  failed: number;
  skipped: number;
}

async function sendLeased(mail: OutboxMail): Promise<'sent' | 'failed'> {
  try {
    const messageId = await sendEmail(mail.message);
    await markMailSent(mail.id, messageId, new Date());
    return 'sent';
  } catch (error) {
    logger.warn('mail not sent, left pending', {
      mailId: mail.id,
      purpose: mail.purpose,
      error: (error as Error).name,
    });
    await markMailAttemptFailed(mail, (error as Error).name ?? 'Error');
    return 'failed';
  }
}

/** Sends mails the caller stored itself, already leased to it (see pendingMailItem). */
export async function sendLeasedMail(mails: readonly OutboxMail[]): Promise<void> {
  for (const mail of mails) await sendLeased(mail);
}

/**
 * Sends stored mails. Each is claimed first, so two senders never both send it; a
 * failed send leaves it pending for the next run.
 */
export async function deliverMail(ids: readonly string[], now: Date): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: 0, failed: 0, skipped: 0 };
  for (const id of ids) {
    const mail = await claimMail(id, now, MAIL_LEASE_MS);
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

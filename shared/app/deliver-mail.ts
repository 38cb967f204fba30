import { logger } from '../logger.ts';
import { sendEmail } from '../mail/ses.ts';
import { claimMail, listPendingMail, markMailAttemptFailed, markMailSent } from '../store/mail-outbox.ts';

/** How long one sender holds a mail before another may try it. */
const LEASE_MS = 60_000;

export interface DeliveryReport {
  sent: number;
  failed: number;
  skipped: number;
}

/**
 * Sends stored mails. Each is claimed first, so the request that stored it and the
 * outbox job never both send it; a failed send leaves it pending for the next run.
 */
export async function deliverMail(ids: readonly string[], now: Date): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: 0, failed: 0, skipped: 0 };
  for (const id of ids) {
    const mail = await claimMail(id, now, LEASE_MS);
    if (!mail) {
      report.skipped += 1;
      continue;
    }
    try {
      const messageId = await sendEmail(mail.message);
      await markMailSent(id, messageId, new Date());
      report.sent += 1;
    } catch (error) {
      logger.warn('mail not sent, left pending', {
        mailId: id,
        purpose: mail.purpose,
        error: (error as Error).name,
      });
      await markMailAttemptFailed(mail, (error as Error).name ?? 'Error');
      report.failed += 1;
    }
  }
  return report;
}

/** The outbox job: sends what is still pending, oldest first. */
export async function deliverPendingMail(now: Date, limit = 100): Promise<DeliveryReport> {
  const pending = await listPendingMail(limit);
  return deliverMail(
    pending.map((mail) => mail.id),
    now,
  );
}

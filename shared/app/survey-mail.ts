import { config } from '../config.ts';
import { normaliseAddress } from '../domain/suppression.ts';
import {
  ANSWER_LINK_DAYS,
  capStart,
  frequencyCap,
  plusDays,
  type RunClock,
  UNSUBSCRIBE_LINK_DAYS,
} from '../domain/survey-rules.ts';
import { ConflictError } from '../errors.ts';
import { logger } from '../logger.ts';
import { surveyMail } from '../mail/survey-mail.ts';
import type { Customer } from '../schemas/customers.ts';
import { isFollowUp, type SkipReason, type SurveyRecord, skipReasons } from '../schemas/surveys.ts';
import { tableName } from '../store/client.ts';
import { getContactPreferences, surveySentPreferencesItem } from '../store/contact-preferences.ts';
import { getCustomer } from '../store/customers.ts';
import { type OutboxMail, pendingMailItem } from '../store/mail-outbox.ts';
import { sentCounterItems } from '../store/satisfaction-stats.ts';
import { suppressedAmong } from '../store/suppressions.ts';
import { getSurvey, listDueSurveys, postponeSurvey, skipSurvey, surveySentItem } from '../store/surveys.ts';
import { writeAll } from '../store/transactions.ts';
import { MAIL_LEASE_MS, sendLeasedMail } from './deliver-mail.ts';
import { signedToken } from './links.ts';
import { surveyContact } from './survey-planning.ts';

/** What one survey-mail run did, in counts only (no personal data). */
export interface SurveyMailReport {
  /** Surveys found due (scheduled or postponed, due at or before the run's time). */
  due: number;
  /** Marked sent, their email stored in the outbox (and sent, or left for the mail-outbox job). */
  sent: number;
  /** Moved on by the frequency cap. */
  postponed: number;
  skipped: Record<SkipReason, number>;
  /** Sent, skipped or moved by another run meanwhile. */
  alreadyHandled: number;
  /** Left due after an error (logged with the survey id); the next run tries again. */
  failed: number;
  /** The run stopped at its limit; more are due. */
  more: boolean;
}

type Decision =
  | { readonly action: 'skip'; readonly reason: SkipReason }
  | { readonly action: 'postpone'; readonly dueAt: string }
  | {
      readonly action: 'send';
      readonly contact: { readonly name: string; readonly email: string };
      readonly language: Customer['language'];
    };

const WAITING = new Set(['scheduled', 'postponed']);
const PAGE_SIZE = 50;
/** Attempts per survey when a concurrent change (another run, an unsubscribe) fails the transaction. */
const ATTEMPTS = 3;

const isWriteConflict = (error: unknown) =>
  error instanceof ConflictError ||
  (error instanceof Error &&
    error.name === 'TransactionCanceledException' &&
    ((error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).some(
      (reason) => reason.Code === 'TransactionConflict',
    ));

/**
 * Whether and to whom a due survey goes now: skipped (no consent, do-not-email, no address,
 * unsubscribed, suppressed), postponed by the frequency cap, or sent.
 */
async function decide(survey: SurveyRecord, customer: Customer | undefined, now: Date): Promise<Decision> {
  if (!customer) return { action: 'skip', reason: 'noEmail' };
  if (!customer.emailConsent) return { action: 'skip', reason: 'noConsent' };
  if (customer.doNotEmail) return { action: 'skip', reason: 'doNotEmail' };
  // The address planned, while it is still one of the customer's; else the current survey contact.
  const contact = surveyContact(customer, survey.contactEmail);
  if (!contact) return { action: 'skip', reason: 'noEmail' };
  const preferences = await getContactPreferences(contact.email);
  if (preferences.unsubscribedAt) return { action: 'skip', reason: 'unsubscribed' };
  if ((await suppressedAmong([contact.email])).size > 0) return { action: 'skip', reason: 'suppressed' };
  const cap = frequencyCap(preferences.lastSurveySentAt, now);
  if (!cap.allowed) return { action: 'postpone', dueAt: cap.nextAt };
  return { action: 'send', contact, language: customer.language };
}

/**
 * Marks the survey sent, records the contact's last survey time (the frequency cap's guard),
 * stores its email and counts it, in one transaction; then sends the email, leased to this run.
 * A failed send stays pending for the mail-outbox job: the survey is mailed once, never lost.
 */
async function send(survey: SurveyRecord, decision: Extract<Decision, { action: 'send' }>, now: Date) {
  const sentAt = now.toISOString();
  const expiresAt = plusDays(now, ANSWER_LINK_DAYS);
  const address = normaliseAddress(decision.contact.email);
  const [answerToken, unsubscribeToken] = await Promise.all([
    signedToken({ purpose: isFollowUp(survey.kind) ? 'followUp' : 'survey', subject: survey.id, expiresAt }),
    signedToken({
      purpose: 'unsubscribe',
      subject: address,
      expiresAt: plusDays(now, UNSUBSCRIBE_LINK_DAYS),
    }),
  ]);
  const sent = surveySentItem(survey, {
    sentAt,
    expiresAt: expiresAt.toISOString(),
    contactEmail: decision.contact.email,
    contactName: decision.contact.name,
    language: decision.language,
  });
  const mail: Omit<OutboxMail, 'status' | 'attempts'> = {
    id: `survey-${survey.id}`,
    purpose: `survey-${survey.kind}`,
    message: surveyMail({
      survey: sent.record,
      to: decision.contact.email,
      contactName: decision.contact.name,
      language: decision.language,
      answerToken,
      unsubscribeToken,
      expiresAt: expiresAt.toISOString(),
      publicUrl: config().PUBLIC_URL,
    }),
    // The outbox's clock is the real one (leases, retries), whatever the run's `asOf`.
    createdAt: new Date().toISOString(),
  };
  await writeAll([
    sent.item,
    surveySentPreferencesItem(address, sentAt, capStart(now)),
    {
      Put: {
        TableName: tableName(),
        Item: pendingMailItem(mail, MAIL_LEASE_MS),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    ...sentCounterItems(sent.record, sentAt),
  ]);
  await sendLeasedMail([{ ...mail, status: 'pending', attempts: 1 }]).catch(() => undefined);
}

type Outcome = 'sent' | 'postponed' | SkipReason | 'alreadyHandled';

/**
 * Handles one due survey as listed; a write that finds it changed (the due index lags, another
 * run, an unsubscribe) re-reads it and decides again.
 */
async function handle(
  listed: SurveyRecord,
  now: Date,
  customerOf: (id: string) => Promise<Customer | undefined>,
): Promise<Outcome> {
  let survey: SurveyRecord | undefined = listed;
  for (let attempt = 1; ; attempt += 1) {
    if (attempt > 1) survey = await getSurvey(listed.id);
    if (!survey || !WAITING.has(survey.status) || survey.dueAt > now.toISOString()) return 'alreadyHandled';
    const decision = await decide(survey, await customerOf(survey.customerId), now);
    try {
      if (decision.action === 'skip') {
        if (await skipSurvey(survey, decision.reason, now)) return decision.reason;
      } else if (decision.action === 'postpone') {
        if (await postponeSurvey(survey, decision.dueAt)) return 'postponed';
      } else {
        await send(survey, decision, now);
        return 'sent';
      }
    } catch (error) {
      if (!isWriteConflict(error) || attempt >= ATTEMPTS) throw error;
      continue;
    }
    if (attempt >= ATTEMPTS) return 'alreadyHandled';
  }
}

/**
 * The survey-mail job: every survey and follow-up due at the run's time (scheduled or
 * postponed, gsi1 `SURVEYS#DUE`), oldest due first, is sent, postponed or skipped with its
 * reason (docs/surveys.md). Safe to run twice and concurrently. At most `limit` per run.
 */
export async function sendDueSurveys(clock: RunClock, limit = 1000): Promise<SurveyMailReport> {
  const report: SurveyMailReport = {
    due: 0,
    sent: 0,
    postponed: 0,
    skipped: Object.fromEntries(skipReasons.map((reason) => [reason, 0])) as Record<SkipReason, number>,
    alreadyHandled: 0,
    failed: 0,
    more: false,
  };
  // Read once per run; consent and do-not-email are re-checked by the next run at the latest.
  const customers = new Map<string, Promise<Customer | undefined>>();
  const customerOf = (id: string) => {
    let found = customers.get(id);
    if (!found) {
      found = getCustomer(id).then((stored) => stored?.customer);
      customers.set(id, found);
    }
    return found;
  };
  const handleCounting = async (survey: SurveyRecord) => {
    try {
      const outcome = await handle(survey, clock.now, customerOf);
      if (outcome === 'sent' || outcome === 'postponed' || outcome === 'alreadyHandled') report[outcome] += 1;
      else report.skipped[outcome] += 1;
    } catch (error) {
      report.failed += 1;
      logger.warn('survey left due after an error', { surveyId: survey.id, error: (error as Error).name });
    }
  };
  let cursor: string | undefined;
  do {
    const page = await listDueSurveys(clock.now, { limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) });
    const room = limit - report.due;
    const surveys = page.items.slice(0, room);
    report.due += surveys.length;
    // One after the other, oldest due first: the first survey of a contact is the one sent, and
    // the sends of a run never contend for the same counters.
    for (const survey of surveys) await handleCounting(survey);
    if (page.items.length > room) {
      report.more = true;
      break;
    }
    cursor = page.nextCursor;
  } while (cursor);
  return report;
}

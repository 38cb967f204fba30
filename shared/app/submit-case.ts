import { createHash } from 'node:crypto';
import { ulid } from 'ulid';
import { shanghaiDate } from '../calendar/plain-date.ts';
import { config } from '../config.ts';
import { intakeChange } from '../domain/complaint-report.ts';
import {
  dateViolations,
  INITIAL_STATUS,
  isSpamTrapFilled,
  recorderRoles,
  staffOnlyViolations,
} from '../domain/intake.ts';
import { formatReference, referencePrefix } from '../domain/reference.ts';
import { type WarrantyDecision, warrantyForCandidates } from '../domain/warranty.ts';
import { ConflictError, ForbiddenError, StaffOnlyFieldError, ValidationError } from '../errors.ts';
import { type Caller, canSeeOffice, hasAnyRole } from '../http/roles.ts';
import type { Language } from '../i18n/translate.ts';
import { logger } from '../logger.ts';
import { acknowledgementMail, staffNotificationMail, warrantyMessage } from '../mail/case-mail.ts';
import type { CaseSource, ComplaintInput, InquiryInput, ServiceRequestInput } from '../schemas/cases.ts';
import { actorOf, emptyChain, nextEvent } from '../store/audit.ts';
import {
  type CaseRecord,
  caseKey,
  claimedCaseId,
  getCase,
  insertCase,
  submissionClaimItem,
} from '../store/cases.ts';
import { nextCounterValue } from '../store/counters.ts';
import { findCustomerIdsByEmail, getCustomer } from '../store/customers.ts';
import { findDeliveries } from '../store/deliveries.ts';
import { type MailMessage, pendingMailItem } from '../store/mail-outbox.ts';
import { type OfficeCounters, officeStatItems } from '../store/office-stats.ts';
import { complaintStatItems } from '../store/report-stats.ts';
import { startComplaintWorkflow } from '../workflow/sfn.ts';
import { MAIL_LEASE_MS, sendLeasedMail } from './deliver-mail.ts';
import { assertKnownOffice } from './offices.ts';
import { complaintReplyDue } from './reply-deadline.ts';

/** What a case received adds to its office's league-table counters (issue 6), in the month of receipt. */
const officeIntakeCount: Record<CaseRecord['kind'], OfficeCounters> = {
  complaint: { complaints: 1 },
  serviceRequest: { serviceRequests: 1 },
  inquiry: {},
};

export type Submission =
  | { readonly kind: 'complaint'; readonly input: ComplaintInput }
  | { readonly kind: 'inquiry'; readonly input: InquiryInput }
  | { readonly kind: 'serviceRequest'; readonly input: ServiceRequestInput };

export interface SubmissionContext {
  readonly caller: Caller;
  /** The request's language: emails use it unless the submitter chose one. */
  readonly language: Language;
  readonly now: Date;
  /** Set only by the system opening a case for a customer (never from a request): see below. */
  readonly internal?: InternalSubmission;
  /** The request's Idempotency-Key: one key, one case, even when a retry runs the request again. */
  readonly idempotencyKey?: string;
}

/**
 * The system opens a case on a customer's behalf: a follow-up answer reporting a problem or
 * asking for an inspection (shared/app/survey-answers.ts). Handlers pass their request, which
 * has no `internal`, so no HTTP caller can reach this path. The public rules still apply (the
 * caller is the public customer: no staff-only fields); what differs: the id is given (derived
 * from the survey, so a retried answer cannot open two cases), the case records its `source`,
 * and it is linked to the survey's customer instead of matched by email.
 */
export interface InternalSubmission {
  readonly caseId: string;
  readonly source: CaseSource;
  readonly customerId: string;
}

export interface CaseReceipt {
  readonly id: string;
  readonly reference: string;
  readonly kind: CaseRecord['kind'];
  readonly status: string;
  readonly receivedAt: string;
  /** Complaints: the reply is due by then (2 working days). */
  readonly replyDueAt?: string;
  readonly warranty?: WarrantyDecision & { readonly message: string };
}

/** One line for lists and the staff notice. */
function titleOf(submission: Submission): string {
  switch (submission.kind) {
    case 'complaint':
      return `${submission.input.product.name} · ${submission.input.batch}`;
    case 'inquiry':
      return submission.input.topic;
    case 'serviceRequest':
      return `${submission.input.product.name} · ${submission.input.problem.slice(0, 80)}`;
  }
}

/** What the submitter described, without who they are and without the recording fields. */
function detailsOf(submission: Submission): Record<string, unknown> {
  const {
    submitter: _s,
    channel: _c,
    receivedAt: _r,
    officeId: _o,
    website: _w,
    ...details
  } = submission.input;
  if ('origin' in details) delete (details as { origin?: unknown }).origin;
  return details;
}

async function matchCustomer(email: string | undefined) {
  if (!email) return undefined;
  const ids = await findCustomerIdsByEmail(email);
  return ids.length === 1 && ids[0] ? (await getCustomer(ids[0]))?.customer : undefined;
}

async function warrantyOf(input: ServiceRequestInput, customerId: string | undefined, day: string) {
  const deliveries = await findDeliveries({ orderRef: input.orderRef, batch: input.batch });
  const own = deliveries.filter((d) => d.customerId === customerId);
  const candidates = (own.length > 0 ? own : deliveries).map((d) => ({
    deliveryId: d.id,
    deliveredOn: d.deliveredOn,
    ...(d.acceptedOn ? { acceptedOn: d.acceptedOn } : {}),
  }));
  return warrantyForCandidates(candidates, day);
}

/**
 * Accepts a complaint, inquiry or service request (requirements.md §1A, §1B, §3.1): checks
 * who may set what, links the customer, decides the warranty, stores the case with its
 * reference, first audit event and mails in one transaction, then sends the mails.
 * Returns `undefined` when the spam trap was filled (nothing is stored).
 */
export async function submitCase(
  submission: Submission,
  context: SubmissionContext,
): Promise<CaseReceipt | undefined> {
  const { input } = submission;
  if (isSpamTrapFilled(input)) return undefined;
  const { caller, now } = context;
  const mayRecord = hasAnyRole(caller, recorderRoles);
  const forbidden = staffOnlyViolations(input, mayRecord);
  if (forbidden.length > 0) {
    throw new StaffOnlyFieldError('staff-only fields', { issues: forbidden });
  }
  const today = shanghaiDate(now);
  const invalid = dateViolations(input, mayRecord, now, today);
  if (invalid.length > 0) throw new ValidationError('intake rules', { issues: invalid });
  if (caller.kind === 'staff' && input.officeId && !canSeeOffice(caller, input.officeId)) {
    throw new ForbiddenError('office users record for their own office only');
  }
  await assertKnownOffice(input.officeId);

  const receivedAt = input.receivedAt ? new Date(input.receivedAt) : now;
  const receiptDay = shanghaiDate(receivedAt);
  const language = input.submitter.language ?? context.language;
  const customer = context.internal
    ? (await getCustomer(context.internal.customerId))?.customer
    : await matchCustomer(input.submitter.email);
  const officeId = input.officeId ?? (mayRecord ? caller.officeId : undefined) ?? customer?.officeId;
  const warranty =
    submission.kind === 'serviceRequest'
      ? await warrantyOf(submission.input, customer?.id, receiptDay)
      : undefined;
  const counter = await nextCounterValue(`${referencePrefix[submission.kind]}#${receiptDay}`);

  const id = context.internal?.caseId ?? ulid(now.getTime());
  const source = context.internal?.source;
  const record: CaseRecord = {
    id,
    kind: submission.kind,
    reference: formatReference(submission.kind, receiptDay, counter),
    status: INITIAL_STATUS,
    channel: input.channel ?? 'web',
    ...(submission.kind === 'complaint' ? { origin: submission.input.origin ?? 'customer' } : {}),
    ...(source ? { source } : {}),
    receivedAt: receivedAt.toISOString(),
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    version: 1,
    ...(customer ? { customerId: customer.id } : {}),
    ...(officeId ? { officeId } : {}),
    organization: input.submitter.organization,
    title: titleOf(submission),
    submitter: { ...input.submitter, language },
    details: detailsOf(submission),
    ...(warranty ? { warranty } : {}),
    ...(mayRecord ? { recordedBy: actorOf(caller) } : {}),
    ...(submission.kind === 'complaint' ? complaintReplyDue(receivedAt) : {}),
  };

  const { AFTER_SALES_MAILBOX, CONSOLE_URL } = config();
  const mails: { id: string; purpose: string; message: MailMessage }[] = [
    ...(input.submitter.email
      ? [{ id: `${id}-ack`, purpose: 'ack', message: acknowledgementMail(record, input.submitter.email) }]
      : []),
    {
      id: `${id}-staff`,
      purpose: 'staff-notification',
      message: staffNotificationMail(record, AFTER_SALES_MAILBOX, CONSOLE_URL),
    },
  ];
  const firstEvent = nextEvent(caseKey(id), emptyChain, {
    type: 'received',
    at: now,
    actor: actorOf(caller),
    data: {
      reference: record.reference,
      status: record.status,
      channel: record.channel,
      receivedAt: record.receivedAt,
      details: record.details,
      ...(source ? { source } : {}),
    },
  });
  const outbox = mails.map((mail) => ({ ...mail, caseId: id, createdAt: now.toISOString() }));
  const claim = submissionClaim(submission.kind, caller, context.idempotencyKey);
  const claimItems = claim ? [submissionClaimItem(claim, id, new Date(now.getTime() + CLAIM_TTL_MS))] : [];
  const storedEarlier = await insertCase(
    record,
    firstEvent,
    [...outbox.map((mail) => pendingMailItem(mail, MAIL_LEASE_MS)), ...claimItems],
    [
      ...(officeId ? officeStatItems(officeId, record.receivedAt, officeIntakeCount[submission.kind]) : []),
      // The complaint report's cohort: received, and its product category and batch for the Pareto.
      ...(submission.kind === 'complaint'
        ? complaintStatItems(
            record.receivedAt,
            intakeChange({ category: submission.input.product.category, batch: submission.input.batch }),
          )
        : []),
    ],
  ).then(
    () => undefined,
    async (error: unknown) => {
      // The same key's earlier run stored its case (see submissionClaimItem): answer with that one.
      const earlier = claim && error instanceof ConflictError ? await claimedCaseId(claim) : undefined;
      if (earlier) return earlier;
      throw error;
    },
  );
  if (storedEarlier) return receiptOfEarlierRun(storedEarlier, submission.kind, context.language);
  // The case is stored: from here on nothing may fail the request (a retry would store
  // it twice). Mail that cannot go now stays pending for the outbox job.
  await sendLeasedMail(outbox.map((mail) => ({ ...mail, status: 'pending', attempts: 1 }))).catch(
    (error: Error) =>
      logger.warn('mail delivery deferred to the outbox job', { caseId: id, error: error.name }),
  );

  if (submission.kind === 'complaint') {
    // A start that fails here is retried by the SLA job, which starts every stored complaint
    // still without a workflow (the execution is named after the complaint: never two).
    await startComplaintWorkflow(id).catch((error: Error) =>
      logger.warn('workflow start deferred to the SLA job', { caseId: id, error: error.name }),
    );
  }

  return receiptOf(record, context.language);
}

const receiptOf = (record: CaseRecord, language: Language): CaseReceipt => ({
  id: record.id,
  reference: record.reference,
  ...(record.replyDueAt ? { replyDueAt: record.replyDueAt } : {}),
  kind: record.kind,
  status: record.status,
  receivedAt: record.receivedAt,
  ...(record.warranty
    ? { warranty: { ...record.warranty, message: warrantyMessage(record, language) ?? '' } }
    : {}),
});

/** As long as Powertools keeps the key's answer: after that a retry is a new request. */
const CLAIM_TTL_MS = 24 * 3600 * 1000;

/** One claim per form route, caller and key, like the idempotency record's scope. */
function submissionClaim(kind: Submission['kind'], caller: Caller, key: string | undefined) {
  if (!key) return undefined;
  const who = caller.kind === 'staff' ? caller.sub : 'public';
  return createHash('sha256')
    .update(JSON.stringify([kind, who, key]))
    .digest('hex');
}

/**
 * The receipt of the case an earlier run of the same request stored. It also starts the
 * workflow, in case that run ended before it could (a started one is left as it is); mail
 * it left unsent is in the outbox, which the mail job sends.
 */
async function receiptOfEarlierRun(id: string, kind: Submission['kind'], language: Language) {
  const record = await getCase(id);
  if (!record) throw new Error(`claimed case ${id} is missing`);
  if (kind === 'complaint')
    await startComplaintWorkflow(id).catch((error: Error) =>
      logger.warn('workflow start deferred to the SLA job', { caseId: id, error: error.name }),
    );
  return receiptOf(record, language);
}

import { config } from '../config.ts';
import { decideInquiry, type InquiryAction } from '../domain/inquiry.ts';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PreconditionFailedError,
  ValidationError,
} from '../errors.ts';
import { canSeeOffice, type Role, type StaffCaller } from '../http/roles.ts';
import { inquiryAnswerMail, inquiryForwardMail } from '../mail/inquiry-mail.ts';
import { departmentMailbox } from '../mail/mailboxes.ts';
import type { InquiryAnswerInput, InquiryForwardInput, InquiryQueueEntry } from '../schemas/inquiries.ts';
import { type Actor, actorOf } from '../store/audit.ts';
import {
  type CaseRecord,
  inquiryQueueDelete,
  inquiryQueuePut,
  listInquiryQueue,
  type StoredCase,
} from '../store/cases.ts';
import { type CaseChange, changeCase, type OutgoingMail } from './case-change.ts';
import { caseSurveyItem } from './survey-planning.ts';

/** An action the inquiry's status does not allow (answering a closed one, ...): 409. */
export class InquiryTransitionError extends ConflictError {
  override readonly titleKey = 'problem.inquiryTransition';
}
/** A suggestion flagged for management once is not flagged again: 409. */
export class InquiryFlaggedError extends ConflictError {
  override readonly titleKey = 'problem.inquiryFlagged';
}

interface Stamp {
  readonly at: string;
  readonly by: Actor;
}

/** What happened to an inquiry after intake, kept on the case as `inquiry` (the timeline has every step). */
export interface InquiryHandling {
  readonly forward?: Stamp & { readonly departmentId: string; readonly note?: string };
  readonly departmentResponse?: Stamp & { readonly departmentId: string; readonly response: string };
  readonly answer?: Stamp & { readonly answer: string; readonly mailed: boolean };
  readonly flag?: Stamp & { readonly reason: string };
  readonly closedAt?: string;
}

export type InquiryCase = CaseRecord & { readonly inquiry?: InquiryHandling };

const handlingOf = (record: CaseRecord): InquiryHandling => (record as InquiryCase).inquiry ?? {};

/** Roles that see every inquiry queue (and act for Customer Service). */
const serviceRoles: readonly Role[] = ['customer-service', 'manager', 'admin'];
const actsForService = (caller: StaffCaller) => caller.roles.some((role) => serviceRoles.includes(role));

/**
 * Loads the inquiry for an action and checks who may see it: a department user only the
 * inquiries forwarded to their department, office users their office's; any other is 404, as if
 * it did not exist. Then the If-Match version (412) and the state model (409).
 */
function checked(
  stored: StoredCase,
  caller: StaffCaller,
  action: InquiryAction,
  expectedVersion: number | undefined,
) {
  const { record } = stored;
  const handling = handlingOf(record);
  const departmentOnly = !actsForService(caller);
  const hidden =
    record.kind !== 'inquiry' ||
    !canSeeOffice(caller, record.officeId) ||
    (departmentOnly &&
      (caller.departmentId === undefined || handling.forward?.departmentId !== caller.departmentId));
  if (hidden) throw new NotFoundError(`inquiry ${record.id}`);
  if (expectedVersion !== undefined && expectedVersion !== record.version) {
    throw new PreconditionFailedError(`inquiry ${record.id} is at version ${record.version}`);
  }
  const decision = decideInquiry({ status: record.status, flagged: handling.flag !== undefined }, action);
  if (!decision.allowed) {
    if (decision.reason === 'flagged') throw new InquiryFlaggedError(`inquiry ${record.id} flagged`);
    throw new InquiryTransitionError(`${action} not allowed in ${record.status}`, {
      titleParams: { status: record.status },
    });
  }
  return { record, handling, status: decision.status };
}

/** The If-Match version is checked once, against the first read; a lost race after it is 409. */
async function act(
  caseId: string,
  caller: StaffCaller,
  action: InquiryAction,
  expectedVersion: number | undefined,
  now: Date,
  plan: (context: ReturnType<typeof checked>, stamp: Stamp) => CaseChange | Promise<CaseChange>,
): Promise<InquiryCase> {
  let first = true;
  const stamp = { at: now.toISOString(), by: actorOf(caller) };
  return changeCase(caseId, actorOf(caller), now, async (stored) => {
    const context = checked(stored, caller, action, first ? expectedVersion : undefined);
    first = false;
    const change = await plan(context, stamp);
    const flag = context.handling.flag;
    // The flagged list shows where a flagged suggestion stands: its entry follows the status.
    if (!flag || action === 'flag' || context.status === context.record.status) return change;
    const entry = queueEntry(context.record, context.status, flag.reason);
    return {
      ...change,
      extra: [...(change.extra ?? []), inquiryQueuePut(caseId, 'flagged', flag.at, entry)],
    };
  }).catch((error: unknown) => {
    // changeCase's own "not found" names a case of any kind; ours says the same thing.
    if (error instanceof NotFoundError) throw new NotFoundError(`inquiry ${caseId}`, { cause: error });
    throw error;
  });
}

const queueEntry = (record: CaseRecord, status: string, note: string | undefined) => ({
  reference: record.reference,
  organization: record.organization,
  title: record.title,
  inquiryKind: String((record.details as { kind?: unknown }).kind ?? 'inquiry'),
  status,
  ...(note ? { note } : {}),
});

/** Everything a close writes besides the status: the CSAT survey (survey-planning), in the same transaction. */
async function closing(record: CaseRecord, now: Date, handling: InquiryHandling) {
  const survey = await caseSurveyItem(record, now);
  return {
    inquiry: { ...handling, closedAt: now.toISOString() },
    extra: survey ? [survey] : [],
    surveyPlanned: survey !== undefined,
  };
}

/**
 * requirements.md §1A: Customer Service answers the customer directly. The answer is recorded
 * (audited) and emailed to the submitter in the case's language; without an email address it is
 * recorded only (`mailed: false`: Customer Service phones). `close` also closes the inquiry.
 */
export async function answerInquiry(
  caseId: string,
  input: InquiryAnswerInput,
  expectedVersion: number | undefined,
  caller: StaffCaller,
  now: Date,
): Promise<InquiryCase> {
  return act(
    caseId,
    caller,
    input.close ? 'answerAndClose' : 'answer',
    expectedVersion,
    now,
    async (c, stamp) => {
      const to = c.record.submitter.email;
      const answer = { ...stamp, answer: input.answer, mailed: to !== undefined };
      const mails: OutgoingMail[] = to
        ? [
            {
              id: `${caseId}-answer-${c.record.version}`,
              purpose: 'inquiry-answer',
              message: inquiryAnswerMail(c.record, to, input.answer),
            },
          ]
        : [];
      const handling = { ...c.handling, answer };
      const closed = c.status === 'CLOSED' ? await closing(c.record, now, handling) : undefined;
      return {
        changes: { status: c.status, inquiry: closed?.inquiry ?? handling },
        event: {
          type: closed ? 'inquiry.answeredAndClosed' : 'inquiry.answered',
          data: {
            answer: input.answer,
            mailed: answer.mailed,
            ...(closed ? { surveyPlanned: closed.surveyPlanned } : {}),
          },
        },
        mails,
        extra: closed?.extra ?? [],
      };
    },
  );
}

/**
 * requirements.md §1E, §2: Customer Service forwards an inquiry to the department concerned,
 * which finds it in its inbox and is told by email. Forwarding again (after a response) moves it.
 */
export async function forwardInquiry(
  caseId: string,
  input: InquiryForwardInput,
  expectedVersion: number | undefined,
  caller: StaffCaller,
  now: Date,
): Promise<InquiryCase> {
  return act(caseId, caller, 'forward', expectedVersion, now, (c, stamp) => {
    const forward = {
      ...stamp,
      departmentId: input.departmentId,
      ...(input.note ? { note: input.note } : {}),
    };
    const previous = c.handling.forward?.departmentId;
    return {
      changes: { status: c.status, inquiry: { ...c.handling, forward } },
      event: {
        type: 'inquiry.forwarded',
        data: { departmentId: input.departmentId, ...(input.note ? { note: input.note } : {}) },
      },
      mails: [
        {
          id: `${caseId}-forward-${c.record.version}`,
          purpose: 'inquiry-forward',
          message: inquiryForwardMail(
            c.record,
            departmentMailbox(input.departmentId),
            input.note,
            config().CONSOLE_URL,
          ),
        },
      ],
      extra: [
        ...(previous !== undefined && previous !== input.departmentId
          ? [inquiryQueueDelete(caseId, { departmentId: previous })]
          : []),
        inquiryQueuePut(
          caseId,
          { departmentId: input.departmentId },
          stamp.at,
          queueEntry(c.record, c.status, input.note),
        ),
      ],
    };
  });
}

/**
 * The department's response to an inquiry forwarded to it. It goes back to Customer Service,
 * which sends it on as the answer (the customer hears one voice); it leaves the department's inbox.
 */
export async function respondToInquiry(
  caseId: string,
  response: string,
  expectedVersion: number | undefined,
  caller: StaffCaller,
  now: Date,
): Promise<InquiryCase> {
  return act(caseId, caller, 'respond', expectedVersion, now, (c, stamp) => {
    const departmentId = c.handling.forward?.departmentId ?? '';
    return {
      changes: {
        status: c.status,
        inquiry: { ...c.handling, departmentResponse: { ...stamp, departmentId, response } },
      },
      event: { type: 'inquiry.departmentResponded', data: { departmentId, response } },
      extra: [inquiryQueueDelete(caseId, { departmentId })],
    };
  });
}

/** A good suggestion flagged for management (requirements.md §2): listed until it is closed. */
export async function flagInquiry(
  caseId: string,
  reason: string,
  expectedVersion: number | undefined,
  caller: StaffCaller,
  now: Date,
): Promise<InquiryCase> {
  return act(caseId, caller, 'flag', expectedVersion, now, (c, stamp) => ({
    changes: { inquiry: { ...c.handling, flag: { ...stamp, reason } } },
    event: { type: 'inquiry.flagged', data: { reason } },
    extra: [inquiryQueuePut(caseId, 'flagged', stamp.at, queueEntry(c.record, c.status, reason))],
  }));
}

/**
 * Closes an inquiry (status CLOSED: no longer open anywhere) and plans its satisfaction survey
 * in the same transaction (survey-planning: the CSAT `csat#<case id>`, when it has a customer).
 * A flagged suggestion stays on management's list.
 */
export async function closeInquiry(
  caseId: string,
  note: string | undefined,
  expectedVersion: number | undefined,
  caller: StaffCaller,
  now: Date,
): Promise<InquiryCase> {
  return act(caseId, caller, 'close', expectedVersion, now, async (c) => {
    const closed = await closing(c.record, now, c.handling);
    return {
      changes: { status: c.status, inquiry: closed.inquiry },
      event: {
        type: 'inquiry.closed',
        data: { surveyPlanned: closed.surveyPlanned, ...(note ? { note } : {}) },
      },
      extra: closed.extra,
    };
  });
}

/**
 * A department's inbox: inquiries forwarded to it awaiting its response, oldest first. Department
 * users see their own (naming another is 403); Customer Service and managers name the department.
 */
export async function listForwardedInquiries(
  departmentId: string | undefined,
  caller: StaffCaller,
): Promise<{ items: InquiryQueueEntry[] }> {
  let department = departmentId;
  if (!actsForService(caller)) {
    if (department !== undefined && department !== caller.departmentId) {
      throw new ForbiddenError('department users see their own inbox only');
    }
    department = caller.departmentId ?? '';
  }
  if (department === undefined) {
    throw new ValidationError('departmentId missing', {
      issues: [{ field: 'departmentId', code: 'required', messageKey: 'field.required' }],
    });
  }
  return { items: (await listInquiryQueue({ departmentId: department })) as InquiryQueueEntry[] };
}

/** Suggestions flagged for management, oldest first. */
export async function listFlaggedInquiries(): Promise<{ items: InquiryQueueEntry[] }> {
  return { items: (await listInquiryQueue('flagged')) as InquiryQueueEntry[] };
}

import { shanghaiDate } from '../calendar/plain-date.ts';
import {
  allowedActions,
  firstResponseInTarget,
  isFirstResponse,
  minutesBetween,
  nextStatus,
  outcomeOf,
  type ServiceAction,
  type ServiceStatus,
  type ServiceTargets,
  visitInTarget,
  workingDaysBetween,
} from '../domain/service-request.ts';
import { ForbiddenError, NotFoundError, PreconditionFailedError, ValidationError } from '../errors.ts';
import { canSeeOffice, type StaffCaller } from '../http/roles.ts';
import { logger } from '../logger.ts';
import { visitConfirmationMail } from '../mail/service-mail.ts';
import type {
  AssignInput,
  CancelInput,
  NoteInput,
  QuoteDecisionInput,
  QuoteInput,
  ScheduleVisitInput,
  ServiceRecord,
  TriageInput,
  VisitReportInput,
} from '../schemas/service-requests.ts';
import { type AuditEvent, actorOf } from '../store/audit.ts';
import { listEvents } from '../store/audit-trail.ts';
import { type CaseRecord, caseKey } from '../store/cases.ts';
import { officeStatItems } from '../store/office-stats.ts';
import { listOffices } from '../store/offices.ts';
import { type CaseChange, changeCase, type OutgoingMail } from './case-change.ts';
import { officeStandard } from './office-standards.ts';
import { assertKnownOffice } from './offices.ts';
import { workingCalendar } from './reply-deadline.ts';
import { planCaseSurvey } from './survey-planning.ts';
import { assertOneTransaction, planVisitParts } from './visit-parts.ts';

/** A service request as the lifecycle routes answer it: the case, its timeline and what may happen next. */
export type ServiceRequestView = CaseRecord & {
  readonly service?: ServiceRecord;
  readonly timeline: AuditEvent[];
  readonly allowedActions: ServiceAction[];
};

/** Who acts, on which version (from If-Match; undefined: the version read), and when. */
export interface ServiceActionContext {
  readonly caller: StaffCaller;
  readonly expectedVersion: number | undefined;
  readonly now: Date;
}

/** The targets of the office's service standard (its own, or the default while it has none). */
const standardOf = async (officeId: string): Promise<ServiceTargets> => officeStandard(officeId);

const serviceOf = (record: CaseRecord): ServiceRecord =>
  (record as CaseRecord & { service?: ServiceRecord }).service ?? {};

/** Who signed a step: the staff id and email, never more. */
const stampOf = (context: ServiceActionContext) => ({
  at: context.now.toISOString(),
  by: { sub: context.caller.sub, ...(context.caller.email ? { email: context.caller.email } : {}) },
});

/** Drops undefined fields so that nothing `undefined` is stored or audited. */
const defined = <T extends Record<string, unknown>>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

interface StepPlan {
  /** The lifecycle record's new parts. */
  readonly service: Partial<ServiceRecord>;
  /** The audit event's data besides `from` and `to`. */
  readonly data?: Record<string, unknown>;
  /** Other case fields changed with it (the office of an assignment). */
  readonly changes?: Record<string, unknown>;
  readonly mails?: readonly OutgoingMail[];
  readonly extra?: CaseChange['extra'];
}

interface StepInput {
  readonly record: CaseRecord;
  readonly service: ServiceRecord;
  readonly from: ServiceStatus;
  readonly to: ServiceStatus;
}

/**
 * One lifecycle step in one transaction (shared/app/case-change.ts): the case must be a service
 * request the caller may see (404 otherwise, nothing written), at the If-Match version (412), in a
 * status that allows the action (409, decided by shared/domain/service-request.ts); then the new
 * status, the step's record, its audit event `service.<action>`, mails and counters are written.
 */
async function act(
  id: string,
  action: ServiceAction,
  context: ServiceActionContext,
  step: (input: StepInput) => StepPlan | Promise<StepPlan>,
): Promise<CaseRecord> {
  return changeCase(id, actorOf(context.caller), context.now, async ({ record }) => {
    if (record.kind !== 'serviceRequest' || !canSeeOffice(context.caller, record.officeId)) {
      throw new NotFoundError(`service request ${id}`);
    }
    if (context.expectedVersion !== undefined && context.expectedVersion !== record.version) {
      throw new PreconditionFailedError(`service request ${id} is at version ${record.version}`);
    }
    const to = nextStatus(record.status, action, record.warranty?.status);
    const from = record.status as ServiceStatus;
    const service = serviceOf(record);
    const plan = await step({ record, service, from, to });
    return {
      changes: { ...plan.changes, status: to, service: { ...service, ...plan.service } },
      event: { type: `service.${action}`, data: { from, to, ...plan.data } },
      ...(plan.mails ? { mails: plan.mails } : {}),
      ...(plan.extra ? { extra: plan.extra } : {}),
    };
  });
}

/**
 * The first response (triage or first quote) counts for the office league table: minutes from
 * receipt, and whether it came within the office standard's working days (requirements.md §2).
 */
async function firstResponseCounters(
  record: CaseRecord,
  from: ServiceStatus,
  action: ServiceAction,
  now: Date,
) {
  if (!record.officeId || !isFirstResponse(from, action)) return [];
  const standard = await standardOf(record.officeId);
  const receivedAt = new Date(record.receivedAt);
  const inTarget = firstResponseInTarget(receivedAt, now, standard.firstResponse, workingCalendar());
  return officeStatItems(record.officeId, now.toISOString(), {
    firstResponses: 1,
    firstResponseMinutes: minutesBetween(receivedAt, now),
    firstResponsesInTarget: inTarget ? 1 : 0,
  });
}

/** requirements.md §0: a free repair within the warranty is triaged, not quoted. */
export const triageServiceRequest = (id: string, input: TriageInput, context: ServiceActionContext) =>
  act(id, 'triage', context, async ({ record, from }) => ({
    service: { triage: defined({ note: input.note, ...stampOf(context) }) },
    data: defined({ note: input.note }),
    extra: await firstResponseCounters(record, from, 'triage', context.now),
  }));

/** Chargeable maintenance (终身维护保养) is quoted first; a quote not yet answered may be revised. */
export const quoteServiceRequest = (id: string, input: QuoteInput, context: ServiceActionContext) =>
  act(id, 'quote', context, async ({ record, service, from }) => {
    const quote = defined({
      amount: input.amount,
      currency: input.currency,
      lines: input.lines,
      validUntil: input.validUntil,
      note: input.note,
      revision: (service.quote?.revision ?? 0) + 1,
      ...stampOf(context),
    });
    return {
      service: { quote },
      data: defined({
        amount: quote.amount,
        currency: quote.currency,
        lines: quote.lines,
        validUntil: quote.validUntil,
        revision: quote.revision,
      }),
      extra: await firstResponseCounters(record, from, 'quote', context.now),
    };
  });

/** The customer's answer to the quote, as Customer Service recorded it. */
export const decideServiceQuote = (id: string, input: QuoteDecisionInput, context: ServiceActionContext) =>
  act(id, input.decision === 'accepted' ? 'acceptQuote' : 'declineQuote', context, () => ({
    service: { quoteDecision: defined({ decision: input.decision, note: input.note, ...stampOf(context) }) },
    data: defined({ decision: input.decision, note: input.note }),
  }));

/**
 * A named technician, or a regional office, takes the visit. Assigning an office moves the case
 * to it (its users then see it; its counters count it); office users assign their own office only.
 */
export async function assignServiceRequest(
  id: string,
  input: AssignInput,
  context: ServiceActionContext,
): Promise<CaseRecord> {
  const officeId = 'officeId' in input ? input.officeId : undefined;
  if (officeId !== undefined) {
    if (!canSeeOffice(context.caller, officeId)) {
      throw new ForbiddenError('office users assign to their own office only');
    }
    await assertKnownOffice(officeId);
  }
  return act(id, 'assign', context, () => {
    const technician = 'technician' in input ? defined(input.technician) : undefined;
    const assignment = defined({ technician, officeId, note: input.note, ...stampOf(context) });
    return {
      service: { assignment },
      data: defined({ technician, officeId, note: input.note }),
      ...(officeId !== undefined ? { changes: { officeId } } : {}),
    };
  });
}

const officeNameOf = async (officeId: string | undefined) =>
  officeId ? (await listOffices()).find((office) => office.id === officeId)?.name : undefined;

/**
 * Books (or moves) the visit: a day not in the past (Shanghai) and a time window; the customer gets
 * a confirmation email in the case's language, one per booking, in the same transaction.
 */
export const scheduleServiceVisit = (id: string, input: ScheduleVisitInput, context: ServiceActionContext) =>
  act(id, 'scheduleVisit', context, async ({ record, service }) => {
    if (input.date < shanghaiDate(context.now)) {
      throw new ValidationError('visit in the past', {
        issues: [{ field: 'date', code: 'too_small', messageKey: 'field.dateInPast' }],
      });
    }
    const schedules = (service.visit?.schedules ?? 0) + 1;
    const visit = defined({
      date: input.date,
      window: input.window,
      note: input.note,
      schedules,
      ...stampOf(context),
    });
    const to = record.submitter.email;
    const mails: OutgoingMail[] = to
      ? [
          {
            id: `${record.id}-visit-${schedules}`,
            purpose: `visit-${schedules}`,
            message: visitConfirmationMail({
              record,
              to,
              visit,
              assignment: service.assignment,
              officeName: service.assignment?.technician
                ? undefined
                : await officeNameOf(service.assignment?.officeId ?? record.officeId),
              quote: service.quote,
              quoteAccepted: service.quoteDecision?.decision === 'accepted',
            }),
          },
        ]
      : [];
    return {
      service: { visit },
      data: defined({
        date: input.date,
        window: input.window,
        note: input.note,
        schedules,
        ...(service.visit ? { previous: { date: service.visit.date, window: service.visit.window } } : {}),
        confirmationMailed: mails.length > 0,
      }),
      mails,
    };
  });

/**
 * The technician's visit report: work done, parts used, photos, the customer's sign-off. Catalogue
 * parts used are issued FIFO to the request and parts replaced booked to repair, in the same
 * transaction (shared/app/visit-parts.ts); the report shows their cost. Counts the visit for the
 * office league table: working days from receipt to the visit, within standard?
 */
export const reportServiceVisit = (id: string, input: VisitReportInput, context: ServiceActionContext) =>
  act(id, 'reportVisit', context, async ({ record }) => {
    const today = shanghaiDate(context.now);
    const visitedOn = input.visitedOn ?? today;
    const receiptDay = shanghaiDate(new Date(record.receivedAt));
    if (visitedOn > today || visitedOn < receiptDay) {
      throw new ValidationError('visit day out of range', {
        issues: [
          visitedOn > today
            ? { field: 'visitedOn', code: 'in_future', messageKey: 'field.dateInFuture' }
            : { field: 'visitedOn', code: 'too_small', messageKey: 'field.invalid' },
        ],
      });
    }
    const parts = await planVisitParts(record.id, input, {
      actor: actorOf(context.caller),
      now: context.now,
    });
    const report = {
      visitedOn,
      workDone: input.workDone,
      partsUsed: parts.partsUsed,
      partsReplaced: parts.partsReplaced,
      partsCost: parts.partsCost,
      photos: input.photos,
      customerSignOff: input.customerSignOff,
    };
    const extra = [...parts.items];
    if (record.officeId) {
      const standard = await standardOf(record.officeId);
      const days = workingDaysBetween(receiptDay, visitedOn, workingCalendar());
      extra.push(
        ...officeStatItems(record.officeId, context.now.toISOString(), {
          visits: 1,
          visitWorkingDays: days,
          visitsInTarget: visitInTarget(days, standard) ? 1 : 0,
        }),
      );
    }
    assertOneTransaction(extra, parts.mails);
    return {
      service: { visitReport: { ...report, ...stampOf(context) } },
      data: report,
      extra,
      mails: parts.mails,
    };
  });

/** The work is done (Customer Service checked the report with the customer). */
export const completeServiceRequest = (id: string, input: NoteInput, context: ServiceActionContext) =>
  act(id, 'complete', context, () => ({
    service: { completion: defined({ note: input.note, ...stampOf(context) }) },
    data: defined({ note: input.note }),
  }));

/**
 * Plans the satisfaction survey of a request closed after the work (or a declined quote), once the
 * close is written. Idempotent (the survey's id comes from the case); a failure is logged and
 * leaves the close as it is.
 */
async function planSurveyAfterClose(record: CaseRecord, closedAt: Date): Promise<void> {
  await planCaseSurvey(record, closedAt).catch((error: Error) =>
    logger.warn('survey not planned after close', { caseId: record.id, error: error.name }),
  );
}

/** Closes a completed request, or one whose quote was declined; plans its CSAT survey. */
export async function closeServiceRequest(id: string, input: NoteInput, context: ServiceActionContext) {
  const record = await act(id, 'close', context, ({ from }) => {
    const outcome = outcomeOf(from, 'close') ?? 'completed';
    return {
      service: { closure: defined({ outcome, note: input.note, ...stampOf(context) }) },
      data: defined({ outcome, note: input.note }),
    };
  });
  if (record.status === 'CLOSED') await planSurveyAfterClose(record, context.now);
  return record;
}

/** Cancels a request before the visit, with the reason: it is closed (`outcome: cancelled`), no survey. */
export const cancelServiceRequest = (id: string, input: CancelInput, context: ServiceActionContext) =>
  act(id, 'cancel', context, () => ({
    service: { closure: { outcome: 'cancelled' as const, reason: input.reason, ...stampOf(context) } },
    data: { outcome: 'cancelled', reason: input.reason },
  }));

/** The answer of a lifecycle route: the case with its timeline and the actions now possible. */
export async function serviceRequestView(record: CaseRecord): Promise<ServiceRequestView> {
  return {
    ...record,
    timeline: await listEvents(caseKey(record.id)),
    allowedActions: allowedActions(record.status, record.warranty?.status),
  };
}

import { addDays, type PlainDate, shanghaiDate, startOfShanghaiDay } from '../calendar/plain-date.ts';
import type { WorkingCalendar } from '../calendar/working-days.ts';
import { ConflictError } from '../errors.ts';

/**
 * The life of a service request (维修/保养申请) after intake, requirements.md §0 and §2: a free
 * repair within the 2-year warranty is triaged, chargeable maintenance is quoted first; then a
 * technician or a regional office is assigned, the visit scheduled (and rescheduled), reported,
 * completed and closed. Pure: no clock, no I/O.
 */
export const serviceStatuses = [
  'RECEIVED',
  'TRIAGED',
  'QUOTED',
  'QUOTE_ACCEPTED',
  'QUOTE_DECLINED',
  'ASSIGNED',
  'VISIT_SCHEDULED',
  'VISITED',
  'COMPLETED',
  'CLOSED',
] as const;
export type ServiceStatus = (typeof serviceStatuses)[number];

/** What staff can do to a request; each is one POST under `/v1/service-requests/{id}/...`. */
export const serviceActions = [
  'triage',
  'quote',
  'acceptQuote',
  'declineQuote',
  'assign',
  'scheduleVisit',
  'reportVisit',
  'complete',
  'close',
  'cancel',
] as const;
export type ServiceAction = (typeof serviceActions)[number];

/** The status every closed request ends in, whatever the way there (other code reads CLOSED as "not open"). */
export const CLOSED: ServiceStatus = 'CLOSED';

/**
 * The transition table: for each action, the statuses it may start from and where it leads.
 * Every (status, action) pair not listed is illegal (409). A cancellation closes the request
 * (`outcome: cancelled`), so no request stays open after it.
 */
export const serviceTransitions: Readonly<
  Record<ServiceAction, { readonly from: readonly ServiceStatus[]; readonly to: ServiceStatus }>
> = {
  triage: { from: ['RECEIVED'], to: 'TRIAGED' },
  // A quote may be revised while the customer has not answered it.
  quote: { from: ['RECEIVED', 'QUOTED'], to: 'QUOTED' },
  acceptQuote: { from: ['QUOTED'], to: 'QUOTE_ACCEPTED' },
  declineQuote: { from: ['QUOTED'], to: 'QUOTE_DECLINED' },
  // Reassignment is allowed until the visit is scheduled; afterwards reschedule or cancel.
  assign: { from: ['TRIAGED', 'QUOTE_ACCEPTED', 'ASSIGNED'], to: 'ASSIGNED' },
  scheduleVisit: { from: ['ASSIGNED', 'VISIT_SCHEDULED'], to: 'VISIT_SCHEDULED' },
  reportVisit: { from: ['VISIT_SCHEDULED'], to: 'VISITED' },
  complete: { from: ['VISITED'], to: 'COMPLETED' },
  close: { from: ['COMPLETED', 'QUOTE_DECLINED'], to: 'CLOSED' },
  cancel: {
    from: ['RECEIVED', 'TRIAGED', 'QUOTED', 'QUOTE_ACCEPTED', 'ASSIGNED', 'VISIT_SCHEDULED'],
    to: 'CLOSED',
  },
};

/** Why a request was closed. */
export type ServiceOutcome = 'completed' | 'quoteDeclined' | 'cancelled';

/** The warranty decision's status as stored on the request (absent: not decided). */
export type WarrantyStatus = 'free' | 'chargeable' | 'unknown';

/** Why an action is refused: the status does not allow it, or the warranty decision does not. */
export type RefusalReason = 'status' | 'warranty';

export type TransitionResult =
  | { readonly allowed: true; readonly to: ServiceStatus }
  | { readonly allowed: false; readonly reason: RefusalReason };

export const isServiceStatus = (status: string): status is ServiceStatus =>
  (serviceStatuses as readonly string[]).includes(status);

/**
 * Decides one (status, action) pair. Besides the table, the warranty decides the first
 * response: a free repair (2年免费保修) is triaged, never quoted; chargeable maintenance is
 * quoted, never triaged as free. An unknown warranty leaves the choice to Customer Service.
 */
export function transition(
  status: string,
  action: ServiceAction,
  warranty: WarrantyStatus | undefined = undefined,
): TransitionResult {
  const rule = serviceTransitions[action];
  if (!isServiceStatus(status) || !rule.from.includes(status)) return { allowed: false, reason: 'status' };
  if (action === 'triage' && warranty === 'chargeable') return { allowed: false, reason: 'warranty' };
  if (action === 'quote' && warranty === 'free') return { allowed: false, reason: 'warranty' };
  return { allowed: true, to: rule.to };
}

/** The actions allowed in `status` (for the API's `allowedActions` and the docs). */
export const allowedActions = (status: string, warranty?: WarrantyStatus): ServiceAction[] =>
  serviceActions.filter((action) => transition(status, action, warranty).allowed);

/** A status and action that do not go together: 409 with the service catalogue's title. */
export class ServiceTransitionError extends ConflictError {
  override readonly titleKey = 'service.problem.transition';
}
/** Triage of a chargeable request, or a quote for a free repair: 409. */
export class ServiceWarrantyError extends ConflictError {
  override readonly titleKey = 'service.problem.warranty';
}

/** Throws the 409 of a refused pair; returns the status the action leads to. */
export function nextStatus(status: string, action: ServiceAction, warranty?: WarrantyStatus): ServiceStatus {
  const result = transition(status, action, warranty);
  if (result.allowed) return result.to;
  const params = { status, action };
  throw result.reason === 'warranty'
    ? new ServiceWarrantyError(`${action} refused by the warranty (${warranty})`, { titleParams: params })
    : new ServiceTransitionError(`${action} not allowed in ${status}`, { titleParams: params });
}

/** The outcome recorded when an action closes the request. */
export function outcomeOf(status: ServiceStatus, action: ServiceAction): ServiceOutcome | undefined {
  if (action === 'cancel') return 'cancelled';
  if (action !== 'close') return undefined;
  return status === 'QUOTE_DECLINED' ? 'quoteDeclined' : 'completed';
}

/** Whether an action is the request's first response (triage or first quote): the office's response time. */
export const isFirstResponse = (status: ServiceStatus, action: ServiceAction): boolean =>
  status === 'RECEIVED' && (action === 'triage' || action === 'quote');

/**
 * The targets of an office's service standard that the lifecycle measures (requirements.md §2: one
 * standard for head office and every office; shared/app/office-standards.ts keeps each office's).
 */
export interface ServiceTargets {
  readonly firstResponse: { readonly value: number; readonly unit: 'workingHours' | 'workingDays' };
  readonly visitWithinWorkingDays: number;
}

/** Office hours on a working day, Asia/Shanghai: what "working hours" count (our choice, docs/api.md). */
export const OFFICE_HOURS = { start: 9, end: 17 } as const;

/** More than a year of days off in a row means the calendar data is broken. */
const MAX_DAYS_COUNTED = 3660;
const HOUR_MS = 60 * 60 * 1000;

/**
 * Working days (工作日) after `from` up to and including `to`: 0 on the same day, 1 when `to` is
 * the next working day (a request received on Friday and answered on Monday took 1 working day).
 * 0 when `to` is not after `from`.
 */
export function workingDaysBetween(from: PlainDate, to: PlainDate, calendar: WorkingCalendar): number {
  let count = 0;
  let days = 0;
  for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) {
    if (++days > MAX_DAYS_COUNTED) throw new RangeError(`more than ${MAX_DAYS_COUNTED} days from ${from}`);
    if (calendar.isWorkingDay(day)) count += 1;
  }
  return count;
}

/** Whole minutes from receipt to `at` (never negative: a receipt recorded a little ahead counts 0). */
export const minutesBetween = (from: Date, to: Date): number =>
  Math.max(0, Math.floor((to.getTime() - from.getTime()) / 60_000));

/** Minutes of office hours (OFFICE_HOURS on working days, Asia/Shanghai) between two instants. */
export function workingMinutesBetween(from: Date, to: Date, calendar: WorkingCalendar): number {
  if (to.getTime() <= from.getTime()) return 0;
  let minutes = 0;
  let days = 0;
  const last = shanghaiDate(to);
  for (let day = shanghaiDate(from); day <= last; day = addDays(day, 1)) {
    if (++days > MAX_DAYS_COUNTED)
      throw new RangeError(`more than ${MAX_DAYS_COUNTED} days from ${from.toISOString()}`);
    if (!calendar.isWorkingDay(day)) continue;
    const opens = startOfShanghaiDay(day).getTime() + OFFICE_HOURS.start * HOUR_MS;
    const closes = startOfShanghaiDay(day).getTime() + OFFICE_HOURS.end * HOUR_MS;
    const overlap = Math.min(closes, to.getTime()) - Math.max(opens, from.getTime());
    if (overlap > 0) minutes += overlap / 60_000;
  }
  return Math.floor(minutes);
}

/**
 * Whether a first response at `respondedAt` met the target: within N working hours (office hours
 * of working days) or N working days (after the day of receipt) of receipt.
 */
export function firstResponseInTarget(
  receivedAt: Date,
  respondedAt: Date,
  target: ServiceTargets['firstResponse'],
  calendar: WorkingCalendar,
): boolean {
  return target.unit === 'workingHours'
    ? workingMinutesBetween(receivedAt, respondedAt, calendar) <= target.value * 60
    : workingDaysBetween(shanghaiDate(receivedAt), shanghaiDate(respondedAt), calendar) <= target.value;
}

/** Whether a visit on `visitedOn` met the target: within N working days after the day of receipt. */
export const visitInTarget = (workingDays: number, target: ServiceTargets): boolean =>
  workingDays <= target.visitWithinWorkingDays;

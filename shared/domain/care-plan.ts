import { type PlainDate, parsePlainDate, shanghaiDate } from '../calendar/plain-date.ts';
import type { FieldIssue } from '../errors.ts';
import type { CaseKind } from '../schemas/cases.ts';
import { RECEIPT_CLOCK_SKEW_MS } from './intake.ts';

/**
 * The key-customer care plan (重点客户关怀计划, requirements.md §1C, §2): regular contact with key
 * accounts, their needs captured. These rules say whether a plan is on track.
 */

/** How a contact with a customer happened: 上门拜访, 电话, 会议, 邮件. */
export const contactKinds = ['visit', 'call', 'meeting', 'email'] as const;
export type ContactKind = (typeof contactKinds)[number];

/** Visits and meetings count towards the plan's visits a year, calls towards its calls a quarter; emails towards neither. */
const countsAsVisit = (kind: ContactKind) => kind === 'visit' || kind === 'meeting';
const countsAsCall = (kind: ContactKind) => kind === 'call';

/** A contact as the rules need it: its kind, when it happened (instant) and any follow-up it asked for. */
export interface ContactFact {
  readonly id?: string;
  readonly kind: ContactKind;
  readonly at: string;
  readonly followUpOn?: PlainDate;
}

export interface PlanTarget {
  /** `2026` for visits, `2026-Q4` for calls. */
  readonly period: string;
  readonly planned: number;
  /** Contacts of the period so far (Shanghai days). */
  readonly done: number;
  /** What the plan expects by today: planned x elapsed share of the period, rounded down. */
  readonly dueByNow: number;
  readonly onTrack: boolean;
}

export interface NextContactStatus {
  readonly on: PlainDate;
  /** The planned day has passed and no contact was logged on or after it. */
  readonly overdue: boolean;
  readonly daysOverdue?: number;
}

export interface CarePlanStatus {
  /** `noPlan` without targets or a planned contact; `behind` when any target is behind or the next contact overdue. */
  readonly status: 'noPlan' | 'onTrack' | 'behind';
  readonly visits?: PlanTarget;
  readonly calls?: PlanTarget;
  readonly nextContact?: NextContactStatus;
}

export interface ContactPlanTargets {
  readonly visitsPerYear?: number | undefined;
  readonly callsPerQuarter?: number | undefined;
  readonly nextContactOn?: PlainDate | undefined;
}

const dayNumber = (day: PlainDate) => {
  const { year, month, day: d } = parsePlainDate(day);
  return Date.UTC(year, month - 1, d) / 86_400_000;
};
/** Calendar days from `a` to `b` (positive when `b` is later). */
export const daysBetween = (a: PlainDate, b: PlainDate) => dayNumber(b) - dayNumber(a);

const pad = (n: number) => String(n).padStart(2, '0');

/** The calendar year and quarter a day is in: their names, first days and the first days after them. */
export function periodsOf(today: PlainDate) {
  const { year, month } = parsePlainDate(today);
  const quarter = Math.floor((month - 1) / 3) + 1;
  const firstMonth = (quarter - 1) * 3 + 1;
  const nextQuarterStart = quarter === 4 ? `${year + 1}-01-01` : `${year}-${pad(firstMonth + 3)}-01`;
  return {
    year: { name: String(year), first: `${year}-01-01`, next: `${year + 1}-01-01` },
    quarter: { name: `${year}-Q${quarter}`, first: `${year}-${pad(firstMonth)}-01`, next: nextQuarterStart },
  };
}

function target(
  planned: number,
  period: { name: string; first: PlainDate; next: PlainDate },
  contactDays: readonly PlainDate[],
  today: PlainDate,
): PlanTarget {
  const done = contactDays.filter((day) => day >= period.first && day <= today).length;
  const elapsed = daysBetween(period.first, today) + 1;
  const length = daysBetween(period.first, period.next);
  const dueByNow = Math.floor((planned * elapsed) / length);
  return { period: period.name, planned, done, dueByNow, onTrack: done >= dueByNow };
}

/**
 * Whether a contact plan is on track on `today` (a Shanghai day): visits of the calendar year
 * and calls of the quarter against the share of the period that has passed (4 visits a year
 * expect 1 by 2 April, all 4 by 31 December), and the next planned contact not overdue.
 * `contacts` must include every contact since the start of the year and since the planned day.
 */
export function carePlanStatus(
  plan: ContactPlanTargets | undefined,
  contacts: readonly ContactFact[],
  today: PlainDate,
): CarePlanStatus {
  if (
    !plan ||
    (plan.visitsPerYear === undefined &&
      plan.callsPerQuarter === undefined &&
      plan.nextContactOn === undefined)
  ) {
    return { status: 'noPlan' };
  }
  const periods = periodsOf(today);
  const days = (keep: (kind: ContactKind) => boolean) =>
    contacts.filter((c) => keep(c.kind)).map((c) => shanghaiDate(new Date(c.at)));
  const visits =
    plan.visitsPerYear !== undefined
      ? target(plan.visitsPerYear, periods.year, days(countsAsVisit), today)
      : undefined;
  const calls =
    plan.callsPerQuarter !== undefined
      ? target(plan.callsPerQuarter, periods.quarter, days(countsAsCall), today)
      : undefined;
  let nextContact: NextContactStatus | undefined;
  if (plan.nextContactOn !== undefined) {
    const on = plan.nextContactOn;
    const met = days(() => true).some((day) => day >= on);
    const overdue = on < today && !met;
    nextContact = { on, overdue, ...(overdue ? { daysOverdue: daysBetween(on, today) } : {}) };
  }
  const behind = visits?.onTrack === false || calls?.onTrack === false || nextContact?.overdue === true;
  return {
    status: behind ? 'behind' : 'onTrack',
    ...(visits ? { visits } : {}),
    ...(calls ? { calls } : {}),
    ...(nextContact ? { nextContact } : {}),
  };
}

export interface PendingFollowUp {
  readonly contactId?: string;
  readonly on: PlainDate;
  readonly overdue: boolean;
}

/**
 * Follow-ups contacts asked for that have not happened: a follow-up is done once any later
 * contact is logged; it is overdue when its day has passed. Earliest first.
 */
export function pendingFollowUps(contacts: readonly ContactFact[], today: PlainDate): PendingFollowUp[] {
  return contacts
    .filter((c) => c.followUpOn !== undefined && !contacts.some((other) => other.at > c.at))
    .map((c) => ({
      ...(c.id ? { contactId: c.id } : {}),
      on: c.followUpOn as PlainDate,
      overdue: (c.followUpOn as PlainDate) < today,
    }))
    .sort((a, b) => a.on.localeCompare(b.on));
}

/** The case store's status of a frozen record (shared/store/cases.ts), and of a closed inquiry or request. */
const ARCHIVED = 'ARCHIVED';
const CLOSED = 'CLOSED';

/**
 * A case still open for the care overview: a complaint until it is archived (its record closes
 * only after the fix is verified), an inquiry or service request until it is closed or archived.
 */
export const isOpenCase = (kind: CaseKind, status: string): boolean =>
  kind === 'complaint' ? status !== ARCHIVED : status !== CLOSED && status !== ARCHIVED;

/** Rules of a logged contact (each a 422): it happened already, and a follow-up comes after it. */
export function contactLogIssues(
  input: { readonly at: string; readonly followUpOn?: PlainDate | undefined },
  now: Date,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const at = new Date(input.at);
  if (at.getTime() > now.getTime() + RECEIPT_CLOCK_SKEW_MS) {
    issues.push({ field: 'at', code: 'in_future', messageKey: 'care.contactInFuture' });
  }
  if (input.followUpOn !== undefined && input.followUpOn < shanghaiDate(at)) {
    issues.push({ field: 'followUpOn', code: 'before_contact', messageKey: 'care.followUpBeforeContact' });
  }
  return issues;
}

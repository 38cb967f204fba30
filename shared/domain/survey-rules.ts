import {
  addDays,
  addYears,
  type PlainDate,
  parsePlainDate,
  shanghaiDate,
  startOfShanghaiDay,
} from '../calendar/plain-date.ts';
import type { WorkingCalendar } from '../calendar/working-days.ts';
import type { CustomerTier } from '../schemas/customers.ts';
import { type DeliveredGoods, warrantyFor } from './warranty.ts';

/** requirements.md §1C: the satisfaction survey goes a working day after the case closed. */
export const CSAT_DELAY_WORKING_DAYS = 1;
/** At most one survey or follow-up email per contact address in this many days; later ones wait. */
export const FREQUENCY_CAP_DAYS = 14;
/** 回访: months after acceptance (delivery when never accepted). */
export const CHECK_IN_MONTHS = [1, 6, 12] as const;
export type CheckInMonths = (typeof CHECK_IN_MONTHS)[number];
/**
 * A check-in is planned only while the run's day is within this many days from its due day, so a
 * first deployment (or a job that was down) does not mail about deliveries from years ago.
 */
export const CHECK_IN_WINDOW_DAYS = 30;
/** The free inspection is offered this many days before the 2-year free warranty ends. */
export const WARRANTY_OFFER_DAYS = 60;
/** Answer links in an email work this long after it is sent. */
export const ANSWER_LINK_DAYS = 30;
/** Unsubscribe links work this long (a year-old email can still unsubscribe). */
export const UNSUBSCRIBE_LINK_DAYS = 365;

const DAY_MS = 86_400_000;
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * The same day `months` later (or earlier). A day the target month lacks rolls over to the first
 * of the next month (31 Jan + 1 month = 1 Mar), like `addYears` does with 29 February.
 */
export function addMonths(day: PlainDate, months: number): PlainDate {
  const { year, month, day: d } = parsePlainDate(day);
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = (index % 12) + 1;
  const length = new Date(Date.UTC(targetYear, targetMonth, 0)).getUTCDate();
  if (d > length) return addDays(`${pad(targetYear, 4)}-${pad(targetMonth)}-${pad(length)}`, 1);
  return `${pad(targetYear, 4)}-${pad(targetMonth)}-${pad(d)}`;
}

/** The calendar quarter of a day: `2026-Q4`, starting on 2026-10-01. */
export function quarterOf(day: PlainDate): { readonly period: string; readonly startsOn: PlainDate } {
  const { year, month } = parsePlainDate(day);
  const quarter = Math.floor((month - 1) / 3) + 1;
  return { period: `${year}-Q${quarter}`, startsOn: `${year}-${pad((quarter - 1) * 3 + 1)}-01` };
}

/** The loyalty (NPS) period a day falls in: key customers are asked each quarter, others each year. */
export const loyaltyPeriod = (day: PlainDate, tier: CustomerTier): string =>
  tier === 'key' ? quarterOf(day).period : day.slice(0, 4);

/** The instant a planned survey becomes due: the start of its day in Asia/Shanghai. */
export const dueAtStartOf = (day: PlainDate): string => startOfShanghaiDay(day).toISOString();

/** The working day the satisfaction survey of a case closed at `closedAt` is due: `delay` working days later. */
export function csatDueOn(
  closedAt: Date,
  calendar: WorkingCalendar,
  delay: number = CSAT_DELAY_WORKING_DAYS,
): PlainDate {
  let day = shanghaiDate(closedAt);
  for (let left = Math.max(1, delay); left > 0; ) {
    day = addDays(day, 1);
    if (calendar.isWorkingDay(day)) left -= 1;
  }
  return day;
}

/** Whether `runDay` is on or after `dueOn` and fewer than `windowDays` days after it. */
export const isWithinWindow = (dueOn: PlainDate, runDay: PlainDate, windowDays: number): boolean =>
  dueOn <= runDay && runDay < addDays(dueOn, windowDays);

/** The day the warranty (and the check-ins) count from: acceptance, else delivery (decision 11). */
export function coverageStartOf(goods: DeliveredGoods): PlainDate {
  const decision = warrantyFor(goods, goods.deliveredOn);
  return decision.status === 'unknown' ? goods.deliveredOn : decision.coverageStartsOn;
}

/** The check-ins of a delivery to plan on `runDay`: each milestone whose due day's window holds it. */
export function checkInsDue(
  goods: DeliveredGoods,
  runDay: PlainDate,
): { readonly months: CheckInMonths; readonly dueOn: PlainDate }[] {
  const start = coverageStartOf(goods);
  return CHECK_IN_MONTHS.map((months) => ({ months, dueOn: addMonths(start, months) })).filter(({ dueOn }) =>
    isWithinWindow(dueOn, runDay, CHECK_IN_WINDOW_DAYS),
  );
}

/** The coverage-start days that may have a check-in due on `runDay` (a little wider; `checkInsDue` decides). */
export function checkInStartRange(
  months: number,
  runDay: PlainDate,
): { readonly from: PlainDate; readonly to: PlainDate } {
  const back = addMonths(runDay, -months);
  return { from: addDays(back, -(CHECK_IN_WINDOW_DAYS + 3)), to: addDays(back, 3) };
}

/** The key-customer check-in of the quarter: due on its first day, planned within the window. */
export function quarterlyCheckInDue(
  runDay: PlainDate,
): { readonly period: string; readonly dueOn: PlainDate } | undefined {
  const { period, startsOn } = quarterOf(runDay);
  return isWithinWindow(startsOn, runDay, CHECK_IN_WINDOW_DAYS) ? { period, dueOn: startsOn } : undefined;
}

export interface WarrantyOffer {
  /** The first day the offer is made: 60 days before the warranty ends. */
  readonly opensOn: PlainDate;
  /** The last day of free repair (inclusive); the offer is planned up to and including it. */
  readonly freeRepairEndsOn: PlainDate;
}

/**
 * The free inspection offer of a delivery, when `runDay` is within [end - 60 days, end), `end`
 * being the second anniversary of acceptance (the first chargeable day, shared/domain/warranty.ts).
 */
export function warrantyOfferDue(goods: DeliveredGoods, runDay: PlainDate): WarrantyOffer | undefined {
  const decision = warrantyFor(goods, runDay);
  if (decision.status !== 'free') return undefined;
  const end = addDays(decision.freeRepairEndsOn, 1);
  const opensOn = addDays(end, -WARRANTY_OFFER_DAYS);
  return isWithinWindow(opensOn, runDay, WARRANTY_OFFER_DAYS)
    ? { opensOn, freeRepairEndsOn: decision.freeRepairEndsOn }
    : undefined;
}

/** The coverage-start days whose warranty offer may be open on `runDay` (a little wider; `warrantyOfferDue` decides). */
export function warrantyStartRange(runDay: PlainDate): { readonly from: PlainDate; readonly to: PlainDate } {
  const back = addYears(runDay, -2);
  return { from: addDays(back, -3), to: addDays(back, WARRANTY_OFFER_DAYS + 3) };
}

/**
 * The frequency cap: a contact last mailed at `lastSentAt` may be mailed again from
 * `lastSentAt + 14 days`. `allowed` when never mailed or that time has come; else `nextAt`.
 */
export function frequencyCap(
  lastSentAt: string | undefined,
  now: Date,
  days: number = FREQUENCY_CAP_DAYS,
): { readonly allowed: true } | { readonly allowed: false; readonly nextAt: string } {
  if (!lastSentAt) return { allowed: true };
  const nextAt = new Date(Date.parse(lastSentAt) + days * DAY_MS);
  return nextAt.getTime() <= now.getTime()
    ? { allowed: true }
    : { allowed: false, nextAt: nextAt.toISOString() };
}

/** The latest last-sent time that still allows a mail at `now` (the send transaction's condition). */
export const capStart = (now: Date, days: number = FREQUENCY_CAP_DAYS): string =>
  new Date(now.getTime() - days * DAY_MS).toISOString();

/** `at` plus whole days, as an instant (link expiries). */
export const plusDays = (at: Date, days: number): Date => new Date(at.getTime() + days * DAY_MS);

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const PLAIN_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The clock of one job run: the instant it acts at and its Shanghai calendar day. */
export interface RunClock {
  readonly now: Date;
  readonly day: PlainDate;
}

/**
 * A job's clock from its event's `asOf`: an ISO instant as it is; a `YYYY-MM-DD` day means the
 * end of that day in Asia/Shanghai (everything due that day is due); none means `now`.
 * Throws a RangeError for anything else.
 */
export function runClock(asOf: string | undefined, now: Date): RunClock {
  if (asOf === undefined) return { now, day: shanghaiDate(now) };
  if (PLAIN_DATE.test(asOf) && addDays(asOf, 0) === asOf) {
    return { now: new Date(startOfShanghaiDay(addDays(asOf, 1)).getTime() - 1), day: asOf };
  }
  const instant = new Date(asOf);
  if (!ISO_INSTANT.test(asOf) || Number.isNaN(instant.getTime()))
    throw new RangeError(`asOf must be YYYY-MM-DD or an ISO 8601 instant: ${asOf.slice(0, 40)}`);
  return { now: instant, day: shanghaiDate(instant) };
}

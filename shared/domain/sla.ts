import {
  addDays,
  type PlainDate,
  parsePlainDate,
  shanghaiDate,
  startOfShanghaiDay,
} from '../calendar/plain-date.ts';
import type { WorkingCalendar } from '../calendar/working-days.ts';

// requirements.md §3.5: every complaint gets a reply within 2 working days (2个工作日), inclusive.
export const REPLY_WORKING_DAYS = 2;

// requirements.md §3.5 asks for contact *before* the deadline; the reminder time is our
// choice (docs/working-days.md): 09:00 Shanghai on the due day, the last working day.
export const REMINDER_HOUR_SHANGHAI = 9;

/** No real calendar goes this long without a working day; past it the calendar data is broken. */
const MAX_DAYS_SEARCHED = 366;

const HOUR_MS = 60 * 60 * 1000;

/** When a reply is due and which 工作日 were counted. */
export interface ReplyDue {
  /** The end of the last counted working day: 24:00 Asia/Shanghai, i.e. the next day's 00:00. */
  readonly dueAt: Date;
  /** The counted working days, in order (Shanghai calendar days). */
  readonly workingDays: PlainDate[];
  /** True when any day looked at lies in a year without holiday data (weekday rule assumed). */
  readonly estimated: boolean;
}

const assertValidInstant = (instant: Date, name: string) => {
  if (Number.isNaN(instant.getTime())) throw new RangeError(`${name} is not a valid instant`);
};

const noWorkingDayError = (from: PlainDate) =>
  new RangeError(`no working day within ${MAX_DAYS_SEARCHED} days of ${from}: check the holiday data`);

/**
 * The reply deadline of requirements.md §3.5. The Shanghai day of receipt counts as the
 * first working day when it is one; otherwise counting starts on the next working day.
 * The reply is due at the end of the second working day (24:00 Asia/Shanghai).
 */
export function replyDueAt(receivedAt: Date, calendar: WorkingCalendar): ReplyDue {
  assertValidInstant(receivedAt, 'receivedAt');
  const receivedOn = shanghaiDate(receivedAt);
  const workingDays: PlainDate[] = [];
  let estimated = false;
  let day = receivedOn;
  for (let searched = 0; workingDays.length < REPLY_WORKING_DAYS; searched++, day = addDays(day, 1)) {
    if (searched >= MAX_DAYS_SEARCHED) throw noWorkingDayError(receivedOn);
    if (calendar.coverage(parsePlainDate(day).year) === 'weekday-estimate') estimated = true;
    if (calendar.isWorkingDay(day)) workingDays.push(day);
  }
  // The loop stops on the day after the last counted working day: its start is 24:00 of that day.
  return { dueAt: startOfShanghaiDay(day), workingDays, estimated };
}

/** Whether the reply deadline has passed at `now` (due at 24:00 means overdue from 00:00 on). */
export function isOverdue(dueAt: Date, now: Date): boolean {
  return now.getTime() >= dueAt.getTime();
}

/**
 * When to remind Customer Service: 09:00 Shanghai on the due day, the last working day
 * that starts before `dueAt`. Under the 2-day rule a complaint is always received at
 * least one day before its due day, so this is never before receipt.
 */
export function reminderAt(dueAt: Date, calendar: WorkingCalendar): Date {
  assertValidInstant(dueAt, 'dueAt');
  const lastDay = shanghaiDate(new Date(dueAt.getTime() - 1));
  let day = lastDay;
  for (let searched = 0; !calendar.isWorkingDay(day); searched++, day = addDays(day, -1)) {
    if (searched >= MAX_DAYS_SEARCHED) throw noWorkingDayError(lastDay);
  }
  return new Date(startOfShanghaiDay(day).getTime() + REMINDER_HOUR_SHANGHAI * HOUR_MS);
}

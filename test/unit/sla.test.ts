import type { PlainDate } from '../../shared/calendar/plain-date.ts';
import { chinaCalendar } from '../../shared/calendar/working-days.ts';
import {
  isOverdue,
  REMINDER_HOUR_SHANGHAI,
  REPLY_WORKING_DAYS,
  reminderAt,
  replyDueAt,
} from '../../shared/domain/sla.ts';

/** An instant given as Shanghai wall-clock time, `2026-03-06T10:00`. */
const shanghai = (wallClock: string) => new Date(`${wallClock}:00+08:00`);

/** The official calendar, or one with a 2027 override year. */
const officialCalendar = chinaCalendar();
const calendarWith2027 = (daysOff: PlainDate[], workingDays: PlainDate[] = []) =>
  chinaCalendar({
    years: { '2027': { source: '国务院办公厅关于2027年部分节假日安排的通知', daysOff, workingDays } },
  });

describe('the 2-working-day reply rule', () => {
  it('counts 2 working days, as requirements §3.5 says', () => {
    expect(REPLY_WORKING_DAYS).toBe(2);
  });

  it('counts the day of receipt: received Friday 10:00, due at the end of Monday', () => {
    const due = replyDueAt(shanghai('2026-03-06T10:00'), officialCalendar);
    expect(due.workingDays).toEqual(['2026-03-06', '2026-03-09']);
    expect(due.dueAt).toEqual(shanghai('2026-03-10T00:00'));
    expect(due.estimated).toBe(false);
  });

  it('starts counting on Monday for a complaint received on an ordinary Saturday', () => {
    const due = replyDueAt(shanghai('2026-03-07T10:00'), officialCalendar);
    expect(due.workingDays).toEqual(['2026-03-09', '2026-03-10']);
    expect(due.dueAt).toEqual(shanghai('2026-03-11T00:00'));
  });

  it('counts a make-up Saturday (调休上班) on which the complaint arrives', () => {
    const due = replyDueAt(shanghai('2026-02-14T10:00'), officialCalendar);
    expect(due.workingDays).toEqual(['2026-02-14', '2026-02-24']);
    expect(due.dueAt).toEqual(shanghai('2026-02-25T00:00'));
  });

  it('counts the make-up Saturday before Spring Festival for a complaint received Friday 13 February 2026', () => {
    const due = replyDueAt(shanghai('2026-02-13T16:00'), officialCalendar);
    expect(due.workingDays).toEqual(['2026-02-13', '2026-02-14']);
    expect(due.dueAt).toEqual(shanghai('2026-02-15T00:00'));
  });

  it('makes a complaint received during Spring Festival due after the holiday', () => {
    const due = replyDueAt(shanghai('2026-02-16T09:30'), officialCalendar);
    expect(due.workingDays).toEqual(['2026-02-24', '2026-02-25']);
    expect(due.dueAt).toEqual(shanghai('2026-02-26T00:00'));
  });

  it('skips National Day: received Wednesday 30 September 2026, due at the end of 8 October', () => {
    const due = replyDueAt(shanghai('2026-09-30T11:00'), officialCalendar);
    expect(due.workingDays).toEqual(['2026-09-30', '2026-10-08']);
    expect(due.dueAt).toEqual(shanghai('2026-10-09T00:00'));
  });

  it('counts the National Day make-up Saturday 10 October 2026', () => {
    const due = replyDueAt(shanghai('2026-10-09T11:00'), officialCalendar);
    expect(due.workingDays).toEqual(['2026-10-09', '2026-10-10']);
    expect(due.dueAt).toEqual(shanghai('2026-10-11T00:00'));
  });

  it('counts Friday for a complaint received at 23:59 on Friday', () => {
    const due = replyDueAt(shanghai('2026-03-06T23:59'), officialCalendar);
    expect(due.dueAt).toEqual(shanghai('2026-03-10T00:00'));
  });

  it('starts on Monday for a complaint received at 00:01 on Saturday', () => {
    const due = replyDueAt(shanghai('2026-03-07T00:01'), officialCalendar);
    expect(due.dueAt).toEqual(shanghai('2026-03-11T00:00'));
  });

  it('reads a UTC instant in Shanghai time: Friday 16:30 UTC is already Saturday', () => {
    const friday = replyDueAt(new Date('2026-03-06T15:59:59Z'), officialCalendar);
    const saturday = replyDueAt(new Date('2026-03-06T16:30:00Z'), officialCalendar);
    expect(friday.workingDays[0]).toBe('2026-03-06');
    expect(saturday.workingDays[0]).toBe('2026-03-09');
    expect(saturday.dueAt.toISOString()).toBe('2026-03-10T16:00:00.000Z');
  });

  it('falls back to Monday-Friday for 2027 and says the result is estimated', () => {
    const due = replyDueAt(shanghai('2027-01-01T10:00'), officialCalendar);
    expect(due.workingDays).toEqual(['2027-01-01', '2027-01-04']);
    expect(due.estimated).toBe(true);
  });

  it('is estimated when the counting crosses into a year without data', () => {
    const due = replyDueAt(shanghai('2026-12-31T10:00'), officialCalendar);
    expect(due.workingDays).toEqual(['2026-12-31', '2027-01-01']);
    expect(due.estimated).toBe(true);
  });

  it('is exact for 2027 once the override file lists the year', () => {
    const due = replyDueAt(shanghai('2027-01-01T10:00'), calendarWith2027(['2027-01-01']));
    expect(due.workingDays).toEqual(['2027-01-04', '2027-01-05']);
    expect(due.dueAt).toEqual(shanghai('2027-01-06T00:00'));
    expect(due.estimated).toBe(false);
  });

  it('refuses an invalid receipt time', () => {
    expect(() => replyDueAt(new Date('not a date'), officialCalendar)).toThrow(RangeError);
  });

  it('stops with an error when the calendar has no working day for a year', () => {
    const neverWorking = { isWorkingDay: () => false, coverage: () => 'override' as const };
    expect(() => replyDueAt(shanghai('2026-03-06T10:00'), neverWorking)).toThrow(/no working day within/);
  });
});

describe('isOverdue', () => {
  const dueAt = shanghai('2026-03-10T00:00');

  it('is not overdue at 23:59:59.999 on the last working day', () => {
    expect(isOverdue(dueAt, new Date(dueAt.getTime() - 1))).toBe(false);
  });

  it('is overdue from 24:00 on the last working day', () => {
    expect(isOverdue(dueAt, dueAt)).toBe(true);
  });
});

describe('reminderAt', () => {
  it('reminds at 09:00 Shanghai on the due day', () => {
    expect(REMINDER_HOUR_SHANGHAI).toBe(9);
    const { dueAt } = replyDueAt(shanghai('2026-03-06T10:00'), officialCalendar);
    expect(reminderAt(dueAt, officialCalendar)).toEqual(shanghai('2026-03-09T09:00'));
  });

  it('reminds on the first working day after Spring Festival when that is the due day', () => {
    const { dueAt } = replyDueAt(shanghai('2026-02-14T10:00'), officialCalendar);
    expect(reminderAt(dueAt, officialCalendar)).toEqual(shanghai('2026-02-24T09:00'));
  });

  it('reminds after the receipt even when the complaint arrives late on the first working day', () => {
    const receivedAt = shanghai('2026-03-06T23:59');
    const reminder = reminderAt(replyDueAt(receivedAt, officialCalendar).dueAt, officialCalendar);
    expect(reminder).toEqual(shanghai('2026-03-09T09:00'));
    expect(reminder.getTime()).toBeGreaterThan(receivedAt.getTime());
  });

  it('reminds on the last working day before a due time that falls on a day off', () => {
    expect(reminderAt(shanghai('2026-02-20T12:00'), officialCalendar)).toEqual(shanghai('2026-02-14T09:00'));
  });
});

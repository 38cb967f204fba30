import { Cron } from 'croner';
import { cronPattern, rateMs } from '../../local/scheduler.ts';
import { schedules, scheduleTimeZone } from '../../shared/schedules.ts';

/** The next `count` times (UTC ISO) a croner pattern fires after `from`, in Asia/Shanghai. */
const nextRuns = (pattern: string, from: string, count: number) =>
  new Cron(pattern, { timezone: scheduleTimeZone, paused: true })
    .nextRuns(count, new Date(from))
    .map((date) => date.toISOString());

describe('cronPattern (EventBridge cron -> croner)', () => {
  it.each([
    ['cron(0 9 * * ? *)', '0 0 9 * * *'],
    ['cron(30 9-17 ? * MON-FRI *)', '0 30 9-17 * * MON-FRI'],
    ['cron(0 8 ? * 2-6 *)', '0 0 8 * * 1-5'],
    ['cron(0 8 ? * 1,7 *)', '0 0 8 * * 0,6'],
    ['cron(0 10 ? * 6#3 *)', '0 0 10 * * 5#3'],
    ['cron(0 10 ? * 6L *)', '0 0 10 * * 5#L'],
    ['cron(15 12 1 * ? *)', '0 15 12 1 * *'],
  ])('%s -> %s', (expression, pattern) => {
    expect(cronPattern(expression)).toBe(pattern);
  });

  it('runs the survey mail in office hours on weekdays only, Beijing time', () => {
    // Friday 27 November 2026, 18:00 in Shanghai: the next runs are Monday 09:30, 10:30...
    expect(nextRuns(cronPattern('cron(30 9-17 ? * MON-FRI *)'), '2026-11-27T10:00:00Z', 3)).toEqual([
      '2026-11-30T01:30:00.000Z',
      '2026-11-30T02:30:00.000Z',
      '2026-11-30T03:30:00.000Z',
    ]);
    // ... and the last run of a weekday is 17:30.
    expect(nextRuns(cronPattern('cron(30 9-17 ? * MON-FRI *)'), '2026-11-30T09:00:00Z', 1)).toEqual([
      '2026-11-30T09:30:00.000Z',
    ]);
  });

  it('reads numbered weekdays from Sunday = 1, as EventBridge does', () => {
    // 2-6 is Monday to Friday: from Friday evening the next run is Monday.
    expect(nextRuns(cronPattern('cron(0 8 ? * 2-6 *)'), '2026-11-27T10:00:00Z', 1)).toEqual([
      '2026-11-30T00:00:00.000Z',
    ]);
  });

  it('keeps the nth and the last weekday of the month', () => {
    expect(nextRuns(cronPattern('cron(0 10 ? * 6#3 *)'), '2026-11-27T10:00:00Z', 1)).toEqual([
      '2026-12-18T02:00:00.000Z',
    ]);
    expect(nextRuns(cronPattern('cron(0 10 ? * 6L *)'), '2026-11-27T10:00:00Z', 1)).toEqual([
      '2026-12-25T02:00:00.000Z',
    ]);
  });

  it('runs a daily job every day at its Beijing time', () => {
    expect(nextRuns(cronPattern('cron(0 9 * * ? *)'), '2026-11-27T10:00:00Z', 2)).toEqual([
      '2026-11-28T01:00:00.000Z',
      '2026-11-29T01:00:00.000Z',
    ]);
  });

  it('refuses expressions it cannot honour', () => {
    expect(() => cronPattern('cron(0 9 * * ? 2027)')).toThrow(/particular years/);
    expect(() => cronPattern('cron(0 9 * *)')).toThrow(/not an EventBridge cron/);
    expect(() => cronPattern('cron(0 9 ? * 8 *)')).toThrow(/out of 1-7/);
  });

  it('converts every schedule of the registry into a pattern croner accepts', () => {
    for (const schedule of schedules) {
      if (rateMs(schedule.expression)) continue;
      expect(nextRuns(cronPattern(schedule.expression), '2026-11-27T00:00:00Z', 1)).toHaveLength(1);
    }
  });
});

describe('rateMs', () => {
  it.each([
    ['rate(5 minutes)', 300_000],
    ['rate(1 hour)', 3_600_000],
    ['cron(0 9 * * ? *)', undefined],
  ])('%s -> %s', (expression, ms) => {
    expect(rateMs(expression)).toBe(ms);
  });
});

import { addDays, addYears, shanghaiDate, startOfShanghaiDay } from '../../shared/calendar/plain-date.ts';

describe('Shanghai calendar days', () => {
  it('turns an instant into the day it is in Beijing', () => {
    expect(shanghaiDate(new Date('2026-12-31T15:59:59Z'))).toBe('2026-12-31');
    expect(shanghaiDate(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-01');
  });

  it('starts a day at midnight Beijing time', () => {
    expect(startOfShanghaiDay('2027-01-01').toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });

  it('adds days across months and leap days', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('moves 29 February to 1 March in a common year', () => {
    expect(addYears('2024-02-29', 2)).toBe('2026-03-01');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
  });
});

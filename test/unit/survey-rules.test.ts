import { chinaCalendar } from '../../shared/calendar/working-days.ts';
import {
  addMonths,
  capStart,
  checkInStartRange,
  checkInsDue,
  csatDueOn,
  frequencyCap,
  loyaltyPeriod,
  quarterlyCheckInDue,
  quarterOf,
  runClock,
  warrantyOfferDue,
  warrantyStartRange,
} from '../../shared/domain/survey-rules.ts';

const calendar = chinaCalendar();
const goods = (start: string, acceptedOn?: string) => ({
  deliveryId: 'd1',
  deliveredOn: start,
  ...(acceptedOn ? { acceptedOn } : {}),
});

describe('addMonths', () => {
  it.each([
    ['2026-01-15', 1, '2026-02-15'],
    ['2026-11-30', 6, '2027-05-30'],
    ['2026-01-31', 1, '2026-03-01'],
    ['2028-01-31', 1, '2028-03-01'],
    ['2026-03-31', -1, '2026-03-01'],
    ['2026-12-15', 12, '2027-12-15'],
    ['2027-03-01', -12, '2026-03-01'],
  ])('%s + %i months = %s', (day, months, expected) => {
    expect(addMonths(day, months)).toBe(expected);
  });
});

describe('periods', () => {
  it('puts a day in its quarter', () => {
    expect(quarterOf('2026-11-27')).toEqual({ period: '2026-Q4', startsOn: '2026-10-01' });
    expect(quarterOf('2027-01-01')).toEqual({ period: '2027-Q1', startsOn: '2027-01-01' });
    expect(quarterOf('2027-06-30')).toEqual({ period: '2027-Q2', startsOn: '2027-04-01' });
  });

  it('asks key customers each quarter and others each year', () => {
    expect(loyaltyPeriod('2026-11-27', 'key')).toBe('2026-Q4');
    expect(loyaltyPeriod('2026-11-27', 'regular')).toBe('2026');
  });
});

describe('csatDueOn', () => {
  it('is the next working day after the day the case closed', () => {
    // Thursday 26 November 2026, 15:00 in Shanghai -> Friday.
    expect(csatDueOn(new Date('2026-11-26T07:00:00Z'), calendar)).toBe('2026-11-27');
  });

  it('skips the weekend', () => {
    expect(csatDueOn(new Date('2026-11-27T07:00:00Z'), calendar)).toBe('2026-11-30');
    expect(csatDueOn(new Date('2026-11-28T07:00:00Z'), calendar)).toBe('2026-11-30');
  });

  it('counts the day in Shanghai: 23:30 UTC on Friday is already Saturday there', () => {
    expect(csatDueOn(new Date('2026-11-26T23:30:00Z'), calendar)).toBe('2026-11-30');
  });

  it('skips the National Day holidays', () => {
    // Closed on 30 September 2026: 1-7 October are days off, 8 October is a working day.
    expect(csatDueOn(new Date('2026-09-30T07:00:00Z'), calendar)).toBe('2026-10-08');
  });

  it('takes a longer delay in working days', () => {
    expect(csatDueOn(new Date('2026-11-26T07:00:00Z'), calendar, 3)).toBe('2026-12-01');
  });
});

describe('check-ins', () => {
  it('is due 1, 6 and 12 months after acceptance, within 30 days of the due day', () => {
    const accepted = goods('2026-01-05', '2026-01-15');
    expect(checkInsDue(accepted, '2026-02-14')).toEqual([]);
    expect(checkInsDue(accepted, '2026-02-15')).toEqual([{ months: 1, dueOn: '2026-02-15' }]);
    expect(checkInsDue(accepted, '2026-03-16')).toEqual([{ months: 1, dueOn: '2026-02-15' }]);
    expect(checkInsDue(accepted, '2026-03-17')).toEqual([]);
    expect(checkInsDue(accepted, '2026-07-15')).toEqual([{ months: 6, dueOn: '2026-07-15' }]);
    expect(checkInsDue(accepted, '2027-01-15')).toEqual([{ months: 12, dueOn: '2027-01-15' }]);
  });

  it('counts from delivery when the delivery was never accepted', () => {
    expect(checkInsDue(goods('2026-01-05'), '2026-02-05')).toEqual([{ months: 1, dueOn: '2026-02-05' }]);
  });

  it('queries a start range that holds every delivery due on the day', () => {
    for (const months of [1, 6, 12]) {
      for (const runDay of ['2026-03-31', '2026-03-01', '2027-02-28']) {
        const { from, to } = checkInStartRange(months, runDay);
        for (let back = 0; back < 40; back += 1) {
          const start = addMonths(runDay, -months);
          const candidate = new Date(Date.parse(`${start}T00:00:00Z`) - back * 86_400_000)
            .toISOString()
            .slice(0, 10);
          if (checkInsDue(goods(candidate), runDay).some((due) => due.months === months)) {
            expect(candidate >= from && candidate <= to).toBe(true);
          }
        }
      }
    }
  });

  it('plans the key-customer check-in in the first 30 days of each quarter', () => {
    expect(quarterlyCheckInDue('2026-09-30')).toBeUndefined();
    expect(quarterlyCheckInDue('2026-10-01')).toEqual({ period: '2026-Q4', dueOn: '2026-10-01' });
    expect(quarterlyCheckInDue('2026-10-30')).toEqual({ period: '2026-Q4', dueOn: '2026-10-01' });
    expect(quarterlyCheckInDue('2026-10-31')).toBeUndefined();
  });
});

describe('warranty offers', () => {
  // Accepted 2025-03-10: free repair until 2027-03-09, the offer opens 60 days before 2027-03-10.
  const accepted = goods('2025-03-01', '2025-03-10');

  it('is offered from 60 days before the warranty ends up to its last free day', () => {
    expect(warrantyOfferDue(accepted, '2027-01-08')).toBeUndefined();
    expect(warrantyOfferDue(accepted, '2027-01-09')).toEqual({
      opensOn: '2027-01-09',
      freeRepairEndsOn: '2027-03-09',
    });
    expect(warrantyOfferDue(accepted, '2027-03-09')).toBeDefined();
    expect(warrantyOfferDue(accepted, '2027-03-10')).toBeUndefined();
  });

  it('follows the warranty rule for an acceptance on 29 February', () => {
    // The anniversary is 1 March 2030 (free repair ends 28 February); 60 days before is 31 December.
    expect(warrantyOfferDue(goods('2028-02-20', '2028-02-29'), '2029-12-30')).toBeUndefined();
    expect(warrantyOfferDue(goods('2028-02-20', '2028-02-29'), '2029-12-31')).toEqual({
      opensOn: '2029-12-31',
      freeRepairEndsOn: '2030-02-28',
    });
  });

  it('queries a start range that holds every open offer', () => {
    const { from, to } = warrantyStartRange('2027-01-09');
    expect(from <= '2025-03-10' && '2025-03-10' <= to).toBe(true);
    const last = warrantyStartRange('2027-03-09');
    expect(last.from <= '2025-03-10' && '2025-03-10' <= last.to).toBe(true);
  });
});

describe('frequencyCap', () => {
  const now = new Date('2026-11-27T02:00:00.000Z');

  it('allows a contact never mailed, or mailed 14 days ago or earlier', () => {
    expect(frequencyCap(undefined, now)).toEqual({ allowed: true });
    expect(frequencyCap('2026-11-13T02:00:00.000Z', now)).toEqual({ allowed: true });
  });

  it('postpones to 14 days after the last mail', () => {
    expect(frequencyCap('2026-11-13T02:00:00.001Z', now)).toEqual({
      allowed: false,
      nextAt: '2026-11-27T02:00:00.001Z',
    });
    expect(frequencyCap('2026-11-20T09:30:00.000Z', now)).toEqual({
      allowed: false,
      nextAt: '2026-12-04T09:30:00.000Z',
    });
  });

  it('gives the send condition the same boundary', () => {
    expect(capStart(now)).toBe('2026-11-13T02:00:00.000Z');
  });
});

describe('runClock', () => {
  const now = new Date('2026-11-27T02:00:00.000Z');

  it('is now without asOf', () => {
    expect(runClock(undefined, now)).toEqual({ now, day: '2026-11-27' });
  });

  it('takes a day as the end of that day in Shanghai', () => {
    expect(runClock('2027-03-01', now)).toEqual({
      now: new Date('2027-03-01T15:59:59.999Z'),
      day: '2027-03-01',
    });
  });

  it('takes an instant as it is, with its Shanghai day', () => {
    expect(runClock('2027-03-01T18:00:00Z', now)).toEqual({
      now: new Date('2027-03-01T18:00:00.000Z'),
      day: '2027-03-02',
    });
  });

  it.each(['2027-02-30', 'tomorrow', '2027-03-01T25:00:00Z', '2027-03-01 10:00'])('refuses %s', (asOf) => {
    expect(() => runClock(asOf, now)).toThrow(RangeError);
  });
});

import {
  type ContactFact,
  carePlanStatus,
  contactLogIssues,
  daysBetween,
  isOpenCase,
  pendingFollowUps,
  periodsOf,
} from '../../shared/domain/care-plan.ts';
import { routes } from '../../shared/http/routes.ts';

/** A contact at 10:00 Shanghai time on `day`. */
const on = (
  day: string,
  kind: ContactFact['kind'] = 'visit',
  extra: Partial<ContactFact> = {},
): ContactFact => ({
  kind,
  at: new Date(`${day}T10:00:00+08:00`).toISOString(),
  ...extra,
});

describe('periods', () => {
  it('finds the calendar year and quarter of a day', () => {
    expect(periodsOf('2026-11-27')).toEqual({
      year: { name: '2026', first: '2026-01-01', next: '2027-01-01' },
      quarter: { name: '2026-Q4', first: '2026-10-01', next: '2027-01-01' },
    });
    expect(periodsOf('2026-05-01').quarter).toEqual({
      name: '2026-Q2',
      first: '2026-04-01',
      next: '2026-07-01',
    });
  });

  it('counts days across a leap day', () => {
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
    expect(daysBetween('2026-03-01', '2026-02-28')).toBe(-1);
  });
});

describe('whether a contact plan is on track', () => {
  it('has no plan without targets or a planned contact', () => {
    expect(carePlanStatus(undefined, [], '2026-11-27')).toEqual({ status: 'noPlan' });
    expect(carePlanStatus({}, [on('2026-11-01')], '2026-11-27')).toEqual({ status: 'noPlan' });
  });

  it('expects visits in step with the year: 4 a year are 1 due by 2 April (day 92 of 365)', () => {
    expect(carePlanStatus({ visitsPerYear: 4 }, [], '2026-04-01').visits).toMatchObject({ dueByNow: 0 });
    const status = carePlanStatus({ visitsPerYear: 4 }, [], '2026-04-02');
    expect(status).toEqual({
      status: 'behind',
      visits: { period: '2026', planned: 4, done: 0, dueByNow: 1, onTrack: false },
    });
  });

  it('expects every planned visit by the last day of the year', () => {
    const three = [on('2026-02-01'), on('2026-06-01', 'meeting'), on('2026-09-01')];

    expect(carePlanStatus({ visitsPerYear: 4 }, three, '2026-12-31').visits).toMatchObject({
      done: 3,
      dueByNow: 4,
      onTrack: false,
    });
    expect(carePlanStatus({ visitsPerYear: 4 }, [...three, on('2026-12-31')], '2026-12-31').status).toBe(
      'onTrack',
    );
  });

  it("counts visits and meetings as visits, calls as calls, and neither last year's nor emails", () => {
    const contacts = [
      on('2025-12-31'),
      on('2026-01-10', 'meeting'),
      on('2026-02-01', 'email'),
      on('2026-02-02', 'call'),
    ];

    const status = carePlanStatus({ visitsPerYear: 12, callsPerQuarter: 3 }, contacts, '2026-02-15');

    expect(status.visits).toMatchObject({ period: '2026', done: 1, dueByNow: 1, onTrack: true });
    expect(status.calls).toMatchObject({ period: '2026-Q1', done: 1, dueByNow: 1, onTrack: true });
  });

  it('counts calls of the current quarter only', () => {
    const status = carePlanStatus({ callsPerQuarter: 2 }, [on('2026-09-30', 'call')], '2026-11-27');

    // Q4 has 92 days; 27 November is day 58: 2 x 58 / 92 = 1.26 -> 1 call expected, none made.
    expect(status).toEqual({
      status: 'behind',
      calls: { period: '2026-Q4', planned: 2, done: 0, dueByNow: 1, onTrack: false },
    });
  });

  it('takes the contact day in Shanghai: 31 December 17:00 UTC is already New Year', () => {
    const lateCall = { kind: 'call' as const, at: '2026-12-31T17:00:00.000Z' };

    expect(carePlanStatus({ callsPerQuarter: 1 }, [lateCall], '2027-01-01').calls).toMatchObject({ done: 1 });
  });

  it('is behind once the planned contact day has passed with no contact since', () => {
    const status = carePlanStatus({ nextContactOn: '2026-11-20' }, [on('2026-11-19', 'call')], '2026-11-27');

    expect(status).toEqual({
      status: 'behind',
      nextContact: { on: '2026-11-20', overdue: true, daysOverdue: 7 },
    });
  });

  it('is on track on the planned day itself, and once a contact is made on or after it', () => {
    expect(carePlanStatus({ nextContactOn: '2026-11-27' }, [], '2026-11-27')).toEqual({
      status: 'onTrack',
      nextContact: { on: '2026-11-27', overdue: false },
    });
    expect(
      carePlanStatus({ nextContactOn: '2026-11-20' }, [on('2026-11-20', 'email')], '2026-11-27').status,
    ).toBe('onTrack');
  });
});

describe('follow-ups still to make', () => {
  it('lists a follow-up until a later contact is logged, overdue once its day has passed', () => {
    const asked = on('2026-11-01', 'visit', { id: 'c1', followUpOn: '2026-11-10' });

    expect(pendingFollowUps([asked], '2026-11-09')).toEqual([
      { contactId: 'c1', on: '2026-11-10', overdue: false },
    ]);
    expect(pendingFollowUps([asked], '2026-11-11')).toEqual([
      { contactId: 'c1', on: '2026-11-10', overdue: true },
    ]);
    expect(pendingFollowUps([asked, on('2026-11-05', 'call')], '2026-11-11')).toEqual([]);
  });
});

describe('open cases', () => {
  it('keeps a complaint open until it is archived', () => {
    expect(isOpenCase('complaint', 'RECEIVED')).toBe(true);
    expect(isOpenCase('complaint', 'CLOSED')).toBe(true);
    expect(isOpenCase('complaint', 'ARCHIVED')).toBe(false);
  });

  it('keeps an inquiry or service request open until it is closed', () => {
    expect(isOpenCase('serviceRequest', 'RECEIVED')).toBe(true);
    expect(isOpenCase('serviceRequest', 'CLOSED')).toBe(false);
    expect(isOpenCase('inquiry', 'ARCHIVED')).toBe(false);
  });
});

describe('a logged contact', () => {
  const now = new Date('2026-11-27T08:00:00Z');

  it('may be up to 5 minutes ahead of our clock, no more', () => {
    expect(contactLogIssues({ at: '2026-11-27T08:04:00Z' }, now)).toEqual([]);
    expect(contactLogIssues({ at: '2026-11-27T08:06:00Z' }, now)).toEqual([
      { field: 'at', code: 'in_future', messageKey: 'care.contactInFuture' },
    ]);
  });

  it('asks for a follow-up on the day of the contact (Shanghai) or later', () => {
    // 26 November 20:00 UTC is 27 November in Shanghai.
    expect(contactLogIssues({ at: '2026-11-26T20:00:00Z', followUpOn: '2026-11-27' }, now)).toEqual([]);
    expect(contactLogIssues({ at: '2026-11-26T20:00:00Z', followUpOn: '2026-11-26' }, now)).toEqual([
      { field: 'followUpOn', code: 'before_contact', messageKey: 'care.followUpBeforeContact' },
    ]);
  });
});

describe('the care routes', () => {
  it("let the customers' readers read and their editors log contacts", () => {
    expect(routes.getCustomerCare.access).toEqual(routes.getCustomer.access);
    expect(routes.listCustomerContacts.access).toEqual(routes.getCustomer.access);
    expect(routes.listCustomerSurveys.access).toEqual(routes.getCustomer.access);
    expect(routes.logCustomerContact.access).toEqual(routes.updateCustomer.access);
  });
});

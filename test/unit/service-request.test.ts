import type { WorkingCalendar } from '../../shared/calendar/working-days.ts';
import {
  allowedActions,
  firstResponseInTarget,
  nextStatus,
  outcomeOf,
  type ServiceAction,
  type ServiceStatus,
  ServiceTransitionError,
  ServiceWarrantyError,
  serviceActions,
  serviceStatuses,
  serviceTransitions,
  transition,
  visitInTarget,
  workingDaysBetween,
  workingMinutesBetween,
} from '../../shared/domain/service-request.ts';
import { ConflictError } from '../../shared/errors.ts';

/**
 * The lifecycle as the requirements read, written out independently of the model's table:
 * every legal (status, action) pair and where it leads. Anything else must be refused.
 */
const expectedLegal: Record<string, ServiceStatus> = {
  'RECEIVED triage': 'TRIAGED',
  'RECEIVED quote': 'QUOTED',
  'RECEIVED cancel': 'CLOSED',
  'TRIAGED assign': 'ASSIGNED',
  'TRIAGED cancel': 'CLOSED',
  'QUOTED quote': 'QUOTED',
  'QUOTED acceptQuote': 'QUOTE_ACCEPTED',
  'QUOTED declineQuote': 'QUOTE_DECLINED',
  'QUOTED cancel': 'CLOSED',
  'QUOTE_ACCEPTED assign': 'ASSIGNED',
  'QUOTE_ACCEPTED cancel': 'CLOSED',
  'QUOTE_DECLINED close': 'CLOSED',
  'ASSIGNED assign': 'ASSIGNED',
  'ASSIGNED scheduleVisit': 'VISIT_SCHEDULED',
  'ASSIGNED cancel': 'CLOSED',
  'VISIT_SCHEDULED scheduleVisit': 'VISIT_SCHEDULED',
  'VISIT_SCHEDULED reportVisit': 'VISITED',
  'VISIT_SCHEDULED cancel': 'CLOSED',
  'VISITED complete': 'COMPLETED',
  'COMPLETED close': 'CLOSED',
};

// Every pair of the model's statuses and actions (plus statuses the model does not know):
// a new status or action is in this matrix the moment it is added.
const matrix = [...serviceStatuses, 'ARCHIVED', 'NONSENSE'].flatMap((status) =>
  serviceActions.map((action) => [status, action] as const),
);

describe('the service request state model', () => {
  it.each(matrix)('decides %s + %s as the lifecycle says', (status, action) => {
    const expected = expectedLegal[`${status} ${action}`];

    const result = transition(status, action);

    expect(result).toEqual(expected ? { allowed: true, to: expected } : { allowed: false, reason: 'status' });
  });

  it('lists no legal pair the model does not have', () => {
    const modelPairs = Object.entries(serviceTransitions).flatMap(([action, rule]) =>
      rule.from.map((from) => `${from} ${action}`),
    );

    expect(modelPairs.sort()).toEqual(Object.keys(expectedLegal).sort());
  });

  it('ends every way out in CLOSED, and nothing leaves CLOSED', () => {
    expect(allowedActions('CLOSED')).toEqual([]);
    expect(transition('COMPLETED', 'close')).toEqual({ allowed: true, to: 'CLOSED' });
    expect(transition('QUOTE_DECLINED', 'close')).toEqual({ allowed: true, to: 'CLOSED' });
    expect(transition('ASSIGNED', 'cancel')).toEqual({ allowed: true, to: 'CLOSED' });
  });

  it('refuses to cancel once the visit is reported', () => {
    expect(transition('VISITED', 'cancel')).toEqual({ allowed: false, reason: 'status' });
    expect(transition('COMPLETED', 'cancel')).toEqual({ allowed: false, reason: 'status' });
  });

  it('refuses to report a visit that was never scheduled', () => {
    expect(transition('ASSIGNED', 'reportVisit')).toEqual({ allowed: false, reason: 'status' });
  });

  it('allows rescheduling a scheduled visit', () => {
    expect(nextStatus('VISIT_SCHEDULED', 'scheduleVisit')).toBe('VISIT_SCHEDULED');
  });

  it('refuses triage of chargeable maintenance and a quote for a free repair', () => {
    expect(transition('RECEIVED', 'triage', 'chargeable')).toEqual({ allowed: false, reason: 'warranty' });
    expect(transition('RECEIVED', 'quote', 'free')).toEqual({ allowed: false, reason: 'warranty' });
    expect(transition('RECEIVED', 'triage', 'free')).toEqual({ allowed: true, to: 'TRIAGED' });
    expect(transition('RECEIVED', 'quote', 'chargeable')).toEqual({ allowed: true, to: 'QUOTED' });
  });

  it('leaves the choice to Customer Service when the warranty is unknown', () => {
    expect(allowedActions('RECEIVED', 'unknown')).toEqual(['triage', 'quote', 'cancel']);
    expect(allowedActions('RECEIVED', 'free')).toEqual(['triage', 'cancel']);
    expect(allowedActions('RECEIVED', 'chargeable')).toEqual(['quote', 'cancel']);
  });

  it('throws a 409 naming the status and the action for an illegal pair', () => {
    const error = (() => {
      try {
        nextStatus('COMPLETED', 'triage');
      } catch (caught) {
        return caught;
      }
    })();

    expect(error).toBeInstanceOf(ServiceTransitionError);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ status: 409, titleParams: { status: 'COMPLETED', action: 'triage' } });
  });

  it('throws its own 409 when the warranty refuses', () => {
    expect(() => nextStatus('RECEIVED', 'quote', 'free')).toThrow(ServiceWarrantyError);
  });

  it.each([
    ['COMPLETED', 'close', 'completed'],
    ['QUOTE_DECLINED', 'close', 'quoteDeclined'],
    ['RECEIVED', 'cancel', 'cancelled'],
    ['VISITED', 'complete', undefined],
  ] as [ServiceStatus, ServiceAction, string | undefined][])(
    'records the outcome of %s + %s as %s',
    (status, action, outcome) => {
      expect(outcomeOf(status, action)).toBe(outcome);
    },
  );
});

describe('working days between two days', () => {
  // Weekends off, and 2026-10-01 a holiday; 2026-09-27 (a Sunday) a make-up working day.
  const calendar: WorkingCalendar = {
    isWorkingDay: (day) => {
      if (day === '2026-10-01') return false;
      if (day === '2026-09-27') return true;
      const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
      return weekday !== 0 && weekday !== 6;
    },
    coverage: () => 'official',
  };

  it('counts nothing on the same day', () => {
    expect(workingDaysBetween('2026-11-27', '2026-11-27', calendar)).toBe(0);
  });

  it('counts Friday to Monday as one working day', () => {
    expect(workingDaysBetween('2026-11-27', '2026-11-30', calendar)).toBe(1);
  });

  it('skips a holiday and counts a make-up Sunday', () => {
    expect(workingDaysBetween('2026-09-30', '2026-10-02', calendar)).toBe(1);
    expect(workingDaysBetween('2026-09-26', '2026-09-28', calendar)).toBe(2);
  });

  it('counts nothing when the second day is before the first', () => {
    expect(workingDaysBetween('2026-11-27', '2026-11-20', calendar)).toBe(0);
  });
});

describe('first responses and visits against the standard', () => {
  const weekdays: WorkingCalendar = {
    isWorkingDay: (day) => ![0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay()),
    coverage: () => 'official',
  };
  const at = (iso: string) => new Date(iso);

  it('counts only office hours of working days', () => {
    // Friday 16:00 to Monday 10:00 (Shanghai): 1 hour on Friday, 1 hour on Monday.
    expect(
      workingMinutesBetween(at('2026-11-27T16:00:00+08:00'), at('2026-11-30T10:00:00+08:00'), weekdays),
    ).toBe(120);
  });

  it('meets a 4-working-hour target over a weekend, and misses it after 5', () => {
    const target = { value: 4, unit: 'workingHours' } as const;
    const received = at('2026-11-27T15:00:00+08:00');

    expect(firstResponseInTarget(received, at('2026-11-30T11:00:00+08:00'), target, weekdays)).toBe(true);
    expect(firstResponseInTarget(received, at('2026-11-30T12:01:00+08:00'), target, weekdays)).toBe(false);
  });

  it('meets a 1-working-day target on the next working day', () => {
    const target = { value: 1, unit: 'workingDays' } as const;
    const received = at('2026-11-27T15:00:00+08:00');

    expect(firstResponseInTarget(received, at('2026-11-30T17:00:00+08:00'), target, weekdays)).toBe(true);
    expect(firstResponseInTarget(received, at('2026-12-01T09:00:00+08:00'), target, weekdays)).toBe(false);
  });

  it('takes a visit within the working days of the standard as in target', () => {
    expect(
      visitInTarget(3, { firstResponse: { value: 1, unit: 'workingDays' }, visitWithinWorkingDays: 3 }),
    ).toBe(true);
    expect(
      visitInTarget(4, { firstResponse: { value: 1, unit: 'workingDays' }, visitWithinWorkingDays: 3 }),
    ).toBe(false);
  });
});

import { dateViolations, isSpamTrapFilled, staffOnlyViolations } from '../../shared/domain/intake.ts';

const now = new Date('2026-11-27T02:00:00Z');
const today = '2026-11-27';

describe('intake rules', () => {
  it('names every staff-only field a public caller set', () => {
    expect(staffOnlyViolations({ channel: 'phone', origin: 'market' }, false).map((v) => v.field)).toEqual([
      'channel',
      'origin',
    ]);
    expect(staffOnlyViolations({ channel: 'phone' }, true)).toEqual([]);
  });

  it('asks staff for the channel', () => {
    expect(dateViolations({}, true, now, today).map((v) => v.field)).toEqual(['channel']);
    expect(dateViolations({}, false, now, today)).toEqual([]);
  });

  it('tolerates five minutes of clock difference on the time of receipt, not more', () => {
    const soon = new Date(now.getTime() + 4 * 60_000).toISOString();
    const later = new Date(now.getTime() + 6 * 60_000).toISOString();
    expect(dateViolations({ channel: 'phone', receivedAt: soon }, true, now, today)).toEqual([]);
    expect(
      dateViolations({ channel: 'phone', receivedAt: later }, true, now, today).map((v) => v.field),
    ).toEqual(['receivedAt']);
  });

  it('refuses problems found after today and visits wanted before today', () => {
    const violations = dateViolations(
      { problemDate: '2026-11-28', preferredVisitDates: ['2026-11-27', '2026-11-26'] },
      false,
      now,
      today,
    );
    expect(violations.map((v) => v.field)).toEqual(['problemDate', 'preferredVisitDates.1']);
  });

  it('sees a filled spam trap, ignoring blanks', () => {
    expect(isSpamTrapFilled({ website: ' x ' })).toBe(true);
    expect(isSpamTrapFilled({ website: '  ' })).toBe(false);
    expect(isSpamTrapFilled({})).toBe(false);
  });
});

import lunar from 'lunar-javascript';
import { addDays, type PlainDate } from '../../shared/calendar/plain-date.ts';
import { chinaCalendar, HolidayOverridesError } from '../../shared/calendar/working-days.ts';

const { HolidayUtil } = lunar;

/** Every day from `first` to `last`, inclusive. */
const daysFrom = (first: PlainDate, last: PlainDate) => {
  const days: PlainDate[] = [];
  for (let day = first; day <= last; day = addDays(day, 1)) days.push(day);
  return days;
};

/** An override file with one year in it. */
const anOverrideFile = (
  year: string,
  entry: { source?: string; daysOff?: PlainDate[]; workingDays?: PlainDate[] } = {},
) => ({ years: { [year]: { source: '国务院办公厅关于部分节假日安排的通知', ...entry } } });

const errorOf = (act: () => unknown): Error => {
  try {
    act();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
};

describe('HolidayUtil, the official table the calendar reads', () => {
  it('lists Saturdays 14 and 28 February 2026 as Spring Festival make-up working days (调休上班)', () => {
    for (const day of ['2026-02-14', '2026-02-28']) {
      const holiday = HolidayUtil.getHoliday(day);
      expect({ name: holiday?.getName(), work: holiday?.isWork() }).toEqual({ name: '春节', work: true });
    }
  });

  it('lists 15 to 23 February 2026 as the Spring Festival days off', () => {
    const offDays = HolidayUtil.getHolidays(2026)
      .filter((holiday) => holiday.getName() === '春节' && !holiday.isWork())
      .map((holiday) => holiday.getDay());
    expect(offDays).toEqual(daysFrom('2026-02-15', '2026-02-23'));
  });

  it('lists 1 to 7 October 2026 off and Sunday 20 September and Saturday 10 October as make-up days', () => {
    const nationalDay = HolidayUtil.getHolidays(2026).filter((holiday) => holiday.getName() === '国庆节');
    expect(nationalDay.filter((h) => !h.isWork()).map((h) => h.getDay())).toEqual(
      daysFrom('2026-10-01', '2026-10-07'),
    );
    expect(nationalDay.filter((h) => h.isWork()).map((h) => h.getDay())).toEqual([
      '2026-09-20',
      '2026-10-10',
    ]);
  });

  it('has no table for 2027 yet', () => {
    expect(HolidayUtil.getHolidays(2027)).toEqual([]);
  });
});

describe('the China working-day calendar with official data', () => {
  const calendar = chinaCalendar();

  it('takes Spring Festival 2026, 15 to 23 February, off', () => {
    for (const day of daysFrom('2026-02-15', '2026-02-23'))
      expect([day, calendar.isWorkingDay(day)]).toEqual([day, false]);
  });

  it('works on the Spring Festival make-up Saturdays 14 and 28 February 2026', () => {
    expect(calendar.isWorkingDay('2026-02-14')).toBe(true);
    expect(calendar.isWorkingDay('2026-02-28')).toBe(true);
  });

  it('takes National Day 2026, 1 to 7 October, off', () => {
    for (const day of daysFrom('2026-10-01', '2026-10-07'))
      expect([day, calendar.isWorkingDay(day)]).toEqual([day, false]);
  });

  it('works on the National Day make-up days Sunday 20 September and Saturday 10 October 2026', () => {
    expect(calendar.isWorkingDay('2026-09-20')).toBe(true);
    expect(calendar.isWorkingDay('2026-10-10')).toBe(true);
  });

  it('takes Mid-Autumn Festival, Friday 25 September 2026, off', () => {
    expect(calendar.isWorkingDay('2026-09-25')).toBe(false);
  });

  it('keeps an ordinary weekend off and an ordinary weekday working', () => {
    expect(calendar.isWorkingDay('2026-03-07')).toBe(false);
    expect(calendar.isWorkingDay('2026-03-08')).toBe(false);
    expect(calendar.isWorkingDay('2026-03-09')).toBe(true);
  });

  it('reports 2026 as covered by official data', () => {
    expect(calendar.coverage(2026)).toBe('official');
  });

  it('refuses a day that does not exist', () => {
    expect(() => calendar.isWorkingDay('2026-02-30')).toThrow(RangeError);
  });
});

describe('the China working-day calendar without data for a year', () => {
  const calendar = chinaCalendar();

  it('reports 2027 as a weekday estimate', () => {
    expect(calendar.coverage(2027)).toBe('weekday-estimate');
  });

  it('estimates Monday to Friday as working days, even New Year’s Day 2027', () => {
    expect(calendar.isWorkingDay('2027-01-01')).toBe(true);
    expect(calendar.isWorkingDay('2027-01-02')).toBe(false);
    expect(calendar.isWorkingDay('2027-01-03')).toBe(false);
    expect(calendar.isWorkingDay('2027-01-04')).toBe(true);
  });
});

describe('the override file', () => {
  it('ships valid', () => {
    expect(() => chinaCalendar()).not.toThrow();
  });

  it('makes a year it lists override-covered and exact', () => {
    const calendar = chinaCalendar(
      anOverrideFile('2027', { daysOff: ['2027-01-01'], workingDays: ['2027-02-06'] }),
    );
    expect(calendar.coverage(2027)).toBe('override');
    expect(calendar.isWorkingDay('2027-01-01')).toBe(false);
    expect(calendar.isWorkingDay('2027-02-06')).toBe(true);
    expect(calendar.isWorkingDay('2027-01-02')).toBe(false);
    expect(calendar.isWorkingDay('2027-01-04')).toBe(true);
  });

  it('corrects a single day of a year the official table knows, leaving its other days alone', () => {
    const calendar = chinaCalendar(anOverrideFile('2026', { daysOff: ['2026-12-31'] }));
    expect(calendar.isWorkingDay('2026-12-31')).toBe(false);
    expect(calendar.isWorkingDay('2026-02-14')).toBe(true);
    expect(calendar.isWorkingDay('2026-02-16')).toBe(false);
  });

  it('can turn an official make-up working day back into a day off', () => {
    const calendar = chinaCalendar(anOverrideFile('2026', { daysOff: ['2026-02-28'] }));
    expect(calendar.isWorkingDay('2026-02-28')).toBe(false);
  });

  it('names the file and the entry when a date does not exist', () => {
    const error = errorOf(() =>
      chinaCalendar(
        anOverrideFile('2027', { daysOff: ['2027-01-01', '2027-02-30'] }),
        'holiday-overrides.json',
      ),
    );
    expect(error).toBeInstanceOf(HolidayOverridesError);
    expect(error.message).toContain('holiday-overrides.json is invalid');
    expect(error.message).toContain('years.2027.daysOff[1]: "2027-02-30" is not a real YYYY-MM-DD date');
  });

  it('refuses a day filed under another year', () => {
    const error = errorOf(() => chinaCalendar(anOverrideFile('2027', { workingDays: ['2026-02-07'] })));
    expect(error.message).toContain('years.2027.workingDays[0]: 2026-02-07 is not in 2027');
  });

  it('refuses a day that is both off and working', () => {
    const error = errorOf(() =>
      chinaCalendar(anOverrideFile('2027', { daysOff: ['2027-02-07'], workingDays: ['2027-02-07'] })),
    );
    expect(error.message).toContain(
      'years.2027.workingDays[0]: 2027-02-07 is listed twice (also in daysOff[0])',
    );
  });

  it('refuses a year without the notice it was copied from', () => {
    const error = errorOf(() => chinaCalendar(anOverrideFile('2027', { source: ' ' })));
    expect(error.message).toContain('years.2027.source: name the notice the days come from');
  });

  it('refuses a misspelt list name instead of ignoring it', () => {
    const error = errorOf(() => chinaCalendar({ years: { '2027': { source: 'notice', workdays: [] } } }));
    expect(error.message).toMatch(/years\.2027: .*workdays/);
  });

  it('refuses a year key that is not four digits', () => {
    const error = errorOf(() => chinaCalendar({ years: { '27': { source: 'notice' } } }));
    expect(error.message).toContain('a year key is four digits');
  });
});

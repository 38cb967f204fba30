import lunar from 'lunar-javascript';
import { z } from 'zod';
import bundledOverrides from './holiday-overrides.json' with { type: 'json' };
import { addDays, type PlainDate, parsePlainDate } from './plain-date.ts';

const { HolidayUtil } = lunar;

/** Where a year's 工作日 come from; `weekday-estimate` means no data: Monday-Friday is assumed. */
export type CalendarCoverage = 'official' | 'override' | 'weekday-estimate';

/** Mainland China's working days (工作日), holidays and make-up working days (调休上班) included. */
export interface WorkingCalendar {
  /** Whether `day` (a Shanghai calendar day) is a working day. */
  isWorkingDay(day: PlainDate): boolean;
  /** Which data decides `year`; `weekday-estimate` results must be reported as estimated. */
  coverage(year: number): CalendarCoverage;
}

const BUNDLED_ORIGIN = 'shared/calendar/holiday-overrides.json';

/** The override file is unusable; the message names the file and each bad entry. */
export class HolidayOverridesError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HolidayOverridesError';
  }
}

/** A real `YYYY-MM-DD` calendar day (no 30 February). */
const isRealDay = (day: string) => {
  try {
    return addDays(day, 0) === day;
  } catch {
    return false;
  }
};

const listedDay = z
  .string()
  .refine(isRealDay, { error: (issue) => `${JSON.stringify(issue.input)} is not a real YYYY-MM-DD date` });

const overrideYear = z.strictObject({
  /** The notice the days were copied from, e.g. 国务院办公厅关于2027年部分节假日安排的通知. */
  source: z.string().trim().min(1, { error: 'name the notice the days come from' }),
  daysOff: z.array(listedDay).default([]),
  workingDays: z.array(listedDay).default([]),
});

const overridesFile = z
  .strictObject({
    $comment: z.string().optional(),
    years: z.record(
      z.string().regex(/^\d{4}$/, { error: 'a year key is four digits, e.g. "2027"' }),
      overrideYear,
    ),
  })
  .superRefine((file, ctx) => {
    for (const [year, entry] of Object.entries(file.years)) {
      const seen = new Map<PlainDate, string>();
      for (const list of ['daysOff', 'workingDays'] as const) {
        entry[list].forEach((day, index) => {
          const path = ['years', year, list, index];
          if (!day.startsWith(`${year}-`)) {
            ctx.addIssue({ code: 'custom', path, message: `${day} is not in ${year}` });
          }
          const earlier = seen.get(day);
          if (earlier) {
            ctx.addIssue({ code: 'custom', path, message: `${day} is listed twice (also in ${earlier})` });
          }
          seen.set(day, `${list}[${index}]`);
        });
      }
    }
  });

/** The validated override file: per year, the notice and the days it declares. */
export type HolidayOverrides = z.output<typeof overridesFile>;

const describePath = (path: readonly PropertyKey[]) =>
  path.reduce<string>(
    (text, key) =>
      typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key),
    '',
  ) || '(file)';

/** Validates an override file's content; throws a `HolidayOverridesError` naming every bad entry. */
export function parseHolidayOverrides(input: unknown, origin = BUNDLED_ORIGIN): HolidayOverrides {
  const result = overridesFile.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    // A bad record key is reported as a generic "Invalid key"; its own check says why.
    const message =
      issue.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : issue.message;
    return `  - ${describePath(issue.path)}: ${message}`;
  });
  throw new HolidayOverridesError(`${origin} is invalid:\n${problems.join('\n')}`, { cause: result.error });
}

const yearOf = (day: PlainDate) => parsePlainDate(day).year;

const isMondayToFriday = (day: PlainDate) => {
  const { year, month, day: d } = parsePlainDate(day);
  const weekday = new Date(Date.UTC(year, month - 1, d)).getUTCDay();
  return weekday >= 1 && weekday <= 5;
};

/**
 * The China calendar: a day listed in the override file decides first, then
 * lunar-javascript's official table (HolidayUtil), then Monday-Friday. A year in the
 * override file counts as covered by it (`override`); a year in neither is a
 * `weekday-estimate`. `overrides` is the parsed override file, validated here
 * (default: the bundled `holiday-overrides.json`).
 */
export function chinaCalendar(
  overrides: unknown = bundledOverrides,
  origin = BUNDLED_ORIGIN,
): WorkingCalendar {
  const file = parseHolidayOverrides(overrides, origin);
  const overrideYears = new Set(Object.keys(file.years).map(Number));
  const overrideDays = new Map<PlainDate, boolean>();
  for (const entry of Object.values(file.years)) {
    for (const day of entry.daysOff) overrideDays.set(day, false);
    for (const day of entry.workingDays) overrideDays.set(day, true);
  }

  // HolidayUtil's table for one year, read once: day -> is it a working day.
  const officialYears = new Map<number, ReadonlyMap<PlainDate, boolean>>();
  const officialYear = (year: number) => {
    let table = officialYears.get(year);
    if (!table) {
      table = new Map(HolidayUtil.getHolidays(year).map((holiday) => [holiday.getDay(), holiday.isWork()]));
      officialYears.set(year, table);
    }
    return table;
  };

  return {
    isWorkingDay(day) {
      if (!isRealDay(day)) throw new RangeError(`not a real YYYY-MM-DD date: ${day}`);
      return overrideDays.get(day) ?? officialYear(yearOf(day)).get(day) ?? isMondayToFriday(day);
    },
    coverage(year) {
      if (overrideYears.has(year)) return 'override';
      if (officialYear(year).size > 0) return 'official';
      return 'weekday-estimate';
    },
  };
}

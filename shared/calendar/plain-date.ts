/** A calendar date `YYYY-MM-DD` with no time zone (a delivery date, an acceptance date). */
export type PlainDate = string;

export const SHANGHAI = 'Asia/Shanghai';

const shanghaiFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: SHANGHAI,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar day an instant falls on in China (UTC+8, no daylight saving). */
export function shanghaiDate(instant: Date): PlainDate {
  return shanghaiFormat.format(instant);
}

/** The instant a Shanghai calendar day starts. */
export function startOfShanghaiDay(day: PlainDate): Date {
  return new Date(`${day}T00:00:00+08:00`);
}

export function parsePlainDate(day: PlainDate): { year: number; month: number; day: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) throw new RangeError(`not a YYYY-MM-DD date: ${day}`);
  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Adds (or with a negative count, subtracts) calendar days. */
export function addDays(day: PlainDate, days: number): PlainDate {
  const { year, month, day: d } = parsePlainDate(day);
  const date = new Date(Date.UTC(year, month - 1, d + days));
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

export const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/**
 * The same month and day `years` later. 29 February becomes 1 March in a common year
 * (the anniversary is the day after 28 February), so a term never ends early.
 */
export function addYears(day: PlainDate, years: number): PlainDate {
  const { year, month, day: d } = parsePlainDate(day);
  const target = year + years;
  if (month === 2 && d === 29 && !isLeapYear(target)) return `${pad(target, 4)}-03-01`;
  return `${pad(target, 4)}-${pad(month)}-${pad(d)}`;
}

/**
 * The part of lunar-javascript 1.7.7 (CommonJS, no bundled types) this project uses:
 * HolidayUtil's table of official holidays and make-up working days (调休).
 */
declare module 'lunar-javascript' {
  /** One day of an official holiday arrangement. */
  interface Holiday {
    /** `YYYY-MM-DD`. */
    getDay(): string;
    /** The holiday's Chinese name, e.g. `春节`. */
    getName(): string;
    /** `true` for a make-up working day (调休上班), `false` for a day off. */
    isWork(): boolean;
    /** The holiday this day belongs to, `YYYY-MM-DD`. */
    getTarget(): string;
  }

  interface HolidayUtilApi {
    /** The arrangement for one day (`YYYY-MM-DD`), or null for an ordinary day. */
    getHoliday(day: string): Holiday | null;
    /** Every arranged day of a year; empty when the library has no data for it. */
    getHolidays(year: number | string): Holiday[];
  }

  const lunar: { readonly HolidayUtil: HolidayUtilApi };
  export = lunar;
}

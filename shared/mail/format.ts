import { SHANGHAI } from '../calendar/plain-date.ts';

const shanghaiMinute = new Intl.DateTimeFormat('sv-SE', {
  timeZone: SHANGHAI,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

/** `2026-11-27 09:30 (UTC+8)`: times in emails are Beijing time, as customers read them. */
export const beijingTime = (iso: string): string => `${shanghaiMinute.format(new Date(iso))} (UTC+8)`;

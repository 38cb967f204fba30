import { Cron } from 'croner';
import {
  type ScheduleDefinition,
  scheduleHandlerPath,
  schedules,
  scheduleTimeZone,
} from '../shared/schedules.ts';
import { invokeFunction } from './invoke.ts';

const RATE = /^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$/;
const UNIT_MS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** `rate(5 minutes)` -> 300000 ms; undefined for a cron expression. */
export function rateMs(expression: string): number | undefined {
  const match = RATE.exec(expression);
  if (!match) return undefined;
  return Number(match[1]) * (UNIT_MS[(match[2] ?? '').replace(/s$/, '')] ?? 0);
}

/**
 * EventBridge `cron(min hour dom month dow year)` -> a croner pattern (seconds first, no year).
 * EventBridge numbers the days of the week 1-7 from Sunday, croner 0-6: numbers in the
 * day-of-week field are shifted (names such as MON-FRI are the same in both); `?` ("no
 * value" in the day-of-month or day-of-week field) is croner's `*`. Only a `*` year is
 * supported: a schedule bound to particular years is refused rather than run every year.
 */
export const cronPattern = (expression: string): string => {
  const match = /^cron\((.*)\)$/.exec(expression.trim());
  const fields = (match?.[1] ?? '').trim().split(/\s+/);
  if (fields.length !== 6) throw new Error(`not an EventBridge cron expression: ${expression}`);
  const [minute, hour, dayOfMonth, month, dayOfWeek, year] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (year !== '*')
    throw new Error(`the local scheduler cannot run a cron for particular years: ${expression}`);
  const anyWhenQuestion = (field: string) => (field === '?' ? '*' : field);
  // A number before `-`, `,`, `/`, `#` or `L` or at the end is a day; after `/` or `#` it is a step or an nth.
  const weekdays = anyWhenQuestion(dayOfWeek)
    .replace(/(^|[-,])(\d+)/g, (_all, lead: string, day: string) => {
      const n = Number(day);
      if (n < 1 || n > 7) throw new Error(`day of week ${day} is out of 1-7 (SUN-SAT): ${expression}`);
      return `${lead}${n - 1}`;
    })
    // The last such weekday of the month: EventBridge `6L`, croner `5#L`.
    .replace(/(\d)L$/, '$1#L');
  return `0 ${minute} ${hour} ${anyWhenQuestion(dayOfMonth)} ${month} ${weekdays}`;
};

export interface LocalScheduler {
  /**
   * Runs a job now, as the schedule would (the local `POST /_local/schedules/{name}`); with
   * `asOf` (YYYY-MM-DD or an ISO instant) the job acts as of that time (`event.asOf`).
   */
  run(name: string, asOf?: string): Promise<unknown>;
  has(name: string): boolean;
  stop(): void;
}

/** EventBridge Scheduler stand-in: a timer per schedule registry entry, in Asia/Shanghai. */
export function startScheduler(
  projectRoot: string,
  options: { timers: boolean; onError: (name: string, error: unknown) => void },
): LocalScheduler {
  const stops: (() => void)[] = [];
  const byName = new Map<string, ScheduleDefinition>(schedules.map((s) => [s.name, s]));
  const run = (name: string, asOf?: string) =>
    invokeFunction(
      projectRoot,
      scheduleHandlerPath(name),
      { functionName: `aftersales-${name}`, timeoutMs: 120_000 },
      { source: 'aws.scheduler', schedule: name, time: new Date().toISOString(), ...(asOf ? { asOf } : {}) },
    );
  const guarded = (name: string) => () => void run(name).catch((error) => options.onError(name, error));
  if (options.timers) {
    for (const schedule of byName.values()) {
      const every = rateMs(schedule.expression);
      if (every) {
        const timer = setInterval(guarded(schedule.name), every);
        stops.push(() => clearInterval(timer));
      } else {
        const job = new Cron(
          cronPattern(schedule.expression),
          { timezone: scheduleTimeZone },
          guarded(schedule.name),
        );
        stops.push(() => job.stop());
      }
    }
  }
  return {
    run,
    has: (name) => byName.has(name),
    stop: () => {
      for (const stop of stops) stop();
    },
  };
}

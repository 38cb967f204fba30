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

/** EventBridge `cron(min hour dom month dow year)` -> a croner pattern (seconds first, no year). */
export const cronPattern = (expression: string): string => {
  const fields = expression
    .replace(/^cron\((.*)\)$/, '$1')
    .trim()
    .split(/\s+/);
  return `0 ${fields.slice(0, 5).join(' ')}`;
};

export interface LocalScheduler {
  /** Runs a job now, as the schedule would (the local `POST /_local/schedules/{name}`). */
  run(name: string): Promise<unknown>;
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
  const run = (name: string) =>
    invokeFunction(
      projectRoot,
      scheduleHandlerPath(name),
      { functionName: `aftersales-${name}`, timeoutMs: 120_000 },
      { source: 'aws.scheduler', schedule: name, time: new Date().toISOString() },
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

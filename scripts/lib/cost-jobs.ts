// The scheduled jobs a complaint relies on, for the cost model: how often each runs, and one run
// invoked as the local scheduler invokes it, metered.
import { Cron } from 'croner';
import { invokeFunction } from '../../local/invoke.ts';
import { cronPattern, rateMs } from '../../local/scheduler.ts';
import {
  type ScheduleName,
  scheduleHandlerPath,
  schedules,
  scheduleTimeZone,
} from '../../shared/schedules.ts';
import type { CostMeter } from './cost-meter.ts';

/**
 * mail-outbox sends what SES refused at the time (nothing on a good day, but it runs), complaint-sla
 * watches every complaint awaiting its reply, survey-mail sends the satisfaction survey of a closed
 * complaint whose submitter is a known customer's contact.
 */
export const complaintJobs = [
  'mail-outbox',
  'complaint-sla',
  'survey-mail',
] as const satisfies ScheduleName[];
export type ComplaintJob = (typeof complaintJobs)[number];

const DAY_MS = 86_400_000;

/** Runs a day of a schedule expression, averaged over four weeks for a cron (weekends, office hours). */
export function runsPerDay(expression: string, from = new Date('2026-11-02T00:00:00+08:00')): number {
  const every = rateMs(expression);
  if (every !== undefined) return DAY_MS / every;
  const days = 28;
  const until = from.getTime() + days * DAY_MS;
  const cron = new Cron(cronPattern(expression), { timezone: scheduleTimeZone, paused: true });
  const runs = cron.nextRuns(days * 24 * 60, from).filter((run) => run.getTime() < until);
  return runs.length / days;
}

export const scheduleOf = (job: ComplaintJob) => {
  const schedule = schedules.find((s) => s.name === job);
  if (!schedule) throw new Error(`no schedule ${job}`);
  return schedule;
};

/** One run of a job, metered as a scheduled function; `asOf` moves the job's clock (survey-mail). */
export function runJob(meter: CostMeter, projectRoot: string, job: ComplaintJob, asOf?: string) {
  return meter.scheduled(job, () =>
    invokeFunction(
      projectRoot,
      scheduleHandlerPath(job),
      { functionName: `aftersales-${job}`, timeoutMs: 120_000 },
      { source: 'aws.scheduler', schedule: job, time: new Date().toISOString(), ...(asOf ? { asOf } : {}) },
    ),
  );
}

/**
 * The schedule registry: every scheduled job, read by CDK (EventBridge Scheduler,
 * Asia/Shanghai) and by the local runtime's timers. A job's handler is the module
 * `functions/scheduled/<name>.ts`; every job must be safe to run twice.
 */
export interface ScheduleDefinition {
  /** kebab-case; also the handler file name and the local trigger path. */
  readonly name: string;
  /** EventBridge Scheduler expression: `rate(5 minutes)` or `cron(0 9 * * ? *)`, in Asia/Shanghai. */
  readonly expression: string;
  readonly description: string;
}

export const scheduleTimeZone = 'Asia/Shanghai';

export const schedules = [
  {
    name: 'mail-outbox',
    expression: 'rate(5 minutes)',
    description: 'Sends emails that could not be sent when their case was stored (SES down or throttled)',
  },
  {
    name: 'complaint-sla',
    expression: 'rate(15 minutes)',
    description:
      'Reminds Customer Service of replies due, records and escalates breaches, starts unstarted workflows',
  },
] as const satisfies readonly ScheduleDefinition[];

export type ScheduleName = (typeof schedules)[number]['name'];

export const scheduleHandlerPath = (name: string) => `functions/scheduled/${name}.ts`;
export const areaHandlerPath = (area: string) => `functions/http/${area}.ts`;

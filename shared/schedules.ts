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
  {
    name: 'loyalty-surveys',
    expression: 'cron(0 9 * * ? *)',
    description: 'Plans loyalty (NPS) surveys: key customers each quarter, others each year',
  },
  {
    name: 'product-check-ins',
    expression: 'cron(5 9 * * ? *)',
    description:
      'Plans product check-ins (回访) 1, 6 and 12 months after acceptance, and each quarter for key customers',
  },
  {
    name: 'warranty-offers',
    expression: 'cron(10 9 * * ? *)',
    description: "Plans a free inspection offer 60 days before a delivery's 2-year warranty ends",
  },
  {
    name: 'survey-mail',
    expression: 'cron(30 9-17 ? * MON-FRI *)',
    description:
      'Sends due surveys and follow-ups in office hours, at most one per contact per 14 days (later ones wait)',
  },
  {
    name: 'parts-daily',
    expression: 'cron(0 2 * * ? *)',
    description:
      'Spare parts: ledger, card and lots of every part agree (帐卡物相符), reorders at the low quota, the stock value snapshot, purchases late without their written delay report',
  },
] as const satisfies readonly ScheduleDefinition[];

export type ScheduleName = (typeof schedules)[number]['name'];

export const scheduleHandlerPath = (name: string) => `functions/scheduled/${name}.ts`;
export const areaHandlerPath = (area: string) => `functions/http/${area}.ts`;

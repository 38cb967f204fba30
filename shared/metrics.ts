import type { SlaReport } from './app/sla-job.ts';

/**
 * The SLA job's run summary log line. In AWS a metric filter reads the number of new reply
 * deadline breaches from it (infra/constructs/monitoring.ts), so the two must not drift apart.
 */
export const slaRunSummary = {
  message: 'complaint SLA run',
  breachesField: 'breached',
} as const satisfies { message: string; breachesField: keyof SlaReport };

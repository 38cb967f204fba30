import type { SlaReport } from './app/sla-job.ts';

/**
 * The SLA job's run summary log line. In AWS metric filters read the number of new reply
 * deadline breaches and of stalled workflows from it (infra/constructs/monitoring.ts), so the
 * two must not drift apart.
 */
export const slaRunSummary = {
  message: 'complaint SLA run',
  breachesField: 'breached',
  stalledField: 'stalled',
} as const satisfies { message: string; breachesField: keyof SlaReport; stalledField: keyof SlaReport };

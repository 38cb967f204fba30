import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { runSlaJob } from '../../shared/app/sla-job.ts';
import { clockOfEvent } from '../../shared/app/survey-planning.ts';
import { logger } from '../../shared/logger.ts';
import { slaRunSummary } from '../../shared/metrics.ts';

/** Schedule `complaint-sla`: reply reminders, breaches, and workflows that failed to start (`asOf` optional). */
export const handler = middy(async (event: unknown) => {
  const report = await runSlaJob(clockOfEvent(event, new Date()).now);
  logger.info(slaRunSummary.message, { ...report });
  return report;
}).use(injectLambdaContext(logger, { resetKeys: true }));

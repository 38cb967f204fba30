import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { sendDueSurveys } from '../../shared/app/survey-mail.ts';
import { clockOfEvent } from '../../shared/app/survey-planning.ts';
import { logger } from '../../shared/logger.ts';

/** Schedule `survey-mail`: sends due surveys and follow-ups, postponing by the frequency cap (`asOf` optional). */
export const handler = middy(async (event: unknown) => {
  const report = await sendDueSurveys(clockOfEvent(event, new Date()));
  logger.info('survey mail run', { ...report });
  return report;
}).use(injectLambdaContext(logger, { resetKeys: true }));

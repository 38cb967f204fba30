import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { clockOfEvent, planLoyaltySurveys } from '../../shared/app/survey-planning.ts';
import { logger } from '../../shared/logger.ts';

/** Schedule `loyalty-surveys`: NPS surveys, key customers each quarter, others each year (`asOf` optional). */
export const handler = middy(async (event: unknown) => {
  const report = await planLoyaltySurveys(clockOfEvent(event, new Date()));
  logger.info('loyalty surveys planned', { ...report });
  return report;
}).use(injectLambdaContext(logger, { resetKeys: true }));

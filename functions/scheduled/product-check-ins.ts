import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { clockOfEvent, planProductCheckIns } from '../../shared/app/survey-planning.ts';
import { logger } from '../../shared/logger.ts';

/** Schedule `product-check-ins`: 回访 1, 6, 12 months after acceptance, and quarterly for key customers (`asOf` optional). */
export const handler = middy(async (event: unknown) => {
  const report = await planProductCheckIns(clockOfEvent(event, new Date()));
  logger.info('product check-ins planned', { ...report });
  return report;
}).use(injectLambdaContext(logger, { resetKeys: true }));

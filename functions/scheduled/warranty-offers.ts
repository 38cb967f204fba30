import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { clockOfEvent, planWarrantyOffers } from '../../shared/app/survey-planning.ts';
import { logger } from '../../shared/logger.ts';

/** Schedule `warranty-offers`: a free inspection offer 60 days before the free warranty ends (`asOf` optional). */
export const handler = middy(async (event: unknown) => {
  const report = await planWarrantyOffers(clockOfEvent(event, new Date()));
  logger.info('warranty offers planned', { ...report });
  return report;
}).use(injectLambdaContext(logger, { resetKeys: true }));

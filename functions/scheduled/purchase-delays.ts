import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { logger } from '../../shared/logger.ts';

/** Schedule `purchase-delays`. STUB. */
export const handler = middy(async () => {
  logger.info('purchase-delays: nothing yet');
  return {};
}).use(injectLambdaContext(logger, { resetKeys: true }));

import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { logger } from '../../shared/logger.ts';

/** Schedule `parts-stock-check`. STUB. */
export const handler = middy(async () => {
  logger.info('parts-stock-check: nothing yet');
  return {};
}).use(injectLambdaContext(logger, { resetKeys: true }));

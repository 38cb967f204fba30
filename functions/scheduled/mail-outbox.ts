import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { deliverPendingMail } from '../../shared/app/deliver-mail.ts';
import { clockOfEvent } from '../../shared/app/survey-planning.ts';
import { logger } from '../../shared/logger.ts';

/**
 * Schedule `mail-outbox`: sends mail left pending when SES failed at the time of the request.
 * `asOf` (an ISO instant, local runs only) lets a test pass the lease of mail a request still holds.
 */
export const handler = middy(async (event: unknown) => {
  const report = await deliverPendingMail(clockOfEvent(event, new Date()).now);
  logger.info('mail outbox run', { ...report });
  return report;
}).use(injectLambdaContext(logger, { resetKeys: true }));

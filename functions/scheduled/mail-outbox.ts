import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { deliverPendingMail } from '../../shared/app/deliver-mail.ts';
import { logger } from '../../shared/logger.ts';

/** Schedule `mail-outbox`: sends mail left pending when SES failed at the time of the request. */
export const handler = middy(async () => {
  const report = await deliverPendingMail(new Date());
  logger.info('mail outbox run', { ...report });
  return report;
}).use(injectLambdaContext(logger, { resetKeys: true }));

import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { runPartsDaily } from '../../shared/app/parts-daily.ts';
import { clockOfEvent } from '../../shared/app/survey-planning.ts';
import { logger } from '../../shared/logger.ts';

/** Schedule `parts-daily`: stock check of every part, reorders, stock value, late purchases (`asOf` optional). */
export const handler = middy(async (event: unknown) => {
  const report = await runPartsDaily(clockOfEvent(event, new Date()));
  logger.info('parts daily run', {
    parts: report.stock.parts,
    agreeing: report.stock.agreeing,
    differing: report.stock.differing.length,
    purchaseDelays: report.purchaseDelays,
  });
  return report;
}).use(injectLambdaContext(logger, { resetKeys: true }));

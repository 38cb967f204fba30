import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { applySesEvent, type SesEventOutcome } from '../../shared/app/suppression.ts';
import { logger } from '../../shared/logger.ts';
import { sesEvent } from '../../shared/schemas/ses-events.ts';

/**
 * Rule `ses-events`: a bounce or complaint SES published to EventBridge suppresses the
 * address. A malformed event is logged and dropped (a retry cannot mend it); a failure
 * to store is thrown, so EventBridge retries (every step is idempotent).
 */
export const handler = middy(async (event: unknown): Promise<SesEventOutcome> => {
  const parsed = sesEvent.safeParse(event);
  if (!parsed.success) {
    logger.error('malformed SES event ignored', {
      eventId: (event as { id?: unknown } | null)?.id,
      fields: parsed.error.issues.map((issue) => issue.path.join('.')),
    });
    return { outcome: 'ignored', why: 'malformed' };
  }
  const outcome = await applySesEvent(parsed.data, new Date());
  // Counts and ids only: addresses are personal data.
  logger.info('SES event handled', {
    eventId: parsed.data.id,
    detailType: parsed.data['detail-type'],
    ...(outcome.outcome === 'suppressed'
      ? {
          outcome: outcome.outcome,
          reason: outcome.reason,
          addresses: outcome.addresses.length,
          newlySuppressed: outcome.newlySuppressed,
          customersMarked: outcome.customersMarked,
        }
      : outcome),
  });
  return outcome;
}).use(injectLambdaContext(logger, { resetKeys: true }));

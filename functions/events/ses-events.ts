import { applySesEvent } from '../../shared/app/suppression.ts';
import { logger } from '../../shared/logger.ts';
import { sesEvent } from '../../shared/schemas/ses-events.ts';
import { eventTarget } from './event-target.ts';

/**
 * Rule `ses-events`: a bounce or complaint SES published to EventBridge suppresses the
 * address (every step is idempotent).
 */
export const handler = eventTarget('SES event', sesEvent, async (event) => {
  const outcome = await applySesEvent(event, new Date());
  // Counts and ids only: addresses are personal data.
  logger.info('SES event handled', {
    eventId: event.id,
    detailType: event['detail-type'],
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
});

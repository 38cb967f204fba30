import { applyMailSentEvent } from '../../shared/app/deliver-mail.ts';
import { logger } from '../../shared/logger.ts';
import { mailSentEvent } from '../../shared/schemas/ses-events.ts';
import { eventTarget } from './event-target.ts';

/**
 * Rule `mail-sent`: SES accepted a mail. Marks its outbox mail sent if the sender could not
 * (see applyMailSentEvent); marking is idempotent.
 */
export const handler = eventTarget('SES send event', mailSentEvent, async (event) => {
  const outcome = await applyMailSentEvent(event, new Date());
  // The usual case (the sender marked its mail) is not worth a line; a mail rescued is.
  if (outcome.outcome === 'recorded')
    logger.info('mail marked sent from its SES send event', {
      eventId: event.id,
      mailId: outcome.mailId,
      messageId: event.detail.mail.messageId,
    });
  return outcome;
});

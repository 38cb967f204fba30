import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { applyMailSentEvent, type MailSentOutcome } from '../../shared/app/deliver-mail.ts';
import { logger } from '../../shared/logger.ts';
import { mailSentEvent } from '../../shared/schemas/ses-events.ts';

/**
 * Rule `mail-sent`: SES accepted a mail. Marks its outbox mail sent if the sender could not
 * (see applyMailSentEvent). A malformed event is logged and dropped (a retry cannot mend it);
 * a failure to store is thrown, so EventBridge retries (marking is idempotent).
 */
export const handler = middy(async (event: unknown): Promise<MailSentOutcome> => {
  const parsed = mailSentEvent.safeParse(event);
  if (!parsed.success) {
    logger.error('malformed SES send event ignored', {
      eventId: (event as { id?: unknown } | null)?.id,
      fields: parsed.error.issues.map((issue) => issue.path.join('.')),
    });
    return { outcome: 'ignored', why: 'malformed' };
  }
  const outcome = await applyMailSentEvent(parsed.data, new Date());
  // The usual case (the sender marked its mail) is not worth a line; a mail rescued is.
  if (outcome.outcome === 'recorded')
    logger.info('mail marked sent from its SES send event', {
      eventId: parsed.data.id,
      mailId: outcome.mailId,
      messageId: parsed.data.detail.mail.messageId,
    });
  return outcome;
}).use(injectLambdaContext(logger, { resetKeys: true }));

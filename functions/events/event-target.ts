import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { z } from 'zod';
import { logger } from '../../shared/logger.ts';

export interface MalformedEvent {
  readonly outcome: 'ignored';
  readonly why: 'malformed';
}

/**
 * The handler of an EventBridge rule's target. An event `schema` rejects is logged (its id and the
 * fields at fault, never its content) and dropped, since a retry cannot mend it; whatever `handle`
 * throws is thrown, so EventBridge retries (handlers are idempotent).
 */
export const eventTarget = <T, R>(what: string, schema: z.ZodType<T>, handle: (event: T) => Promise<R>) =>
  middy(async (event: unknown): Promise<R | MalformedEvent> => {
    const parsed = schema.safeParse(event);
    if (!parsed.success) {
      logger.error(`malformed ${what} ignored`, {
        eventId: (event as { id?: unknown } | null)?.id,
        fields: parsed.error.issues.map((issue) => issue.path.join('.')),
      });
      return { outcome: 'ignored', why: 'malformed' };
    }
    return handle(parsed.data);
  }).use(injectLambdaContext(logger, { resetKeys: true }));

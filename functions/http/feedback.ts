import { areaHandler } from '../../shared/http/handler.ts';

/** Customers' answers to surveys and follow-ups, and unsubscribing, through signed links. Public. */
export const handler = areaHandler('feedback', {});

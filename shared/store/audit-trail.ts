import { type AuditEvent, EVENT_PREFIX, eventFromItem } from './audit.ts';
import { allWithPrefix } from './pagination.ts';

/**
 * An entity's whole audit trail, oldest first (events live in the entity's own partition). Read
 * consistently: the console refreshing after a step, or a reconcile after a movement, must see it.
 */
export const listEvents = async (entityKey: string): Promise<AuditEvent[]> =>
  (await allWithPrefix(entityKey, EVENT_PREFIX)).map(eventFromItem);

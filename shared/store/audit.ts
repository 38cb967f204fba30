import { eventHash, GENESIS_HASH } from '../domain/hash-chain.ts';
import type { Caller } from '../http/roles.ts';

/** Who did something, as the audit trail records it (no customer personal data). */
export interface Actor {
  readonly kind: 'public' | 'staff' | 'system';
  readonly sub?: string;
  readonly email?: string;
  readonly roles?: readonly string[];
}

export const actorOf = (caller: Caller): Actor =>
  caller.kind === 'staff'
    ? {
        kind: 'staff',
        sub: caller.sub,
        ...(caller.email ? { email: caller.email } : {}),
        roles: [...caller.roles],
      }
    : { kind: 'public' };

export const systemActor: Actor = { kind: 'system' };

/** Where an entity's chain stands: stored on the entity item and advanced in the same transaction. */
export interface ChainHead {
  readonly eventCount: number;
  readonly lastEventHash: string;
}
export const emptyChain: ChainHead = { eventCount: 0, lastEventHash: GENESIS_HASH };

export interface AuditEvent {
  readonly seq: number;
  readonly type: string;
  readonly at: string;
  readonly actor: Actor;
  readonly data: Readonly<Record<string, unknown>>;
  readonly prevHash: string;
  readonly hash: string;
}

export const eventSortKey = (seq: number) => `EVENT#${String(seq).padStart(6, '0')}`;
export const EVENT_PREFIX = 'EVENT#';

/**
 * The next event of an entity's chain, bound to the entity's partition key so an event
 * cannot be moved to another record unnoticed. Returns the item to put and the new head.
 */
export function nextEvent(
  entityKey: string,
  head: ChainHead,
  event: { type: string; at: Date; actor: Actor; data: Record<string, unknown> },
): { item: Record<string, unknown>; head: ChainHead; event: AuditEvent } {
  const seq = head.eventCount + 1;
  const content = {
    entity: entityKey,
    seq,
    type: event.type,
    at: event.at.toISOString(),
    actor: event.actor,
    data: event.data,
  };
  const hash = eventHash(head.lastEventHash, content);
  const auditEvent: AuditEvent = {
    seq,
    type: event.type,
    at: content.at,
    actor: event.actor,
    data: event.data,
    prevHash: head.lastEventHash,
    hash,
  };
  return {
    item: { pk: entityKey, sk: eventSortKey(seq), entityType: 'event', ...auditEvent },
    head: { eventCount: seq, lastEventHash: hash },
    event: auditEvent,
  };
}

/** An event item as stored, back to the event (and the content its hash covers). */
export function eventFromItem(item: Record<string, unknown>): AuditEvent {
  const { seq, type, at, actor, data, prevHash, hash } = item as unknown as AuditEvent;
  return { seq, type, at, actor, data, prevHash, hash };
}

/** Attributes every item may carry besides its record: keys, type, index keys, search text, chain head. */
const itemAttributes = new Set([
  'pk',
  'sk',
  'entityType',
  'gsi1pk',
  'gsi1sk',
  'gsi2pk',
  'gsi2sk',
  'gsi3pk',
  'gsi3sk',
  'searchText',
  'eventCount',
  'lastEventHash',
]);

/** A stored item of a record with its own audit chain, back to the record and its chain head. */
export function chainedRecordOf<R>(item: Record<string, unknown>): { record: R; head: ChainHead } {
  const record = Object.fromEntries(Object.entries(item).filter(([name]) => !itemAttributes.has(name)));
  return {
    record: record as R,
    head: { eventCount: Number(item.eventCount ?? 0), lastEventHash: String(item.lastEventHash ?? '') },
  };
}

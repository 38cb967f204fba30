import { createHash } from 'node:crypto';

/** The hash before the first event of a chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every level, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export interface ChainedEvent {
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
}

/** The hash of an event: SHA-256 over the previous hash and the event's content. */
export function eventHash(prevHash: string, content: Readonly<Record<string, unknown>>): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(content)).digest('hex');
}

/** Splits an event into its hashed content (everything but the chain fields). */
export function eventContent(event: ChainedEvent): Record<string, unknown> {
  const { prevHash: _prev, hash: _hash, ...content } = event as ChainedEvent & Record<string, unknown>;
  return content;
}

/**
 * Checks an entity's audit trail (sorted by seq): numbering without gaps, each event
 * pointing at its predecessor's hash, and its own hash matching its content and entity.
 */
export function verifyChain(
  entity: string,
  events: readonly ChainedEvent[],
): { intact: true } | { intact: false; brokenAt: number } {
  let previous = GENESIS_HASH;
  for (const [index, event] of events.entries()) {
    if (
      event.seq !== index + 1 ||
      event.prevHash !== previous ||
      event.hash !== eventHash(event.prevHash, { entity, ...eventContent(event) })
    ) {
      return { intact: false, brokenAt: index + 1 };
    }
    previous = event.hash;
  }
  return { intact: true };
}

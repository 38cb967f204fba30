import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sesSentDetailType } from '../shared/schemas/ses-events.ts';
import type { BusEvent } from './event-bus.ts';

/** An SES event as the stand-in publishes it: what EventBridge would deliver, less the envelope it adds. */
export interface PublishedSesEvent extends BusEvent {
  readonly source: 'aws.ses';
  readonly 'detail-type': string;
  readonly detail: unknown;
}

/** What the local runtime's pump reads from `POST /events/receive`. */
export interface ReceivedSesEvent {
  readonly receipt: string;
  readonly event: PublishedSesEvent;
}

/** The queue's counts (`GET /events`): settled when nothing is waiting or in flight. */
export interface SesEventQueueState {
  readonly published: number;
  readonly waiting: number;
  readonly inFlight: number;
  /** Given up after MAX_RECEIVES deliveries, as EventBridge sends an event to its dead-letter queue. */
  readonly dead: number;
}

/** EventBridge's target retries (infra/constructs/email.ts), then the dead-letter queue. */
const MAX_RECEIVES = 9;
/** An event received and not deleted (its consumer died) is delivered again after this. */
const VISIBILITY_MS = 10_000;

interface Entry {
  readonly event: PublishedSesEvent;
  visibleAt: number;
  receives: number;
  receipt?: string;
}

/** The configuration set an event's mail was sent with: what an AWS rule filters on. */
const configurationSetOf = (event: PublishedSesEvent) =>
  (event.detail as { mail?: { tags?: Record<string, string[]> } }).mail?.tags?.['ses:configuration-set']?.[0];

/** A SendEmail request's fields the send event reports (SES v2 JSON). */
interface SendEmailInput {
  readonly FromEmailAddress?: string;
  readonly ConfigurationSetName?: string;
  readonly Destination?: { readonly ToAddresses?: readonly string[] };
  readonly EmailTags?: readonly { readonly Name?: string; readonly Value?: string }[];
}

/** SES's send event ("Email Sent") for a message it accepted, tags as SES lists them. */
export function sendEvent(input: SendEmailInput, messageId: string, at: Date): PublishedSesEvent {
  const tags: Record<string, string[]> = {};
  if (input.ConfigurationSetName) tags['ses:configuration-set'] = [input.ConfigurationSetName];
  for (const { Name, Value } of input.EmailTags ?? []) if (Name && Value !== undefined) tags[Name] = [Value];
  return {
    source: 'aws.ses',
    'detail-type': sesSentDetailType,
    detail: {
      eventType: 'Send',
      mail: {
        timestamp: at.toISOString(),
        source: input.FromEmailAddress ?? '',
        messageId,
        destination: [...(input.Destination?.ToAddresses ?? [])],
        tags,
      },
      send: {},
    },
  };
}

/**
 * The stand-in's event publishing: SES puts its events on EventBridge, which delivers each to
 * its rule's function and retries while the function fails. Here the events wait in a queue
 * the runtime pulls (receive, then delete once handled), so events published while the
 * runtime is down, or being handled when it died, are delivered when it is back.
 */
export function sesEventQueue() {
  const entries: Entry[] = [];
  let published = 0;
  let dead = 0;

  const state = (configurationSet?: string, now = Date.now()): SesEventQueueState => {
    const of = entries.filter(
      (e) => configurationSet === undefined || configurationSetOf(e.event) === configurationSet,
    );
    return {
      published,
      waiting: of.filter((e) => e.visibleAt <= now).length,
      inFlight: of.filter((e) => e.visibleAt > now).length,
      dead,
    };
  };

  const receive = (max: number, configurationSet?: string, now = Date.now()): ReceivedSesEvent[] => {
    const received: ReceivedSesEvent[] = [];
    for (const entry of [...entries]) {
      if (received.length >= max) break;
      if (entry.visibleAt > now) continue;
      if (configurationSet !== undefined && configurationSetOf(entry.event) !== configurationSet) continue;
      if (entry.receives >= MAX_RECEIVES) {
        entries.splice(entries.indexOf(entry), 1);
        dead += 1;
        continue;
      }
      entry.receives += 1;
      entry.visibleAt = now + VISIBILITY_MS;
      entry.receipt = randomUUID();
      received.push({ receipt: entry.receipt, event: entry.event });
    }
    return received;
  };

  const remove = (receipts: readonly string[]) => {
    for (const receipt of receipts) {
      const at = entries.findIndex((e) => e.receipt === receipt);
      if (at >= 0) entries.splice(at, 1);
    }
  };

  return {
    publish(event: PublishedSesEvent) {
      published += 1;
      entries.push({ event, visibleAt: Date.now(), receives: 0 });
    },
    /**
     * `GET /events` (`?configurationSet=…`: that set's counts), `POST /events/receive` (`{"max":10,"configurationSet":"…"}`: only that set's
     * events, as a rule matches only its stage's), `POST /events/delete` (`{"receipts":[…]}`).
     */
    async handle(
      request: IncomingMessage,
      response: ServerResponse,
      path: string,
      body: () => Promise<Buffer>,
    ) {
      const reply = (status: number, value: unknown) => {
        response.writeHead(status, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify(value));
      };
      if (path === '/events' && request.method === 'GET') {
        const set = new URL(request.url ?? '/', 'http://localhost').searchParams.get('configurationSet');
        reply(200, state(set ?? undefined));
        return true;
      }
      if (path !== '/events/receive' && path !== '/events/delete') return false;
      if (request.method !== 'POST') {
        reply(405, { message: 'POST only' });
        return true;
      }
      let input: { max?: unknown; receipts?: unknown; configurationSet?: unknown };
      try {
        input = JSON.parse((await body()).toString('utf8') || '{}');
      } catch {
        reply(400, { message: 'body must be JSON' });
        return true;
      }
      if (path === '/events/receive') {
        const max = typeof input.max === 'number' && input.max > 0 ? Math.min(input.max, 100) : 10;
        const set = typeof input.configurationSet === 'string' ? input.configurationSet : undefined;
        reply(200, { events: receive(max, set) });
      } else {
        remove(Array.isArray(input.receipts) ? input.receipts.map(String) : []);
        reply(200, state());
      }
      return true;
    },
  };
}

import type { LocalEventBus } from './event-bus.ts';
import type { ReceivedSesEvent } from './ses-send-events.ts';

export interface SesEventPump {
  /** Stops pulling; resolves once the events in hand are handled. */
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms).unref());

/**
 * EventBridge's delivery of SES's events, locally: pulls what the SES stand-in published and
 * puts each on the local event bus; an event is deleted once its rules' functions returned,
 * so one whose function failed, or was cut off by a crash, is delivered again.
 */
export function startSesEventPump(
  sesEndpoint: string,
  bus: LocalEventBus,
  options: {
    /** Only the events of mail sent with this set, as the AWS rules match only their stage's. */
    configurationSet: string;
    intervalMs?: number;
    onError?: (error: unknown) => void;
  },
): SesEventPump {
  const intervalMs = options.intervalMs ?? 200;
  let running = true;
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${sesEndpoint}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`SES stand-in ${path}: ${response.status}`);
    return response.json() as Promise<{ events?: ReceivedSesEvent[] }>;
  };
  const loop = (async () => {
    while (running) {
      let events: ReceivedSesEvent[] = [];
      try {
        events =
          (await post('/events/receive', { max: 10, configurationSet: options.configurationSet })).events ??
          [];
      } catch {
        // The stand-in is stopping or restarting: try again shortly.
      }
      const handled: string[] = [];
      for (const { receipt, event } of events) {
        try {
          await bus.put(event);
          handled.push(receipt);
        } catch (error) {
          options.onError?.(error);
        }
      }
      if (handled.length > 0) await post('/events/delete', { receipts: handled }).catch(() => undefined);
      if (events.length === 0) await sleep(intervalMs);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
    },
  };
}

import { randomUUID } from 'node:crypto';
import { eventHandlerPath, eventRules, matchesRule } from '../shared/event-rules.ts';
import { localAws } from './dynamodb.ts';
import { invokeFunction } from './invoke.ts';

/** An event as EventBridge delivers it to a rule's target. */
export interface BusEvent {
  readonly source: string;
  readonly 'detail-type': string;
  readonly detail: unknown;
  readonly [field: string]: unknown;
}

export interface LocalEventBus {
  /** Puts an event on the default bus: each matching rule's function runs now; their results. */
  put(event: BusEvent): Promise<{ rule: string; result: unknown }[]>;
}

/**
 * The default event bus's stand-in: the rules of the registry, their functions invoked
 * in-process (through `instrument`, if given: the cost meter's hook).
 */
export function localEventBus(
  projectRoot: string,
  instrument: <T>(rule: string, run: () => Promise<T>) => Promise<T> = (_rule, run) => run(),
): LocalEventBus {
  return {
    async put(event) {
      const delivered = {
        version: '0',
        id: randomUUID(),
        account: '000000000000',
        time: new Date().toISOString(),
        region: localAws.region,
        resources: [],
        ...event,
      };
      const results: { rule: string; result: unknown }[] = [];
      for (const rule of eventRules.filter((r) => matchesRule(r, delivered))) {
        const result = await instrument(rule.name, () =>
          invokeFunction(
            projectRoot,
            eventHandlerPath(rule.name),
            { functionName: `aftersales-${rule.name}`, timeoutMs: 60_000 },
            delivered,
          ),
        );
        results.push({ rule: rule.name, result });
      }
      return results;
    },
  };
}

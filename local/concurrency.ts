import { AtCapacityError } from '../shared/errors.ts';

/**
 * At most `limit` calls of the wrapped functions run at once; the rest wait their turn, in
 * order, or, beyond `maxWaiting` waiting, are refused with AtCapacityError (503) and a
 * Retry-After of the time the queue takes to drain. The local runtime plays Lambda's
 * concurrency with it: on one machine every function shares the CPU and DynamoDB Local, so a
 * flood of complaints gets a quick 503 instead of a queue that outgrows the API timeout, and
 * the workflows catch up after the flood.
 */
export function concurrencyLimit(limit: number, maxWaiting = Number.POSITIVE_INFINITY) {
  let running = 0;
  /** Moving average of a call's duration: how fast the queue drains. */
  let averageMs = 100;
  const waiting: (() => void)[] = [];
  const release = () => {
    running -= 1;
    waiting.shift()?.();
  };
  const drainSeconds = () =>
    Math.min(30, Math.max(1, Math.ceil(((waiting.length + running) * averageMs) / limit / 1000)));
  return <A extends unknown[], R>(run: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      if (running >= limit) {
        if (waiting.length >= maxWaiting)
          throw new AtCapacityError(`${running} running, ${waiting.length} waiting`, {
            headers: { 'Retry-After': String(drainSeconds()) },
          });
        await new Promise<void>((turn) => waiting.push(turn));
      }
      running += 1;
      const started = performance.now();
      try {
        return await run(...args);
      } finally {
        averageMs = 0.9 * averageMs + 0.1 * (performance.now() - started);
        release();
      }
    };
}

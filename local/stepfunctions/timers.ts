/**
 * Node's timers overflow above 2^31-1 ms (about 24.8 days) and then fire after 1 ms.
 * Every engine timer stays below this and re-arms until its deadline.
 */
export const MAX_TIMER_MS = 2_000_000_000;

/**
 * Calls `fire` once `now()` reaches `deadline` (ms since the epoch), at once when it has
 * passed. Returns the cancel function. Unref'd: a parked execution never keeps a process alive.
 */
export function timerAt(deadline: number, now: () => number, fire: () => void): () => void {
  let handle: NodeJS.Timeout | undefined;
  let cancelled = false;
  const arm = () => {
    if (cancelled) return;
    const remaining = deadline - now();
    handle =
      remaining > MAX_TIMER_MS
        ? setTimeout(arm, MAX_TIMER_MS)
        : setTimeout(
            () => {
              if (!cancelled) fire();
            },
            Math.max(0, remaining),
          );
    handle.unref();
  };
  arm();
  return () => {
    cancelled = true;
    if (handle) clearTimeout(handle);
  };
}

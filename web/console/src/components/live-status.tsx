import { useState } from 'preact/hooks';

/**
 * A polite live region for what just happened on the page ("submitted", "chain intact"): always in
 * the page, so screen readers announce each new message.
 */
export function LiveStatus({
  message,
  tone = 'info',
}: {
  message: string;
  tone?: 'info' | 'success' | 'error';
}) {
  return (
    <div class={message ? `live-status live-${tone}` : 'live-status empty'} role="status" aria-live="polite">
      {message}
    </div>
  );
}

/** The message and its tone, and a setter. */
export function useLiveStatus() {
  const [status, setStatus] = useState<{ message: string; tone: 'info' | 'success' | 'error' }>({
    message: '',
    tone: 'info',
  });
  return {
    ...status,
    say: (message: string, tone: 'info' | 'success' | 'error' = 'info') => setStatus({ message, tone }),
  };
}

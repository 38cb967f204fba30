import { config } from '../config.ts';

/**
 * Response headers the web forms and the console read: optimistic locking, created links, back-off,
 * and a CSV export's file name and next page (shared/http/csv-response.ts).
 */
export const exposedHeaders = [
  'ETag',
  'Location',
  'Retry-After',
  'Content-Disposition',
  'X-Next-Cursor',
  'Link',
] as const;

/**
 * CORS headers for a response to `origin`: only a configured origin (ALLOWED_ORIGINS) is named,
 * and always the caller's own, so several origins work without `*`. The preflight is API
 * Gateway's (infra/constructs/api.ts), from the same list.
 */
export function corsHeaders(origin: string | undefined): Record<string, string> {
  if (!origin || !config().ALLOWED_ORIGINS.includes(origin)) return {};
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Expose-Headers': exposedHeaders.join(', '),
    Vary: 'Origin',
  };
}

import type { APIGatewayProxyEvent } from 'aws-lambda';
import { MalformedJsonError, PayloadTooLargeError, UnsupportedMediaTypeError } from '../errors.ts';

/** Largest JSON body any route accepts; forms are far smaller, attachments are URLs. */
export const MAX_BODY_BYTES = 64 * 1024;

const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;
const CHARSET = /;\s*charset\s*=\s*"?([^";\s]*)/i;

/** JSON, and UTF-8 as RFC 8259 §8.1 has it: a `charset` parameter, when sent, must say so. */
function isJsonContentType(contentType: string): boolean {
  if (!JSON_MEDIA_TYPE.test(contentType)) return false;
  const charset = CHARSET.exec(contentType)?.[1];
  return charset === undefined || /^utf-?8$/i.test(charset);
}

/** How many Content-Type lines the request carried: with two, what the body is cannot be told. */
const contentTypeHeaders = (event: APIGatewayProxyEvent) =>
  Object.entries(event.multiValueHeaders ?? {})
    .filter(([name]) => name.toLowerCase() === 'content-type')
    .reduce((count, [, values]) => count + (values?.length ?? 0), 0);

/**
 * Reads the JSON body of a request: refuses other content types (another charset than UTF-8 and
 * two Content-Type headers included), bodies over the limit and text that is not JSON. Returns
 * `undefined` when there is no body.
 */
export function readJsonBody(
  event: APIGatewayProxyEvent,
  headers: Readonly<Record<string, string>>,
): unknown {
  if (event.body === null || event.body === undefined || event.body === '') return undefined;
  const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
  if (raw.byteLength > MAX_BODY_BYTES) {
    throw new PayloadTooLargeError('body too large', { titleParams: { limit: MAX_BODY_BYTES } });
  }
  const contentType = headers['content-type'] ?? '';
  if (!isJsonContentType(contentType) || contentTypeHeaders(event) > 1) {
    throw new UnsupportedMediaTypeError(`content type ${contentType.slice(0, 60)}`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch (cause) {
    throw new MalformedJsonError('body is not UTF-8', { cause });
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new MalformedJsonError('body is not JSON', { cause });
  }
}

/**
 * The body as the route takes it: JSON (every route but one), or `ignored` (RFC 8058 one-click
 * unsubscribe: `List-Unsubscribe=One-Click` arrives as a form, or as nothing at all, and means
 * only "unsubscribe"). An ignored body is still size-limited; nothing of it is parsed.
 */
export function readRequestBody(
  event: APIGatewayProxyEvent,
  headers: Readonly<Record<string, string>>,
  handling: 'json' | 'ignored' = 'json',
): unknown {
  if (handling === 'json') return readJsonBody(event, headers);
  const length = event.body ? Buffer.byteLength(event.body, event.isBase64Encoded ? 'base64' : 'utf8') : 0;
  if (length > MAX_BODY_BYTES) {
    throw new PayloadTooLargeError('body too large', { titleParams: { limit: MAX_BODY_BYTES } });
  }
  return undefined;
}

/** Header names lower-cased; API Gateway passes them as the client sent them. */
export function normalizeHeaders(headers: APIGatewayProxyEvent['headers'] | null): Record<string, string> {
  const normalized: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value !== undefined) normalized[name.toLowerCase()] = value;
  }
  return normalized;
}

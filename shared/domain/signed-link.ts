import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed links for customers' email (survey answers, follow-ups, unsubscribe): no account,
 * no database look-up to check them. A token is `v1.<keyId>.<payload>.<signature>`, the
 * payload base64url JSON `{ p: purpose, s: subject, e: expiry epoch seconds }`, the signature
 * HMAC-SHA256 over `v1.<keyId>.<payload>` with that key's secret. Several keys may be known
 * at once (rotation): new links use the current one, old links verify until they expire.
 */
export const linkPurposes = ['survey', 'followUp', 'unsubscribe'] as const;
export type LinkPurpose = (typeof linkPurposes)[number];

export interface SigningKeys {
  /** The key id new links are signed with. */
  readonly current: string;
  /** Every key id still accepted, with its secret. */
  readonly secrets: Readonly<Record<string, string>>;
}

export interface LinkClaims {
  readonly purpose: LinkPurpose;
  /** What the link is bound to: a survey id, or a contact address for unsubscribe. */
  readonly subject: string;
  readonly expiresAt: Date;
}

export type LinkCheck =
  | { readonly ok: true; readonly claims: LinkClaims }
  | { readonly ok: false; readonly why: 'tampered' | 'expired' };

const VERSION = 'v1';
const encode = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
const signature = (signed: string, secret: string) =>
  createHmac('sha256', secret).update(signed).digest('base64url');

export function signLink(claims: LinkClaims, keys: SigningKeys): string {
  const secret = keys.secrets[keys.current];
  if (!secret) throw new Error(`no secret for the current signing key ${keys.current}`);
  const payload = encode(
    JSON.stringify({
      p: claims.purpose,
      s: claims.subject,
      e: Math.floor(claims.expiresAt.getTime() / 1000),
    }),
  );
  const signed = `${VERSION}.${keys.current}.${payload}`;
  return `${signed}.${signature(signed, secret)}`;
}

/**
 * Checks a token for `purpose`. Anything not signed by a known key, for another purpose, or
 * malformed is `tampered` (the caller answers 403); a valid but old token is `expired` (410).
 * The signature is checked before the expiry, so an expiry is never reported for a forgery.
 */
export function verifyLink(token: string, purpose: LinkPurpose, keys: SigningKeys, now: Date): LinkCheck {
  const tampered = { ok: false, why: 'tampered' } as const;
  if (token.length > 1024) return tampered;
  const parts = token.split('.');
  if (parts.length !== 4) return tampered;
  const [version, keyId, payload, given] = parts as [string, string, string, string];
  const secret = keys.secrets[keyId];
  if (version !== VERSION || !secret) return tampered;
  const expected = Buffer.from(signature(`${version}.${keyId}.${payload}`, secret));
  const actual = Buffer.from(given);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return tampered;
  let decoded: { p?: unknown; s?: unknown; e?: unknown };
  try {
    decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return tampered;
  }
  if (decoded.p !== purpose || typeof decoded.s !== 'string' || typeof decoded.e !== 'number')
    return tampered;
  const expiresAt = new Date(decoded.e * 1000);
  if (now.getTime() >= expiresAt.getTime()) return { ok: false, why: 'expired' };
  return { ok: true, claims: { purpose, subject: decoded.s, expiresAt } };
}

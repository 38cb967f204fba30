import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { z } from 'zod';
import { config } from '../config.ts';
import {
  type LinkClaims,
  type LinkPurpose,
  type SigningKeys,
  signLink,
  verifyLink,
} from '../domain/signed-link.ts';
import { GoneError, LinkInvalidError } from '../errors.ts';

/** `{"current":"k2","k1":"<secret>","k2":"<secret>"}`: the current key id, and every key id still accepted. */
const signingKeys = z
  .looseObject({ current: z.string().min(1) })
  .transform(({ current, ...secrets }) => ({ current, secrets }))
  .pipe(z.object({ current: z.string(), secrets: z.record(z.string().min(1), z.string().min(32)) }));

/** Re-read at most this often: a rotated secret is picked up without a deployment. */
const SECRET_MAX_AGE_SECONDS = 300;

/**
 * The link signing keys: `LINK_SIGNING_KEYS` (JSON, the local runtime and tests) or the Secrets
 * Manager secret `LINK_KEYS_SECRET_ARN` (AWS; cached, rotation-ready), shaped
 * `{"current":"k2","k1":"...","k2":"..."}` (docs/deploy.md: rotating the link keys).
 */
export async function linkKeys(): Promise<SigningKeys> {
  const { LINK_SIGNING_KEYS, LINK_KEYS_SECRET_ARN } = config();
  const text =
    LINK_SIGNING_KEYS ??
    (LINK_KEYS_SECRET_ARN
      ? await getSecret(LINK_KEYS_SECRET_ARN, { maxAge: SECRET_MAX_AGE_SECONDS })
      : undefined);
  if (typeof text !== 'string')
    throw new Error('no link signing keys: set LINK_SIGNING_KEYS or LINK_KEYS_SECRET_ARN');
  return signingKeys.parse(JSON.parse(text));
}

/** A signed token for a link in an email. */
export async function signedToken(claims: LinkClaims): Promise<string> {
  return signLink(claims, await linkKeys());
}

/** The link's subject (survey id or address), or 403 (tampered, foreign) / 410 (expired). */
export async function linkSubject(token: string, purpose: LinkPurpose, now: Date): Promise<string> {
  const check = verifyLink(token, purpose, await linkKeys(), now);
  if (check.ok) return check.claims.subject;
  if (check.why === 'expired') throw new GoneError('link expired');
  throw new LinkInvalidError('link signature invalid');
}

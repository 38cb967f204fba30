import { createHmac, timingSafeEqual } from 'node:crypto';
import { UnauthorizedError } from '../errors.ts';
import { type Caller, isRole, type Role } from './roles.ts';

/** The claims Aftersales reads: the same names as a Cognito ID token's. */
export interface StaffClaims {
  readonly sub: string;
  readonly email?: string;
  readonly 'cognito:groups'?: string | readonly string[];
  readonly 'custom:department'?: string;
  readonly 'custom:office'?: string;
  readonly [claim: string]: unknown;
}

/**
 * Cognito groups arrive as an array in a decoded token but as a string in API
 * Gateway's authorizer claims (`"a,b"` or `"[a b]"`, depending on the integration).
 */
export function parseGroups(groups: unknown): Role[] {
  const list = Array.isArray(groups)
    ? groups.map(String)
    : typeof groups === 'string'
      ? groups.replace(/^\[|\]$/g, '').split(/[,\s]+/)
      : [];
  return list.map((g) => g.trim()).filter(isRole);
}

export function callerFromClaims(claims: StaffClaims): Caller {
  const department = claims['custom:department'];
  const office = claims['custom:office'];
  return {
    kind: 'staff',
    sub: String(claims.sub),
    ...(claims.email ? { email: String(claims.email) } : {}),
    roles: parseGroups(claims['cognito:groups']),
    ...(department ? { departmentId: String(department) } : {}),
    ...(office ? { officeId: String(office) } : {}),
  };
}

const base64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');
const LOCAL_ISSUER = 'aftersales-local';

/** Signs a local sign-in token (HS256) whose claims match Cognito's. Used by `npm start` and tests. */
export function signLocalToken(
  claims: Omit<StaffClaims, 'iss' | 'iat' | 'exp'>,
  secret: string,
  ttlSeconds = 12 * 3600,
  now = Date.now(),
): string {
  const iat = Math.floor(now / 1000);
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = base64url(
    JSON.stringify({ ...claims, iss: LOCAL_ISSUER, token_use: 'id', iat, exp: iat + ttlSeconds }),
  );
  const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

/** Verifies a local sign-in token; throws UnauthorizedError for anything not signed by `secret` or expired. */
export function verifyLocalToken(token: string, secret: string, now = Date.now()): StaffClaims {
  const parts = token.split('.');
  if (parts.length !== 3 || token.length > 8192) throw new UnauthorizedError('malformed token');
  const [header = '', payload = '', signature = ''] = parts;
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new UnauthorizedError('bad signature');
  }
  let claims: StaffClaims & { iss?: unknown; exp?: unknown };
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch (cause) {
    throw new UnauthorizedError('malformed payload', { cause });
  }
  if (claims.iss !== LOCAL_ISSUER || typeof claims.sub !== 'string')
    throw new UnauthorizedError('bad claims');
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now) throw new UnauthorizedError('expired');
  return claims;
}

type Verify = (token: string) => Promise<StaffClaims>;
let cognitoVerify: Verify | undefined;

/**
 * Verifies a bearer token inside a function, for routes API Gateway leaves public
 * (a staff token there is optional). Local runs sign with LOCAL_TOKEN_SECRET; in AWS the
 * Cognito user pool's ID tokens are checked with aws-jwt-verify.
 */
export async function verifyBearerToken(authorization: string): Promise<StaffClaims> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match?.[1]) throw new UnauthorizedError('not a bearer token');
  const token = match[1];
  const localSecret = process.env.LOCAL_TOKEN_SECRET;
  if (localSecret) return verifyLocalToken(token, localSecret);
  const userPoolId = process.env.USER_POOL_ID;
  const clientId = process.env.USER_POOL_CLIENT_ID;
  if (!userPoolId || !clientId) throw new UnauthorizedError('no token issuer configured');
  if (!cognitoVerify) {
    const { CognitoJwtVerifier } = await import('aws-jwt-verify');
    const verifier = CognitoJwtVerifier.create({ userPoolId, clientId, tokenUse: 'id' });
    cognitoVerify = async (t) => (await verifier.verify(t)) as unknown as StaffClaims;
  }
  try {
    return await cognitoVerify(token);
  } catch (cause) {
    throw new UnauthorizedError('token rejected', { cause });
  }
}

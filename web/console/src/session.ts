import type { Role } from '../../../shared/http/roles.ts';

/** Where the console finds the API and how staff sign in: `config.json` beside the page. */
export type ConsoleConfig = {
  /** The API's base URL ('' locally: same origin). */
  readonly apiBase: string;
  readonly auth:
    | { readonly kind: 'local' }
    | {
        readonly kind: 'cognito';
        /** The hosted UI's base URL, e.g. https://aftersales-prod.auth.ap-east-1.amazoncognito.com */
        readonly domain: string;
        readonly clientId: string;
        readonly redirectUri: string;
        readonly logoutUri: string;
      };
};

/** The signed-in user, from the ID token's claims. */
export interface Session {
  readonly token: string;
  readonly sub: string;
  readonly email?: string;
  readonly roles: readonly Role[];
  readonly officeId?: string;
  readonly departmentId?: string;
  /** Seconds since the epoch. */
  readonly expiresAt: number;
}

const STORAGE_KEY = 'aftersales.console.session';
let config: ConsoleConfig | undefined;

export async function loadConfig(): Promise<ConsoleConfig> {
  if (!config) {
    const response = await fetch('config.json', { cache: 'no-cache' });
    config = (await response.json()) as ConsoleConfig;
  }
  return config;
}

export const consoleConfig = (): ConsoleConfig => {
  if (!config) throw new Error('config not loaded');
  return config;
};

/** The claims of a JWT (not verified here: the API verifies every call). */
export function sessionFromToken(token: string): Session {
  const payload = token.split('.')[1] ?? '';
  const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
  const claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0))));
  const groups = claims['cognito:groups'];
  return {
    token,
    sub: String(claims.sub),
    ...(claims.email ? { email: String(claims.email) } : {}),
    roles: (Array.isArray(groups)
      ? groups
      : typeof groups === 'string'
        ? groups.split(/[,\s]+/)
        : []) as Role[],
    ...(claims['custom:office'] ? { officeId: String(claims['custom:office']) } : {}),
    ...(claims['custom:department'] ? { departmentId: String(claims['custom:department']) } : {}),
    expiresAt: Number(claims.exp ?? 0),
  };
}

/** The current session, or undefined when signed out or expired. Kept for this browser tab only. */
export function currentSession(): Session | undefined {
  const token = sessionStorage.getItem(STORAGE_KEY);
  if (!token) return undefined;
  try {
    const session = sessionFromToken(token);
    return session.expiresAt * 1000 > Date.now() ? session : undefined;
  } catch {
    return undefined;
  }
}

export function startSession(token: string): Session {
  sessionStorage.setItem(STORAGE_KEY, token);
  return sessionFromToken(token);
}

export function endSession(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}

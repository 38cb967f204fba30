/**
 * The Cognito hosted UI's authorization code flow with PKCE (RFC 7636), the pure parts: the
 * verifier and its S256 challenge, the authorize, token and logout requests, and reading the
 * redirect back. WebCrypto only (browsers and Node alike), no DOM: tested in
 * test/unit/console-auth.test.ts. The browser side is ./hosted-ui.ts.
 */

/** The hosted UI as `config.json` describes it (session.ts `ConsoleConfig`, kind `cognito`). */
export interface HostedUi {
  /** e.g. https://aftersales-prod.auth.ap-east-1.amazoncognito.com (no trailing slash). */
  readonly domain: string;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly logoutUri: string;
}

/** The ID token carries `cognito:groups`, which the API's authorizer reads. */
export const SCOPES = 'openid email profile';

export function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A random string of base64url characters from `bytes` random bytes (32 bytes: 43 characters). */
export const randomToken = (bytes = 32): string => base64Url(crypto.getRandomValues(new Uint8Array(bytes)));

/** The S256 code challenge of a verifier: base64url(SHA-256(verifier)). */
export async function codeChallenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

const trimSlash = (url: string) => url.replace(/\/+$/, '');

/** `language` picks the managed login pages' language (Cognito's `lang` parameter). */
export function authorizeUrl(ui: HostedUi, challenge: string, state: string, language = 'zh-CN'): string {
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: ui.clientId,
    redirect_uri: ui.redirectUri,
    scope: SCOPES,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
    lang: language,
  });
  return `${trimSlash(ui.domain)}/oauth2/authorize?${params}`;
}

export const tokenUrl = (ui: HostedUi): string => `${trimSlash(ui.domain)}/oauth2/token`;

/** The form-encoded body of the code exchange: a public client, so no secret, the verifier instead. */
export function tokenRequestBody(ui: HostedUi, code: string, verifier: string): string {
  return new URLSearchParams({
    grant_type: 'authorization_code',
    client_id: ui.clientId,
    code,
    redirect_uri: ui.redirectUri,
    code_verifier: verifier,
  }).toString();
}

export function logoutUrl(ui: HostedUi): string {
  const params = new URLSearchParams({ client_id: ui.clientId, logout_uri: ui.logoutUri });
  return `${trimSlash(ui.domain)}/logout?${params}`;
}

/** What the hosted UI sent back on the page's query string. */
export type RedirectResult =
  | { readonly kind: 'none' }
  | { readonly kind: 'code'; readonly code: string; readonly state: string }
  | { readonly kind: 'error'; readonly error: string; readonly description?: string };

export function readRedirect(search: string): RedirectResult {
  const params = new URLSearchParams(search);
  const error = params.get('error');
  if (error) {
    const description = params.get('error_description');
    return { kind: 'error', error, ...(description ? { description } : {}) };
  }
  const code = params.get('code');
  const state = params.get('state');
  return code && state ? { kind: 'code', code, state } : { kind: 'none' };
}

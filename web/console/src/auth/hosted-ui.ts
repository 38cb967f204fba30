import { currentLanguage } from '../i18n.ts';
import { type Session, startSession } from '../session.ts';
import {
  authorizeUrl,
  codeChallenge,
  type HostedUi,
  logoutUrl,
  randomToken,
  readRedirect,
  tokenRequestBody,
  tokenUrl,
} from './pkce.ts';

/** The verifier, state and page of a sign-in in progress: kept in this tab until the redirect back. */
const PENDING_KEY = 'aftersales.console.pkce';

interface Pending {
  readonly verifier: string;
  readonly state: string;
  /** The console page to return to (`#/complaints/...`). */
  readonly hash: string;
}

/** Sends the browser to the hosted UI; it comes back to `redirectUri` with `?code=&state=`. */
export async function signInWithHostedUi(ui: HostedUi): Promise<void> {
  const pending: Pending = { verifier: randomToken(48), state: randomToken(16), hash: location.hash };
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  location.assign(authorizeUrl(ui, await codeChallenge(pending.verifier), pending.state, currentLanguage()));
}

/** Why a redirect back could not sign in (shown on the sign-in page). */
export class SignInError extends Error {}

/**
 * On the redirect back: checks the state, exchanges the code for tokens and starts the session with
 * the ID token (its `cognito:groups` are the roles). Removes `code` and `state` from the address.
 * Undefined when the page was not opened by a redirect.
 */
export async function completeHostedUiSignIn(ui: HostedUi): Promise<Session | undefined> {
  const result = readRedirect(location.search);
  if (result.kind === 'none') return undefined;
  const pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? 'null') as Pending | null;
  sessionStorage.removeItem(PENDING_KEY);
  history.replaceState(null, '', `${location.pathname}${pending?.hash ?? ''}`);
  if (result.kind === 'error') throw new SignInError(result.description ?? result.error);
  if (!pending || pending.state !== result.state) throw new SignInError('state mismatch');
  const response = await fetch(tokenUrl(ui), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: tokenRequestBody(ui, result.code, pending.verifier),
  });
  const tokens = (await response.json().catch(() => ({}))) as { id_token?: string; error?: string };
  if (!response.ok || !tokens.id_token) throw new SignInError(tokens.error ?? `HTTP ${response.status}`);
  return startSession(tokens.id_token);
}

/** Ends the hosted UI's session too, which then returns to `logoutUri`. */
export function signOutOfHostedUi(ui: HostedUi): void {
  location.assign(logoutUrl(ui));
}

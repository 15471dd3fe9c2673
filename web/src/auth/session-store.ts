import { pkceChallenge, pkceVerifier } from './pkce';
import type { SignInConfig } from './sign-in-config';

/** A signed-in session kept for the browser tab: the bearer token and when it expires. */
export interface StoredSession {
  token: string;
  /** Milliseconds since the epoch; absent for a local API token. */
  expiresAt?: number;
}

const sessionKey = 'rapport.session';
const pendingKey = 'rapport.pending-sign-in';

/**
 * The tab's session, unless it expired.
 *
 * @example
 * const session = readSession();
 */
export function readSession(now = Date.now()): StoredSession | undefined {
  const raw = sessionStorage.getItem(sessionKey);
  if (!raw) return undefined;
  const session = JSON.parse(raw) as StoredSession;
  if (session.expiresAt !== undefined && session.expiresAt <= now) {
    sessionStorage.removeItem(sessionKey);
    return undefined;
  }
  return session;
}

export function saveSession(session: StoredSession): void {
  sessionStorage.setItem(sessionKey, JSON.stringify(session));
}

export function clearSession(): void {
  sessionStorage.removeItem(sessionKey);
}

/**
 * Sends the browser to the Cognito hosted UI (authorization code with PKCE), remembering the
 * verifier, a state and the page to come back to.
 *
 * @example
 * await startHostedSignIn(config.signIn, location.hash);
 */
export async function startHostedSignIn(
  config: Extract<SignInConfig, { kind: 'cognito' }>,
  returnTo: string,
): Promise<void> {
  const verifier = pkceVerifier();
  const state = pkceVerifier();
  sessionStorage.setItem(pendingKey, JSON.stringify({ verifier, state, returnTo }));
  const url = new URL('/oauth2/authorize', config.domain);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    scope: 'openid email',
    state,
    code_challenge: await pkceChallenge(verifier),
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.toString());
}

/**
 * Finishes a hosted UI sign-in when the browser comes back with `?code=&state=`: exchanges the
 * code (with the verifier) for tokens and keeps the id token, which carries the user's groups.
 * Answers the page to return to, or undefined when this is not a sign-in return.
 *
 * @example
 * const returnTo = await completeHostedSignIn(config.signIn, location.search);
 */
export async function completeHostedSignIn(
  config: Extract<SignInConfig, { kind: 'cognito' }>,
  search: string,
  fetchImpl: typeof fetch = fetch,
): Promise<string | undefined> {
  const params = new URLSearchParams(search);
  const code = params.get('code');
  const pending = sessionStorage.getItem(pendingKey);
  if (!code || !pending) return undefined;
  sessionStorage.removeItem(pendingKey);
  const { verifier, state, returnTo } = JSON.parse(pending) as {
    verifier: string;
    state: string;
    returnTo: string;
  };
  if (params.get('state') !== state) throw new Error('The sign-in answer does not match the request.');
  const response = await fetchImpl(new URL('/oauth2/token', config.domain).toString(), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: config.clientId,
      code,
      redirect_uri: config.redirectUri,
      code_verifier: verifier,
    }).toString(),
  });
  if (!response.ok) throw new Error(`Sign-in failed (${response.status}).`);
  const tokens = (await response.json()) as { id_token: string; expires_in: number };
  saveSession({ token: tokens.id_token, expiresAt: Date.now() + tokens.expires_in * 1000 });
  return returnTo;
}

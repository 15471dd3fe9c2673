import { beforeEach, describe, expect, it } from 'vitest';
import { completeHostedSignIn, readSession, saveSession, startHostedSignIn } from './session-store';

const config = {
  kind: 'cognito' as const,
  domain: 'https://rapport-demo.auth.eu-west-1.amazoncognito.com',
  clientId: 'client-123',
  redirectUri: 'https://d111.cloudfront.net/',
};

beforeEach(() => sessionStorage.clear());

describe('the hosted UI sign-in (authorization code with PKCE)', () => {
  it('sends the browser to /oauth2/authorize with an S256 challenge, then exchanges the code with the verifier and keeps the id token', async () => {
    let authorizeUrl = '';
    Object.defineProperty(window, 'location', {
      value: { ...window.location, assign: (url: string) => (authorizeUrl = url) },
      configurable: true,
    });
    await startHostedSignIn(config, '#/customers/01J');
    const authorize = new URL(authorizeUrl);
    expect(authorize.origin + authorize.pathname).toBe(`${config.domain}/oauth2/authorize`);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('client_id')).toBe('client-123');
    const state = authorize.searchParams.get('state') ?? '';
    let exchanged: URLSearchParams | undefined;
    const fakeFetch = (async (_url: string, init: RequestInit) => {
      exchanged = new URLSearchParams(String(init.body));
      return new Response(JSON.stringify({ id_token: 'id.jwt', expires_in: 3600 }), { status: 200 });
    }) as typeof fetch;

    const returnTo = await completeHostedSignIn(config, `?code=abc&state=${state}`, fakeFetch);

    expect(returnTo).toBe('#/customers/01J');
    expect(exchanged?.get('grant_type')).toBe('authorization_code');
    expect(exchanged?.get('code')).toBe('abc');
    expect(exchanged?.get('code_verifier')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(readSession()?.token).toBe('id.jwt');
  });

  it('refuses an answer whose state does not match the request', async () => {
    sessionStorage.setItem(
      'rapport.pending-sign-in',
      JSON.stringify({ verifier: 'v'.repeat(43), state: 'expected', returnTo: '#/' }),
    );
    await expect(completeHostedSignIn(config, '?code=abc&state=forged')).rejects.toThrow(/does not match/);
    expect(readSession()).toBeUndefined();
  });

  it('forgets a session once it has expired', () => {
    saveSession({ token: 't', expiresAt: 1_000 });
    expect(readSession(999)?.token).toBe('t');
    expect(readSession(1_000)).toBeUndefined();
  });
});

import {
  authorizeUrl,
  base64Url,
  codeChallenge,
  type HostedUi,
  logoutUrl,
  randomToken,
  readRedirect,
  tokenRequestBody,
  tokenUrl,
} from '../../web/console/src/auth/pkce.ts';

const ui: HostedUi = {
  domain: 'https://aftersales-prod.auth.ap-east-1.amazoncognito.com/',
  clientId: 'client123',
  redirectUri: 'https://console.example.cn/',
  logoutUri: 'https://console.example.cn/signed-out.html',
};

describe('PKCE for the Cognito hosted UI', () => {
  it('derives the S256 challenge of RFC 7636 appendix B', async () => {
    expect(await codeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('makes random verifiers of base64url characters only', () => {
    const verifier = randomToken(48);

    expect(verifier).toMatch(/^[A-Za-z0-9_-]{64}$/);
    expect(randomToken(48)).not.toBe(verifier);
    expect(base64Url(new Uint8Array([251, 255, 191]))).toBe('-_-_');
  });

  it('asks the hosted UI for a code with the challenge, the state and the OpenID scopes', () => {
    const url = new URL(authorizeUrl(ui, 'challenge-1', 'state-1'));

    expect(url.origin + url.pathname).toBe(
      'https://aftersales-prod.auth.ap-east-1.amazoncognito.com/oauth2/authorize',
    );
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'client123',
      redirect_uri: 'https://console.example.cn/',
      scope: 'openid email profile',
      code_challenge: 'challenge-1',
      code_challenge_method: 'S256',
      state: 'state-1',
      lang: 'zh-CN',
    });
  });

  it('exchanges the code as a public client: the verifier, no secret', () => {
    const body = new URLSearchParams(tokenRequestBody(ui, 'code-1', 'verifier-1'));

    expect(tokenUrl(ui)).toBe('https://aftersales-prod.auth.ap-east-1.amazoncognito.com/oauth2/token');
    expect(Object.fromEntries(body)).toEqual({
      grant_type: 'authorization_code',
      client_id: 'client123',
      code: 'code-1',
      redirect_uri: 'https://console.example.cn/',
      code_verifier: 'verifier-1',
    });
  });

  it('signs out at the hosted UI, which returns to the logout URI', () => {
    const url = new URL(logoutUrl(ui));

    expect(url.pathname).toBe('/logout');
    expect(url.searchParams.get('client_id')).toBe('client123');
    expect(url.searchParams.get('logout_uri')).toBe('https://console.example.cn/signed-out.html');
  });

  it('reads the redirect back: a code with its state, an error, or nothing', () => {
    expect(readRedirect('?code=abc&state=xyz')).toEqual({ kind: 'code', code: 'abc', state: 'xyz' });
    expect(readRedirect('?error=access_denied&error_description=User+cancelled')).toEqual({
      kind: 'error',
      error: 'access_denied',
      description: 'User cancelled',
    });
    expect(readRedirect('')).toEqual({ kind: 'none' });
    expect(readRedirect('?code=abc')).toEqual({ kind: 'none' });
  });
});

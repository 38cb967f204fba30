import { callerFromClaims, parseGroups, signLocalToken, verifyLocalToken } from '../../shared/http/tokens.ts';

const secret = 'unit-test-secret';
const claims = { sub: 'u1', email: 'u1@example.cn', 'cognito:groups': ['office'], 'custom:office': 'bj' };

describe('local sign-in tokens', () => {
  it('round-trips the Cognito-shaped claims', () => {
    const token = signLocalToken(claims, secret);
    expect(callerFromClaims(verifyLocalToken(token, secret))).toEqual({
      kind: 'staff',
      sub: 'u1',
      email: 'u1@example.cn',
      roles: ['office'],
      officeId: 'bj',
    });
  });

  it('refuses a token signed with another secret', () => {
    expect(() => verifyLocalToken(signLocalToken(claims, 'other'), secret)).toThrow('bad signature');
  });

  it('refuses an expired token', () => {
    const token = signLocalToken(claims, secret, 60, Date.now() - 120_000);
    expect(() => verifyLocalToken(token, secret)).toThrow('expired');
  });

  it('refuses a token whose claims were edited', () => {
    const [header, , signature] = signLocalToken(claims, secret).split('.');
    const forged = Buffer.from(
      JSON.stringify({ ...claims, 'cognito:groups': ['admin'], iss: 'aftersales-local', exp: 9e9 }),
    ).toString('base64url');
    expect(() => verifyLocalToken(`${header}.${forged}.${signature}`, secret)).toThrow('bad signature');
  });
});

describe('parseGroups', () => {
  it.each([
    [
      ['quality', 'manager'],
      ['quality', 'manager'],
    ],
    ['quality,manager', ['quality', 'manager']],
    ['[quality manager]', ['quality', 'manager']],
    ['quality, not-a-role', ['quality']],
    [undefined, []],
  ])('%p -> %p', (groups, roles) => {
    expect(parseGroups(groups)).toEqual(roles);
  });
});

import { tokenClaims } from './token-claims';

const jwt = (payload: object) =>
  ['{"alg":"RS256"}', JSON.stringify(payload)]
    .map((part) => btoa(part).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_'))
    .concat('signature')
    .join('.');

describe('the claims of an access token', () => {
  it('are who the services will see: sub, role and expiry', () => {
    expect(tokenClaims(jwt({ sub: 'RN-0042', role: 'clinician', exp: 1_800_000_000, name: 'R' }))).toEqual({
      sub: 'RN-0042',
      role: 'clinician',
      expiresAt: '2027-01-15T08:00:00.000Z',
    });
  });

  it('refuse a token without a console role, naming the claim', () => {
    expect(() => tokenClaims(jwt({ sub: 'a', role: 'admin', exp: 1 }))).toThrow(/role claim/);
    expect(() => tokenClaims(jwt({ sub: 'a', roles: ['clinician'], exp: 1 }))).toThrow(/role claim/);
  });

  it('refuse a token without a subject or an expiry', () => {
    expect(() => tokenClaims(jwt({ role: 'clinician', exp: 1 }))).toThrow(/sub claim/);
    expect(() => tokenClaims(jwt({ sub: 'a', role: 'clinician' }))).toThrow(/exp claim/);
  });

  it('refuse an opaque token', () => {
    expect(() => tokenClaims('2YotnFZFEjr1zCsicMWpAA')).toThrow(/not a JWT/);
    expect(() => tokenClaims('a.bm90IGpzb24.c')).toThrow(/not a JWT/);
  });
});

import { checkLifetime, InvalidTokenError } from './token-verifier';

describe('checkLifetime', () => {
  const now = 1_800_000_000;
  const max = 12 * 3600;

  it.each([
    ['iat and exp within the limit', { iat: now, exp: now + max }],
    ['exp only, within the limit from now', { exp: now + 3600 }],
    ['iat a little ahead (clock skew)', { iat: now + 60, exp: now + 600 }],
    ['an old token whose lifetime was within the limit', { iat: now - max, exp: now }],
  ])('accepts %s', (_label, claims) => {
    expect(() => checkLifetime(claims, max, now)).not.toThrow();
  });

  it.each([
    ['no exp', { iat: now }, 'has no expiry'],
    ['ten years', { iat: now, exp: now + 10 * 365 * 86_400 }, 'valid for longer than the 12 h'],
    ['no iat and exp too far', { exp: now + max + 60 }, 'valid for longer than the 12 h'],
    ['iat in the future', { iat: now + 61, exp: now + 600 }, 'issued in the future'],
  ])('refuses %s', (_label, claims, reason) => {
    expect(() => checkLifetime(claims, max, now)).toThrow(InvalidTokenError);
    expect(() => checkLifetime(claims, max, now)).toThrow(reason);
  });
});

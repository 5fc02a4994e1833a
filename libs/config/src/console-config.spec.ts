import { ConfigurationError } from './configuration-error';
import { loadConsoleConfig } from './console-config';

const SECRET = 'x'.repeat(32);
const load = (env: Record<string, string>) => loadConsoleConfig({ env, envFile: null });

describe('the console configuration', () => {
  it('defaults to port 3000 and the three services on 3001-3003', () => {
    const config = load({ AUTH_JWT_SECRET: SECRET });
    expect(config.http).toEqual({ host: '127.0.0.1', port: 3000, portSetting: 'CONSOLE_PORT' });
    expect(config.services).toEqual({
      intake: 'http://127.0.0.1:3001',
      triage: 'http://127.0.0.1:3002',
      outcomes: 'http://127.0.0.1:3003',
    });
    expect(config.webDir).toMatch(/dist\/console-web$/);
  });

  it('offers the development sign-in with one-hour tokens outside production', () => {
    expect(load({ AUTH_JWT_SECRET: SECRET }).developmentSignIn?.tokenTtlSeconds).toBe(3600);
    expect(
      load({ AUTH_JWT_SECRET: SECRET, AUTH_MAX_TOKEN_TTL: '30m' }).developmentSignIn?.tokenTtlSeconds,
    ).toBe(1800);
  });

  it('has no development sign-in in production, and needs no secret there', () => {
    const config = load({ NODE_ENV: 'production', AUTH_ISSUER: 'https://idp.example' });
    expect(config.developmentSignIn).toBeNull();
    expect(config.issuer).toBe('https://idp.example');
  });

  it('has none either when the services take tokens from an identity provider', () => {
    expect(load({ AUTH_JWKS_URL: 'https://idp.example/jwks' }).developmentSignIn).toBeNull();
  });

  it('offers the OpenID Connect sign-in once the issuer and the client id are set', () => {
    const production = { NODE_ENV: 'production', AUTH_ISSUER: 'https://idp.example' };
    expect(load(production).oidc).toBeNull();
    expect(load({ ...production, CONSOLE_OIDC_CLIENT_ID: 'rcrp-console' }).oidc).toEqual({
      issuer: 'https://idp.example',
      clientId: 'rcrp-console',
      scopes: 'openid profile',
    });
    expect(
      load({ ...production, CONSOLE_OIDC_CLIENT_ID: 'c', CONSOLE_OIDC_SCOPES: ' openid  offline_access ' })
        .oidc?.scopes,
    ).toBe('openid offline_access');
    expect(() => load({ NODE_ENV: 'production', CONSOLE_OIDC_CLIENT_ID: 'c' })).toThrow(/AUTH_ISSUER/);
    expect(() =>
      load({ ...production, CONSOLE_OIDC_CLIENT_ID: 'c', CONSOLE_OIDC_SCOPES: 'profile' }),
    ).toThrow(/CONSOLE_OIDC_SCOPES/);
  });

  it('names the setting that is wrong', () => {
    expect(() => load({ AUTH_JWT_SECRET: SECRET, CONSOLE_TRIAGE_URL: 'triage:3002' })).toThrow(
      ConfigurationError,
    );
    expect(() => load({ AUTH_JWT_SECRET: SECRET, CONSOLE_PORT: '0' })).toThrow(/CONSOLE_PORT/);
    expect(() => load({})).toThrow(/AUTH_JWT_SECRET/);
    expect(() => load({ AUTH_JWT_SECRET: SECRET, CONSOLE_DEV_TOKEN_TTL: '13h' })).toThrow(
      /CONSOLE_DEV_TOKEN_TTL/,
    );
  });
});

import { exportJWK, generateKeyPair } from 'jose';
import type { Configuration } from 'oidc-provider';

/**
 * A real OpenID provider for the browser tests of the production sign-in (issue 17): the certified `oidc-provider`
 * on a loopback port, with the console as a public client (authorisation code + PKCE, refresh tokens), one test
 * user per role, a fresh RS256 key, and JWT access tokens for the services (resource indicators) that carry the
 * `role` claim the services read. Its login and consent pages are oidc-provider's own interactions.
 *
 * `node -r ts-node/register/transpile-only apps/console/e2e/support/identity-provider.ts`, with:
 *   OIDC_TEST_PORT          where it listens (its issuer is http://127.0.0.1:<port>)
 *   OIDC_TEST_CONSOLE_URL   the console under test, where it sends the browser back
 *   OIDC_TEST_TOKEN_TTL     access token lifetime in seconds (short, so the test sees a renewal)
 */
export const TEST_CLIENT_ID = 'rcrp-console';
/** The services, as the resource their access tokens are for: AUTH_AUDIENCE. */
export const TEST_AUDIENCE = 'urn:rcrp:services';
/** The scope that asks for an access token for the services (CONSOLE_OIDC_SCOPES names it with openid). */
export const TEST_API_SCOPE = 'rcrp';
/** One person per role; each signs in with their id as login (oidc-provider's interactions ask no password). */
export const TEST_USERS = {
  'RN-0042': 'clinician',
  'PC-4821': 'officer',
  'op-7': 'operator',
  'AN-0001': 'analyst',
} as const;

async function main(): Promise<void> {
  const port = Number(process.env.OIDC_TEST_PORT ?? 13019);
  const consoleUrl = process.env.OIDC_TEST_CONSOLE_URL ?? 'http://127.0.0.1:13010';
  const accessTokenTtl = Number(process.env.OIDC_TEST_TOKEN_TTL ?? 80);
  const issuer = `http://127.0.0.1:${port}`;

  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const key = { ...(await exportJWK(privateKey)), kid: 'rcrp-test-1', alg: 'RS256', use: 'sig' };

  const roleOf = (accountId: string) => TEST_USERS[accountId as keyof typeof TEST_USERS];
  const configuration: Configuration = {
    clients: [
      {
        client_id: TEST_CLIENT_ID,
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: [`${consoleUrl}/sign-in/callback`],
        post_logout_redirect_uris: [`${consoleUrl}/sign-in/signed-out`],
      },
    ],
    jwks: { keys: [key] },
    findAccount: (_ctx, id) =>
      roleOf(id) ? { accountId: id, claims: () => ({ sub: id, name: id }) } : undefined,
    claims: { openid: ['sub'], profile: ['name'] },
    features: {
      devInteractions: { enabled: true },
      rpInitiatedLogout: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => TEST_AUDIENCE,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope: TEST_API_SCOPE,
          audience: TEST_AUDIENCE,
          accessTokenTTL: accessTokenTtl,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'RS256' } },
        }),
      },
    },
    // The one place the role is mapped: the account's role becomes the access token's `role` claim, which is the
    // claim the services read (libs/auth, TokenVerifier). A real provider does this with a claim mapper.
    extraTokenClaims: (_ctx, token) =>
      token.kind === 'AccessToken' && token.accountId ? { role: roleOf(token.accountId) } : undefined,
    // Refresh tokens tied to the sign-in session (no offline_access), rotated on each use by a public client.
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    ttl: { AccessToken: accessTokenTtl, IdToken: 3600, RefreshToken: 12 * 3600, Session: 12 * 3600 },
    cookies: { keys: ['rcrp-test-provider-cookie-key'] },
  };
  // Loaded here, not above: the tests import this file's constants without starting a provider.
  const { default: Provider } = await import('oidc-provider');
  const provider = new Provider(issuer, configuration);
  const server = provider.listen(port, '127.0.0.1');
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
  process.stdout.write(`test OpenID provider at ${issuer}\n`);
}

if (require.main === module) void main();

import { resolve } from 'node:path';
import {
  AuthConfig,
  DEFAULT_PORTS,
  LOG_LEVELS,
  LogLevel,
  NODE_ENVS,
  NodeEnv,
  SERVICE_NAMES,
  ServiceName,
} from './app-config';
import { ConfigurationError } from './configuration-error';
import { defaultEnvFilePath, findProjectRoot, mergedEnvironment } from './env-file';
import type { LoadConfigOptions } from './load-config';
import { readAuthConfig } from './load-config';
import { duration, integer, oneOf, raw, url } from './settings';

/** DESIGN §9: the console is the one port a person opens. */
export const CONSOLE_DEFAULT_PORT = 3000;
/** A development sign-in lasts an hour (or AUTH_MAX_TOKEN_TTL if shorter); signing in again is one click. */
const DEFAULT_DEV_TOKEN_TTL_SECONDS = 3600;

/**
 * The web console's validated configuration (apps/console). It holds no data and reaches no database or broker: its
 * settings are where it listens, where the three services are, where its built web app is, and how people sign in.
 */
export abstract class ConsoleConfig {
  readonly nodeEnv: NodeEnv;
  readonly logLevel: LogLevel;
  readonly http: { readonly host: string; readonly port: number; readonly portSetting: string };
  /** Base URL of each service, which `/api/<service>/...` forwards to (`CONSOLE_<SERVICE>_URL`). */
  readonly services: Readonly<Record<ServiceName, string>>;
  /** The Vite build of the single-page app (`CONSOLE_WEB_DIR`, default `dist/console-web`). */
  readonly webDir: string;
  /**
   * `POST /auth/dev-token`: the services' HS256 secret and the lifetime of the tokens it mints. Null in production
   * (the route does not exist) and when the services verify tokens from an identity provider (AUTH_JWKS_URL).
   */
  readonly developmentSignIn: {
    readonly auth: Extract<AuthConfig, { mode: 'hs256' }>;
    readonly tokenTtlSeconds: number;
  } | null;
  /** The identity provider (AUTH_ISSUER) the production sign-in names. */
  readonly issuer: string | null;
  /**
   * The production sign-in: OpenID Connect authorisation code with PKCE at AUTH_ISSUER, as the public client
   * CONSOLE_OIDC_CLIENT_ID asking for CONSOLE_OIDC_SCOPES. Null until both the issuer and the client id are set.
   */
  readonly oidc: { readonly issuer: string; readonly clientId: string; readonly scopes: string } | null;
}

/** Enough for a signed-in person and a refresh token the provider ties to their session (docs/console.md). */
const DEFAULT_OIDC_SCOPES = 'openid profile';

/** Reads and validates the console's configuration; a `ConfigurationError` names the first wrong setting. */
export function loadConsoleConfig(options: LoadConfigOptions = {}): ConsoleConfig {
  const env = mergedEnvironment(
    options.env ?? process.env,
    options.envFile === undefined ? defaultEnvFilePath() : options.envFile,
  );
  const nodeEnv = oneOf('NODE_ENV', raw(env, 'NODE_ENV') ?? 'development', NODE_ENVS);
  const services = Object.fromEntries(
    SERVICE_NAMES.map((service) => {
      const setting = `CONSOLE_${service.toUpperCase()}_URL`;
      const example = `http://127.0.0.1:${DEFAULT_PORTS[service]}`;
      return [service, url(setting, raw(env, setting) ?? example, ['http:', 'https:'], example)];
    }),
  ) as Record<ServiceName, string>;
  return {
    nodeEnv,
    logLevel: oneOf('LOG_LEVEL', raw(env, 'LOG_LEVEL') ?? 'info', LOG_LEVELS),
    http: {
      host: raw(env, 'HTTP_HOST') ?? '127.0.0.1',
      port: integer('CONSOLE_PORT', raw(env, 'CONSOLE_PORT') ?? String(CONSOLE_DEFAULT_PORT), 1, 65535),
      portSetting: 'CONSOLE_PORT',
    },
    services,
    webDir: resolve(raw(env, 'CONSOLE_WEB_DIR') ?? resolve(findProjectRoot(), 'dist/console-web')),
    developmentSignIn: nodeEnv === 'production' ? null : readDevelopmentSignIn(env),
    issuer: raw(env, 'AUTH_ISSUER') ?? null,
    oidc: readOidcSignIn(env),
  };
}

function readOidcSignIn(env: Record<string, string | undefined>): ConsoleConfig['oidc'] {
  const clientId = raw(env, 'CONSOLE_OIDC_CLIENT_ID');
  const issuer = raw(env, 'AUTH_ISSUER');
  if (clientId === undefined) return null;
  if (issuer === undefined) {
    throw new ConfigurationError(
      'AUTH_ISSUER',
      'is required with CONSOLE_OIDC_CLIENT_ID: the OpenID provider the console signs people in at',
    );
  }
  const scopes = (raw(env, 'CONSOLE_OIDC_SCOPES') ?? DEFAULT_OIDC_SCOPES).split(/\s+/);
  if (!scopes.includes('openid')) {
    throw new ConfigurationError('CONSOLE_OIDC_SCOPES', `must include openid (got "${scopes.join(' ')}")`);
  }
  return {
    issuer: url('AUTH_ISSUER', issuer, ['https:', 'http:'], 'https://idp.example'),
    clientId,
    scopes: scopes.join(' '),
  };
}

function readDevelopmentSignIn(env: Record<string, string | undefined>): ConsoleConfig['developmentSignIn'] {
  // The same rules as the services': a development console without a secret cannot sign anyone in.
  const auth = readAuthConfig(env);
  if (auth.mode !== 'hs256') return null;
  const ttl = raw(env, 'CONSOLE_DEV_TOKEN_TTL');
  const tokenTtlSeconds =
    ttl === undefined
      ? Math.min(DEFAULT_DEV_TOKEN_TTL_SECONDS, auth.maxTokenTtlSeconds)
      : duration('CONSOLE_DEV_TOKEN_TTL', ttl, 60, auth.maxTokenTtlSeconds);
  return { auth, tokenTtlSeconds };
}

import {
  AppConfig,
  AuthConfig,
  DEFAULT_PORTS,
  LOG_LEVELS,
  NODE_ENVS,
  ServiceName,
  SERVICE_NAMES,
} from './app-config';
import { ConfigurationError } from './configuration-error';
import { defaultEnvFilePath, mergedEnvironment } from './env-file';
import {
  base64Key,
  duration,
  Env,
  hostPortList,
  identifier,
  integer,
  minLengthSecret,
  oneOf,
  raw,
  required,
  url,
} from './settings';

export interface LoadConfigOptions {
  /** Defaults to `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Defaults to `<project root>/.env.local`; null reads no file (tests). */
  envFile?: string | null;
}

const POSTGRES_PROTOCOLS = ['postgres:', 'postgresql:'];
const MIN_SECRET_LENGTH = 32;
/** 30,000 a minute is 500/s, over twice the benchmarks' 200/s from one client. */
const DEFAULT_WRITES_PER_MINUTE = 30_000;
/** The request pool's size (createServicePool): more writes at once would only wait there for a connection. */
const DEFAULT_MAX_CONCURRENT_WRITES = 10;
/** A short queue absorbs a burst; a longer one would only turn overload into latency before refusing it. */
const DEFAULT_MAX_QUEUED_WRITES = 10;
/** Far above any honest client's mistakes (one per request), far below what guessing needs. */
const DEFAULT_AUTH_FAILURES_PER_MINUTE = 600;
/** A working day: tokens for a shift, not for a year. */
const DEFAULT_MAX_TOKEN_TTL = '12h';

/**
 * Reads and validates one service's configuration. Throws `ConfigurationError` (one line naming the setting and
 * what is expected) on the first missing or malformed setting.
 */
export function loadConfig(service: ServiceName, options: LoadConfigOptions = {}): AppConfig {
  oneOf('service', service, SERVICE_NAMES);
  const env = mergedEnvironment(
    options.env ?? process.env,
    options.envFile === undefined ? defaultEnvFilePath() : options.envFile,
  );
  return {
    service,
    nodeEnv: oneOf('NODE_ENV', raw(env, 'NODE_ENV') ?? 'development', NODE_ENVS),
    logLevel: oneOf('LOG_LEVEL', raw(env, 'LOG_LEVEL') ?? 'info', LOG_LEVELS),
    http: readHttp(env, service),
    database: readDatabase(env, service),
    kafka: {
      brokers: hostPortList('KAFKA_BROKERS', raw(env, 'KAFKA_BROKERS') ?? '127.0.0.1:9092'),
      partitions: integer('KAFKA_PARTITIONS', raw(env, 'KAFKA_PARTITIONS') ?? '6', 1, 1000),
      clientId: `rcrp-${service}`,
      consumerConcurrency: integer(
        'KAFKA_CONSUMER_CONCURRENCY',
        raw(env, 'KAFKA_CONSUMER_CONCURRENCY') ?? '3',
        1,
        64,
      ),
    },
    auth: readAuthConfig(env),
    rateLimit: {
      writesPerMinute: integer(
        'RATE_LIMIT_WRITES_PER_MINUTE',
        raw(env, 'RATE_LIMIT_WRITES_PER_MINUTE') ?? String(DEFAULT_WRITES_PER_MINUTE),
        1,
        10_000_000,
      ),
      authFailuresPerMinute: integer(
        'RATE_LIMIT_AUTH_FAILURES_PER_MINUTE',
        raw(env, 'RATE_LIMIT_AUTH_FAILURES_PER_MINUTE') ?? String(DEFAULT_AUTH_FAILURES_PER_MINUTE),
        1,
        10_000_000,
      ),
    },
    admission: {
      maxConcurrentWrites: integer(
        'HTTP_MAX_CONCURRENT_WRITES',
        raw(env, 'HTTP_MAX_CONCURRENT_WRITES') ?? String(DEFAULT_MAX_CONCURRENT_WRITES),
        1,
        10_000,
      ),
      maxQueuedWrites: integer(
        'HTTP_MAX_QUEUED_WRITES',
        raw(env, 'HTTP_MAX_QUEUED_WRITES') ?? String(DEFAULT_MAX_QUEUED_WRITES),
        0,
        100_000,
      ),
    },
    incidents: {
      reportedAtMaxFutureMinutes: integer(
        'INCIDENT_REPORTED_AT_MAX_FUTURE_MINUTES',
        raw(env, 'INCIDENT_REPORTED_AT_MAX_FUTURE_MINUTES') ?? '2',
        0,
        1440,
      ),
      reportedAtMaxPastDays: integer(
        'INCIDENT_REPORTED_AT_MAX_PAST_DAYS',
        raw(env, 'INCIDENT_REPORTED_AT_MAX_PAST_DAYS') ?? '30',
        1,
        3650,
      ),
    },
    personalData: {
      masterKey: base64Key(
        'PERSONAL_DATA_MASTER_KEY',
        required(
          env,
          'PERSONAL_DATA_MASTER_KEY',
          'base64 of 32 random bytes (`npm start` generates one into .env.local)',
        ),
        32,
      ),
    },
  };
}

/**
 * `<SERVICE>_PORT` wins because `npm start` runs all three services from one shell; plain `PORT` is honoured as a
 * fallback for one-service-per-container deployments. The setting actually used is kept so errors can name it.
 */
function readHttp(env: Env, service: ServiceName): AppConfig['http'] {
  const serviceSetting = `${service.toUpperCase()}_PORT`;
  const portSetting =
    raw(env, serviceSetting) !== undefined
      ? serviceSetting
      : raw(env, 'PORT') !== undefined
        ? 'PORT'
        : serviceSetting;
  const port = integer(portSetting, raw(env, portSetting) ?? String(DEFAULT_PORTS[service]), 1, 65535);
  return { host: raw(env, 'HTTP_HOST') ?? '127.0.0.1', port, portSetting };
}

function readDatabase(env: Env, service: ServiceName): AppConfig['database'] {
  const example = `postgres://rcrp_${service}:rcrp_${service}@127.0.0.1:5432/rcrp`;
  return {
    url: url('DATABASE_URL', raw(env, 'DATABASE_URL') ?? example, POSTGRES_PROTOCOLS, example),
    ownerUrl: url(
      'DATABASE_OWNER_URL',
      raw(env, 'DATABASE_OWNER_URL') ?? 'postgres://rcrp_owner:rcrp_owner@127.0.0.1:5432/rcrp',
      POSTGRES_PROTOCOLS,
      'postgres://rcrp_owner:rcrp_owner@127.0.0.1:5432/rcrp',
    ),
    schema: identifier('DATABASE_SCHEMA', raw(env, 'DATABASE_SCHEMA') ?? service),
  };
}

/**
 * A JWKS URL (production identity provider, RS256) takes precedence over a shared secret, so a development secret
 * left in `.env.local` can never make a JWKS-configured service also accept HS256 tokens. Without either the
 * service refuses to start in every environment: a service that cannot authenticate anyone is of no use.
 */
export function readAuthConfig(env: Env): AuthConfig {
  const claims = {
    issuer: raw(env, 'AUTH_ISSUER') ?? null,
    audience: raw(env, 'AUTH_AUDIENCE') ?? null,
    maxTokenTtlSeconds: duration(
      'AUTH_MAX_TOKEN_TTL',
      raw(env, 'AUTH_MAX_TOKEN_TTL') ?? DEFAULT_MAX_TOKEN_TTL,
      60,
      30 * 86_400,
    ),
  };
  const jwksUrl = raw(env, 'AUTH_JWKS_URL');
  if (jwksUrl !== undefined) {
    return {
      mode: 'jwks',
      jwksUrl: url(
        'AUTH_JWKS_URL',
        jwksUrl,
        ['https:', 'http:'],
        'https://idp.example/.well-known/jwks.json',
      ),
      ...claims,
    };
  }
  const secret = raw(env, 'AUTH_JWT_SECRET');
  if (secret === undefined) {
    const hint =
      oneOf('NODE_ENV', raw(env, 'NODE_ENV') ?? 'development', NODE_ENVS) === 'production'
        ? 'production needs AUTH_JWKS_URL (RS256) or AUTH_JWT_SECRET (HS256)'
        : 'set AUTH_JWKS_URL or AUTH_JWT_SECRET (`npm start` generates a secret into .env.local)';
    throw new ConfigurationError('AUTH_JWT_SECRET', `is required: ${hint}`);
  }
  return { mode: 'hs256', secret: minLengthSecret('AUTH_JWT_SECRET', secret, MIN_SECRET_LENGTH), ...claims };
}

/** Reads only the auth settings (plus `.env.local`), for scripts such as `npm run token`. */
export function loadAuthConfig(options: LoadConfigOptions = {}): AuthConfig {
  return readAuthConfig(
    mergedEnvironment(
      options.env ?? process.env,
      options.envFile === undefined ? defaultEnvFilePath() : options.envFile,
    ),
  );
}

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './load-config';
import { parseEnvFile } from './env-file';

const SECRET = 'a'.repeat(32);
const MASTER_KEY = Buffer.alloc(32, 7).toString('base64');
const minimal = { AUTH_JWT_SECRET: SECRET, PERSONAL_DATA_MASTER_KEY: MASTER_KEY };

function load(env: Record<string, string>, service: 'intake' | 'triage' | 'outcomes' = 'intake') {
  return loadConfig(service, { env, envFile: null });
}

function errorOf(env: Record<string, string>, service: 'intake' | 'triage' | 'outcomes' = 'intake'): string {
  try {
    load(env, service);
  } catch (error) {
    expect((error as Error).name).toBe('ConfigurationError');
    return (error as Error).message;
  }
  throw new Error('expected a configuration error');
}

describe('loadConfig', () => {
  it('applies the documented defaults for each service', () => {
    const config = load(minimal, 'triage');
    expect(config).toMatchObject({
      service: 'triage',
      nodeEnv: 'development',
      logLevel: 'info',
      http: { host: '127.0.0.1', port: 3002, portSetting: 'TRIAGE_PORT' },
      database: {
        url: 'postgres://rcrp_triage:rcrp_triage@127.0.0.1:5432/rcrp',
        ownerUrl: 'postgres://rcrp_owner:rcrp_owner@127.0.0.1:5432/rcrp',
        schema: 'triage',
      },
      kafka: { brokers: ['127.0.0.1:9092'], partitions: 6, clientId: 'rcrp-triage', consumerConcurrency: 3 },
      auth: { mode: 'hs256', secret: SECRET, issuer: null, audience: null, maxTokenTtlSeconds: 43_200 },
      rateLimit: { writesPerMinute: 30_000, authFailuresPerMinute: 600 },
      admission: { maxConcurrentWrites: 10, maxQueuedWrites: 10 },
      personalData: { masterKey: MASTER_KEY },
    });
    expect(load(minimal, 'intake').http.port).toBe(3001);
    expect(load(minimal, 'outcomes').http.port).toBe(3003);
  });

  it('reads every setting from the environment', () => {
    const config = load({
      ...minimal,
      NODE_ENV: 'production',
      LOG_LEVEL: 'debug',
      INTAKE_PORT: '4001',
      HTTP_HOST: '0.0.0.0',
      DATABASE_URL: 'postgresql://u:p@db:5432/x',
      DATABASE_OWNER_URL: 'postgres://o:p@db/x',
      DATABASE_SCHEMA: 'intake_test_1',
      KAFKA_BROKERS: 'kafka-1:9092, kafka-2:9092',
      KAFKA_PARTITIONS: '12',
      KAFKA_CONSUMER_CONCURRENCY: '6',
      AUTH_ISSUER: 'https://idp',
      AUTH_AUDIENCE: 'rcrp',
      AUTH_MAX_TOKEN_TTL: '30m',
      RATE_LIMIT_WRITES_PER_MINUTE: '100',
      RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: '5',
      HTTP_MAX_CONCURRENT_WRITES: '4',
      HTTP_MAX_QUEUED_WRITES: '0',
    });
    expect(config.nodeEnv).toBe('production');
    expect(config.logLevel).toBe('debug');
    expect(config.http).toEqual({ host: '0.0.0.0', port: 4001, portSetting: 'INTAKE_PORT' });
    expect(config.database).toEqual({
      url: 'postgresql://u:p@db:5432/x',
      ownerUrl: 'postgres://o:p@db/x',
      schema: 'intake_test_1',
    });
    expect(config.kafka.brokers).toEqual(['kafka-1:9092', 'kafka-2:9092']);
    expect(config.kafka.partitions).toBe(12);
    expect(config.kafka.consumerConcurrency).toBe(6);
    expect(config.auth).toMatchObject({ issuer: 'https://idp', audience: 'rcrp', maxTokenTtlSeconds: 1800 });
    expect(config.rateLimit).toEqual({ writesPerMinute: 100, authFailuresPerMinute: 5 });
    expect(config.admission).toEqual({ maxConcurrentWrites: 4, maxQueuedWrites: 0 });
  });

  it('prefers <SERVICE>_PORT over PORT, and falls back to PORT', () => {
    expect(load({ ...minimal, PORT: '8080', INTAKE_PORT: '4001' }).http.port).toBe(4001);
    expect(load({ ...minimal, PORT: '8080' }).http).toMatchObject({ port: 8080, portSetting: 'PORT' });
  });

  it('treats an empty value as unset', () => {
    expect(load({ ...minimal, INTAKE_PORT: '', KAFKA_BROKERS: ' ' }).http.port).toBe(3001);
  });

  it.each([
    [{ INTAKE_PORT: 'abc' }, 'Configuration error: INTAKE_PORT must be an integer 1-65535 (got "abc")'],
    [{ INTAKE_PORT: '70000' }, 'Configuration error: INTAKE_PORT must be an integer 1-65535 (got "70000")'],
    [{ PORT: '3.5' }, 'Configuration error: PORT must be an integer 1-65535 (got "3.5")'],
    [{ KAFKA_PARTITIONS: '0' }, 'Configuration error: KAFKA_PARTITIONS must be an integer 1-1000 (got "0")'],
    [
      { KAFKA_CONSUMER_CONCURRENCY: 'three' },
      'KAFKA_CONSUMER_CONCURRENCY must be an integer 1-64 (got "three")',
    ],
    [{ KAFKA_BROKERS: 'localhost' }, 'KAFKA_BROKERS must be a comma-separated list of host:port'],
    [{ KAFKA_BROKERS: '127.0.0.1:9092,' }, 'KAFKA_BROKERS must be a comma-separated list of host:port'],
    [{ DATABASE_URL: 'mysql://u:secret@h/db' }, 'DATABASE_URL must be a URL like postgres://rcrp_intake'],
    [{ DATABASE_SCHEMA: 'Intake; drop' }, 'DATABASE_SCHEMA must be a lower-case SQL identifier'],
    [{ AUTH_MAX_TOKEN_TTL: '10y' }, 'AUTH_MAX_TOKEN_TTL must be a duration like 30m, 12h or 1d'],
    [{ AUTH_MAX_TOKEN_TTL: '90d' }, 'AUTH_MAX_TOKEN_TTL must be a duration like 30m, 12h or 1d'],
    [{ RATE_LIMIT_WRITES_PER_MINUTE: '0' }, 'RATE_LIMIT_WRITES_PER_MINUTE must be an integer 1-10000000'],
    [{ HTTP_MAX_CONCURRENT_WRITES: '0' }, 'HTTP_MAX_CONCURRENT_WRITES must be an integer 1-10000 (got "0")'],
    [{ HTTP_MAX_QUEUED_WRITES: '-1' }, 'HTTP_MAX_QUEUED_WRITES must be an integer 0-100000 (got "-1")'],
    [{ NODE_ENV: 'prod' }, 'NODE_ENV must be one of development, test, production (got "prod")'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace (got "loud")'],
    [{ AUTH_JWT_SECRET: 'short' }, 'AUTH_JWT_SECRET must be at least 32 characters (got 5)'],
    [{ AUTH_JWKS_URL: 'not a url' }, 'AUTH_JWKS_URL must be a URL like https://'],
    [
      { PERSONAL_DATA_MASTER_KEY: 'not base64!' },
      'PERSONAL_DATA_MASTER_KEY must be 32 random bytes encoded as base64 (got 0 bytes)',
    ],
    [{ PERSONAL_DATA_MASTER_KEY: Buffer.alloc(16).toString('base64') }, '(got 16 bytes)'],
  ])('rejects %j with one line naming the setting', (override, expected) => {
    const message = errorOf({ ...minimal, ...override });
    expect(message).toContain(expected);
    expect(message.startsWith('Configuration error: ')).toBe(true);
    expect(message).not.toContain('\n');
  });

  it('never echoes a database password or a secret', () => {
    expect(errorOf({ ...minimal, DATABASE_URL: 'mysql://u:secret@h/db' })).not.toContain('secret');
    expect(errorOf({ ...minimal, AUTH_JWT_SECRET: 'hunter2' })).not.toContain('hunter2');
  });

  it('refuses to start without a way to verify tokens, naming production needs', () => {
    expect(errorOf({ PERSONAL_DATA_MASTER_KEY: MASTER_KEY, NODE_ENV: 'production' })).toBe(
      'Configuration error: AUTH_JWT_SECRET is required: production needs AUTH_JWKS_URL (RS256) or AUTH_JWT_SECRET (HS256)',
    );
    expect(errorOf({ PERSONAL_DATA_MASTER_KEY: MASTER_KEY })).toContain('AUTH_JWT_SECRET is required');
  });

  it('refuses to start without the personal-data master key', () => {
    expect(errorOf({ AUTH_JWT_SECRET: SECRET, NODE_ENV: 'production' })).toContain(
      'PERSONAL_DATA_MASTER_KEY is required',
    );
  });

  it('uses the JWKS URL, and only it, when both JWKS and a secret are configured', () => {
    const config = load({ ...minimal, AUTH_JWKS_URL: 'https://idp.example/jwks.json' });
    expect(config.auth).toEqual({
      mode: 'jwks',
      jwksUrl: 'https://idp.example/jwks.json',
      issuer: null,
      audience: null,
      maxTokenTtlSeconds: 43_200,
    });
  });

  it('reads .env.local underneath the real environment', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rcrp-config-'));
    const file = join(dir, '.env.local');
    writeFileSync(
      file,
      `# generated\nAUTH_JWT_SECRET=${'f'.repeat(40)}\nPERSONAL_DATA_MASTER_KEY="${MASTER_KEY}"\nINTAKE_PORT=5001\n`,
    );
    const config = loadConfig('intake', { env: { INTAKE_PORT: '6001' }, envFile: file });
    expect(config.auth).toMatchObject({ secret: 'f'.repeat(40) });
    expect(config.personalData.masterKey).toBe(MASTER_KEY);
    expect(config.http.port).toBe(6001);
  });
});

describe('parseEnvFile', () => {
  it('reads KEY=value lines, skipping comments and unquoting values', () => {
    expect(parseEnvFile('# c\n\nA=1\nexport B=\'two words\'\nC = "x=y"\nnot a line\n')).toEqual({
      A: '1',
      B: 'two words',
      C: 'x=y',
    });
  });
});

import type { PlaywrightTestConfig } from '@playwright/test';

/**
 * The stack the browser tests run against: intake, triage and outcomes as `npm start` runs them (but from source
 * under ts-node, as the fault tests do) and the console in front of them, on ports of their own (13000-13003 by
 * default, RCRP_E2E_PORT_BASE) so a running `npm start` is never touched.
 */
export const PORT_BASE = Number(process.env.RCRP_E2E_PORT_BASE ?? 13000);
const SERVICES = ['intake', 'triage', 'outcomes'] as const;
export const SERVICE_URLS = Object.fromEntries(
  SERVICES.map((service, index) => [service, `http://127.0.0.1:${PORT_BASE + 1 + index}`]),
) as Record<(typeof SERVICES)[number], string>;
export const CONSOLE_URL = `http://127.0.0.1:${PORT_BASE}`;

/** The test settings of libs/testing/src/load-test-env.ts: the database rcrp_test, the test secret and key. */
export const TEST_ENV = {
  NODE_ENV: 'test',
  LOG_LEVEL: 'warn',
  KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:19092',
  DATABASE_OWNER_URL: 'postgres://rcrp_owner:rcrp_owner@127.0.0.1:5432/rcrp_test',
  AUTH_JWT_SECRET: 'test-secret-not-for-production-0123456789abcdef',
  PERSONAL_DATA_MASTER_KEY: 'dGVzdC1vbmx5LW1hc3Rlci1rZXktMzItYnl0ZXMhISE=',
  TS_NODE_PROJECT: 'tsconfig.json',
  KAFKAJS_NO_PARTITIONER_WARNING: '1',
};

export const FROM_SOURCE = 'node -r ts-node/register/transpile-only -r tsconfig-paths/register';
export const ROOT = `${__dirname}/../../../..`;

function server(command: string, url: string, env: Record<string, string>) {
  return {
    command,
    url,
    cwd: ROOT,
    env: { ...TEST_ENV, ...env },
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: 'ignore' as const,
    stderr: 'pipe' as const,
    gracefulShutdown: { signal: 'SIGTERM' as const, timeout: 15_000 },
  };
}

export function stackServers(): NonNullable<PlaywrightTestConfig['webServer']> {
  return [
    ...SERVICES.map((service, index) =>
      server(`${FROM_SOURCE} apps/${service}/src/main.ts`, `${SERVICE_URLS[service]}/health/ready`, {
        [`${service.toUpperCase()}_PORT`]: String(PORT_BASE + 1 + index),
        DATABASE_URL: `postgres://rcrp_${service}:rcrp_${service}@127.0.0.1:5432/rcrp_test`,
      }),
    ),
    // The web app is built first (a couple of seconds), so the console serves what this checkout holds.
    server(
      `npm run -s build:console-web && ${FROM_SOURCE} apps/console/src/main.ts`,
      `${CONSOLE_URL}/health/live`,
      {
        CONSOLE_PORT: String(PORT_BASE),
        CONSOLE_INTAKE_URL: SERVICE_URLS.intake,
        CONSOLE_TRIAGE_URL: SERVICE_URLS.triage,
        CONSOLE_OUTCOMES_URL: SERVICE_URLS.outcomes,
      },
    ),
  ];
}

/**
 * Boots a real service in-process (its own module, config, guard, health checks, error mapping) against the real
 * PostgreSQL and Kafka, on a free port, with a small test-only controller to exercise auth. Shared by the e2e
 * tests of the three apps and the system tests. Test code only: nothing under src/ of an app or a library
 * imports @rcrp/testing.
 */
import { Controller, DynamicModule, Get, Module } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AuthenticatedActor, CurrentActor, Roles, signDevelopmentToken, UserRole } from '@rcrp/auth';
import { AppConfig, loadConfig, ServiceName } from '@rcrp/config';
import { startService } from '@rcrp/http';
import { connectInboxTransport } from '@rcrp/runtime';
import { AddressInfo } from 'node:net';
import type { DestinationStream } from 'pino';

/** Fixed test secrets: tests sign their own tokens, so they do not depend on a developer's `.env.local`. */
export const TEST_AUTH_SECRET = 'rcrp-e2e-test-secret-0123456789abcdef';
export const TEST_MASTER_KEY = Buffer.alloc(32, 0x2a).toString('base64');

export function testConfig(service: ServiceName, overrides: Record<string, string> = {}): AppConfig {
  return loadConfig(service, {
    envFile: null,
    env: {
      KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
      DATABASE_URL: `postgres://rcrp_${service}:rcrp_${service}@127.0.0.1:5432/rcrp_test`,
      NODE_ENV: 'test',
      LOG_LEVEL: 'error',
      AUTH_JWT_SECRET: TEST_AUTH_SECRET,
      PERSONAL_DATA_MASTER_KEY: TEST_MASTER_KEY,
      ...overrides,
    },
  });
}

@Controller('e2e-probe')
class ProbeController {
  @Get('anyone')
  anyone(@CurrentActor() actor: AuthenticatedActor) {
    return actor;
  }

  @Get('clinicians')
  @Roles('clinician')
  clinicians(@CurrentActor() actor: AuthenticatedActor) {
    return actor;
  }
}

export interface RunningService {
  app: NestExpressApplication;
  baseUrl: string;
  token(role: UserRole, sub?: string): Promise<string>;
  close(): Promise<void>;
}

export interface BootOptions {
  /** Extra settings, e.g. `DATABASE_SCHEMA` to run against a throw-away schema (a replay into a fresh database). */
  env?: Record<string, string>;
  /** Where the service's JSON log lines go (default stdout): tests capture them to search for personal data. */
  logDestination?: DestinationStream;
}

export async function bootService(
  service: ServiceName,
  rootModule: (config: AppConfig) => DynamicModule,
  options: BootOptions = {},
): Promise<RunningService> {
  const loaded = testConfig(service, options.env);
  // Port 0: the OS picks a free one, so tests never collide with a running `npm start`.
  const config: AppConfig = { ...loaded, http: { ...loaded.http, port: 0 } };
  @Module({ imports: [rootModule(config)], controllers: [ProbeController] })
  class TestRootModule {}
  const module = (): DynamicModule => ({ module: TestRootModule });
  const app = await startService(
    {
      service,
      module,
      transports: connectInboxTransport,
      api: { title: `test ${service}`, description: 'e2e', version: '0' },
    },
    config,
    { logDestination: options.logDestination },
  );
  const { port } = app.getHttpServer().address() as AddressInfo;
  return {
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    token: (role, sub = `${role}-e2e`) => signDevelopmentToken(config.auth, { sub, role, ttl: '10m' }),
    close: () => app.close(),
  };
}

import { DynamicModule, Logger, LogLevel as NestLogLevel, Module, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppConfig, ConfigurationError, LogLevel, loadConfig, ServiceName } from '@rcrp/config';
import { pingDatabase, pingKafka } from '@rcrp/observability';
import { createServicePool } from '@rcrp/database';
import { MetricsModule, ServiceMetrics } from '@rcrp/observability';
import { createServiceLogger, PinoNestLogger, startTracing } from '@rcrp/observability';
import type { DestinationStream } from 'pino';
import { configureApp } from './configure-app';
import { installProcessGuard } from './process-guard';
import { ApiInfo, DOCS_PATH } from './swagger';
import { WriteRateLimitModule } from './write-rate-limit';

export interface ServiceDefinition {
  service: ServiceName;
  api: ApiInfo;
  /** The service's root module, built from its validated configuration. */
  module: (config: AppConfig) => DynamicModule;
  /**
   * Connects the service's microservice transports (its Kafka consumers: `connectInboxTransport` from
   * `@rcrp/runtime`); they are started before the HTTP server listens.
   */
  transports?: (app: NestExpressApplication) => void;
}

/** How long start-up waits for each dependency before giving up with one line. */
const STARTUP_PROBE_TIMEOUT_MS = 5000;

/** A start-up failure whose message is the whole diagnosis: printed as one line, exit code 1, no stack trace. */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}

/**
 * Starts one service: validated config, its dependencies reachable, HTTP up, shutdown hooks, and a log line with
 * its URL and docs URL. Any start-up failure is one line on stderr and exit code 1.
 */
export async function runService(definition: ServiceDefinition): Promise<void> {
  try {
    const app = await startService(definition);
    const config = app.get(AppConfig);
    const metrics = app.get(ServiceMetrics);
    installProcessGuard(createServiceLogger({ service: config.service, level: config.logLevel }), (kind) =>
      metrics.unhandledErrors.inc({ kind }),
    );
    const base = `http://${displayHost(config.http.host)}:${config.http.port}`;
    new Logger('Bootstrap').log(`${config.service} listening on ${base} (API docs: ${base}/${DOCS_PATH})`);
  } catch (error) {
    process.stderr.write(`${oneLine(error)}\n`);
    process.exit(1);
  }
}

export interface StartOptions {
  /** Where the JSON log lines go (default stdout); e2e tests capture them to search for personal data. */
  logDestination?: DestinationStream;
}

/**
 * Everything `runService` does but reporting and exiting; e2e tests call it to boot a real service in-process.
 * Every service gets here, without wiring of its own: tracing (unless main.ts started it first, instrumented),
 * the pino JSON logger, `/metrics` (`ServiceMetrics`, global), request spans/logs/durations, shutdown hooks.
 */
export async function startService(
  definition: ServiceDefinition,
  config: AppConfig = loadConfig(definition.service),
  options: StartOptions = {},
): Promise<NestExpressApplication> {
  startTracing(config.service);
  await probeDependencies(config);
  const logger = createServiceLogger({
    service: config.service,
    level: config.logLevel,
    destination: options.logDestination,
  });
  const app = await NestFactory.create<NestExpressApplication>(serviceRootModule(definition, config), {
    logger: new PinoNestLogger(logger),
  });
  configureApp(
    app,
    definition.api,
    { service: config.service, logger, metrics: app.get(ServiceMetrics) },
    { maxConcurrent: config.admission.maxConcurrentWrites, maxQueued: config.admission.maxQueuedWrites },
  );
  // SIGTERM/SIGINT: Nest runs onModuleDestroy, closes the HTTP server (it stops accepting and waits for the
  // requests in flight), then the onApplicationShutdown hooks: the services' consumers first (they commit what
  // they finished), then the global modules — the relay (which first publishes what is committed) and, last,
  // the database pool (DESIGN §8, issue 9; docs/operations.md, Observability).
  app.enableShutdownHooks();
  try {
    definition.transports?.(app);
    await app.startAllMicroservices();
    await app.listen(config.http.port, config.http.host);
  } catch (error) {
    await app.close();
    if ((error as { code?: string }).code === 'EADDRINUSE') {
      throw new StartupError(
        `Startup error: port ${config.http.port} is already in use (${config.http.portSetting}); stop what uses it or choose another port`,
      );
    }
    throw error;
  }
  return app;
}

/** What every service runs: `/metrics`, the write limit and the service's own module. */
export function serviceRootModule(definition: ServiceDefinition, config: AppConfig): Type {
  @Module({
    imports: [MetricsModule.forService(config.service), WriteRateLimitModule, definition.module(config)],
  })
  class ServiceRootModule {}
  return ServiceRootModule;
}

/**
 * Fails fast with one line naming the setting when the database or the broker cannot be reached: a service
 * started against nothing would only fill its log with reconnect noise.
 */
export async function probeDependencies(config: AppConfig): Promise<void> {
  const pool = createServicePool(config);
  try {
    await pingDatabase(pool, STARTUP_PROBE_TIMEOUT_MS);
  } catch (error) {
    throw new StartupError(
      `Startup error: cannot reach PostgreSQL at ${redact(config.database.url)} (DATABASE_URL): ${describe(error)}`,
    );
  } finally {
    await pool.end().catch(() => undefined);
  }
  try {
    await pingKafka(config.kafka.brokers, STARTUP_PROBE_TIMEOUT_MS);
  } catch (error) {
    throw new StartupError(
      `Startup error: cannot reach Kafka at ${config.kafka.brokers.join(',')} (KAFKA_BROKERS): ${describe(error)}`,
    );
  }
}

function oneLine(error: unknown): string {
  if (error instanceof ConfigurationError || error instanceof StartupError) return error.message;
  return `Startup error: ${describe(error)}`;
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message || error.name : String(error);
  // AggregateError (a host with several addresses) carries the useful text in its parts.
  const parts =
    error instanceof AggregateError
      ? error.errors.map((e: unknown) => (e instanceof Error ? e.message : String(e)))
      : [];
  return (parts.length > 0 ? parts.join('; ') : message).replace(/\s+/g, ' ').trim();
}

function redact(url: string): string {
  return url.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1***@');
}

function displayHost(host: string): string {
  return host === '0.0.0.0' || host === '::' ? 'localhost' : host;
}

const NEST_LEVELS: Record<LogLevel, NestLogLevel[]> = {
  fatal: ['fatal'],
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  info: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
  trace: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
};

export function nestLogLevels(level: LogLevel): NestLogLevel[] {
  return NEST_LEVELS[level];
}

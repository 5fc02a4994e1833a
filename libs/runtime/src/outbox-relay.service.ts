import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  OnModuleInit,
  Optional,
} from '@nestjs/common';
import { AppConfig } from '@rcrp/config';
import type { EventStore } from '@rcrp/event-store';
import { HealthRegistry, lagThresholdsFromEnv, relayLagHealthCheck } from '@rcrp/observability';
import { createIdempotentProducer } from '@rcrp/messaging';
import { OutboxRelay, RelayBacklog, RelayStatus } from '@rcrp/messaging';
import { sleep, type RetryPolicy } from '@rcrp/database';
import { ServiceMetrics } from '@rcrp/observability';
import type { Kafka } from 'kafkajs';
import { nestMessagingLogger } from './nest-logger';
import { publishTracing } from './trace-hooks';
import { BackgroundPool } from './background-pool';
import { BACKGROUND_EVENT_STORE, KAFKA, RETRY_POLICY, SERVICE_TOPIC } from './tokens';

/** How long shutdown waits for the relay to publish what is already committed before stopping it anyway. */
const SHUTDOWN_DRAIN_MS = 5000;

/**
 * Runs the service's outbox relay for the life of the application (DESIGN §2), with its publish spans, its
 * backlog in `/metrics` and the `relay-lag` readiness check (issue 9).
 */
@Injectable()
export class OutboxRelayService implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly relay: OutboxRelay;
  private readonly logger = new Logger('OutboxRelay');

  constructor(
    config: AppConfig,
    background: BackgroundPool,
    @Inject(BACKGROUND_EVENT_STORE) store: EventStore,
    @Inject(KAFKA) kafka: Kafka,
    @Inject(SERVICE_TOPIC) topic: string,
    @Inject(RETRY_POLICY) retry: RetryPolicy,
    @Optional() private readonly metrics?: ServiceMetrics,
    @Optional() private readonly health?: HealthRegistry,
  ) {
    const logger = this.logger;
    this.relay = new OutboxRelay({
      schema: config.database.schema,
      topic,
      pool: background.pool,
      events: store,
      createProducer: () => createIdempotentProducer(kafka),
      // The broker away is waited out like any transient failure.
      backoff: retry.backoff,
      logger: nestMessagingLogger(logger),
      tracing: publishTracing(config.service, topic),
    });
  }

  status(): RelayStatus {
    return this.relay.status();
  }

  backlog(): Promise<RelayBacklog> {
    return this.relay.backlog();
  }

  onModuleInit(): void {
    this.metrics?.observeRelay(this.relay);
    const thresholds = lagThresholdsFromEnv();
    this.health?.register(relayLagHealthCheck(this.relay, thresholds));
  }

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  /**
   * Runs after the HTTP server closed (no new appends from requests) and after the service's consumers stopped:
   * gives the active relay a bounded moment to publish what is committed, so a clean stop leaves nothing for the
   * next start; anything left (broker down) is published by the next active instance.
   */
  async onApplicationShutdown(): Promise<void> {
    const deadline = Date.now() + SHUTDOWN_DRAIN_MS;
    while (this.relay.isActive && Date.now() < deadline) {
      const pending = await this.relay.backlog().then(
        (b) => b.pending,
        () => 0,
      );
      if (pending === 0) break;
      await sleep(50);
    }
    await this.relay.stop();
  }
}

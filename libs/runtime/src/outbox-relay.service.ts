import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@rcrp/config';
import type { EventStore } from '@rcrp/event-store';
import { DATABASE_POOL } from '@rcrp/health';
import { createIdempotentProducer } from '@rcrp/kafka';
import { OutboxRelay, RelayStatus } from '@rcrp/messaging';
import type { Kafka } from 'kafkajs';
import type { Pool } from 'pg';
import { nestMessagingLogger } from './nest-logger';
import { EVENT_STORE, KAFKA, SERVICE_TOPIC } from './tokens';

/** Runs the service's outbox relay for the life of the application (DESIGN §2). */
@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly relay: OutboxRelay;

  constructor(
    config: AppConfig,
    @Inject(DATABASE_POOL) pool: Pool,
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(KAFKA) kafka: Kafka,
    @Inject(SERVICE_TOPIC) topic: string,
  ) {
    const logger = new Logger('OutboxRelay');
    this.relay = new OutboxRelay({
      schema: config.database.schema,
      topic,
      pool,
      events: store,
      createProducer: () => createIdempotentProducer(kafka),
      logger: nestMessagingLogger(logger),
    });
  }

  status(): RelayStatus {
    return this.relay.status();
  }

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }
}

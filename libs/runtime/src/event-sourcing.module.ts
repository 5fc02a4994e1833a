import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '@rcrp/config';
import { EventStore } from '@rcrp/event-store';
import { personalFieldsOf, upcast } from '@rcrp/events';
import { DATABASE_POOL, DEFAULT_RETRY_POLICY, type RetryPolicy } from '@rcrp/database';
import { createKafka } from '@rcrp/messaging';
import { decodeMasterKey, PersonalDataCipher } from '@rcrp/personal-data';
import { Projection } from '@rcrp/projections';
import type { Pool } from 'pg';
import { BackgroundPool } from './background-pool';
import { CaseEventsReader } from './case-events';
import { CommandHandler } from './command-handler';
import { ConsumerObservability } from './consumer-observability';
import { InboxTransport } from './inbox/inbox-transport';
import { OutboxRelayService } from './outbox-relay.service';
import { ProjectionsService } from './projections.service';
import { PersonalDataKeysPool } from './personal-data-keys-pool';
import { Pseudonymiser } from '@rcrp/personal-data';
import {
  BACKGROUND_EVENT_STORE,
  EVENT_STORE,
  KAFKA,
  OWN_PROJECTIONS,
  PERSONAL_DATA_CIPHER,
  RETRY_POLICY,
  SERVICE_TOPIC,
} from './tokens';

export interface EventSourcingOptions {
  /** The topic this service publishes its events to through the outbox relay. */
  topic: string;
  /** Read models fed from this service's own store (DESIGN §2). */
  projections?: readonly Projection[];
}

/**
 * A service's event-sourcing core: its event store (personal fields encrypted per subject), the command path, and
 * the outbox relay that publishes appended events to the service topic. Needs `ConfigModule` and
 * `DependenciesModule` (the database pool).
 */
@Module({})
export class EventSourcingModule {
  static forService(options: EventSourcingOptions): DynamicModule {
    return {
      module: EventSourcingModule,
      global: true,
      providers: [
        { provide: SERVICE_TOPIC, useValue: options.topic },
        { provide: OWN_PROJECTIONS, useValue: options.projections ?? [] },
        { provide: RETRY_POLICY, useValue: DEFAULT_RETRY_POLICY },
        {
          provide: KAFKA,
          inject: [AppConfig],
          useFactory: (config: AppConfig) =>
            createKafka({ brokers: [...config.kafka.brokers], clientId: config.kafka.clientId }),
        },
        PersonalDataKeysPool,
        {
          provide: PERSONAL_DATA_CIPHER,
          inject: [AppConfig, PersonalDataKeysPool],
          useFactory: (config: AppConfig, keys: PersonalDataKeysPool) =>
            new PersonalDataCipher({
              pool: keys.pool,
              schema: config.database.schema,
              masterKey: decodeMasterKey(config.personalData.masterKey),
            }),
        },
        {
          provide: EVENT_STORE,
          inject: [AppConfig, DATABASE_POOL, PERSONAL_DATA_CIPHER, RETRY_POLICY],
          useFactory: (config: AppConfig, pool: Pool, cipher: PersonalDataCipher, retry: RetryPolicy) =>
            new EventStore({ pool, schema: config.database.schema, personalFieldsOf, cipher, upcast, retry }),
        },
        BackgroundPool,
        {
          provide: BACKGROUND_EVENT_STORE,
          inject: [AppConfig, BackgroundPool, PERSONAL_DATA_CIPHER, RETRY_POLICY],
          useFactory: (
            config: AppConfig,
            background: BackgroundPool,
            cipher: PersonalDataCipher,
            retry: RetryPolicy,
          ) =>
            new EventStore({
              pool: background.pool,
              schema: config.database.schema,
              personalFieldsOf,
              cipher,
              upcast,
              retry,
            }),
        },
        CommandHandler,
        CaseEventsReader,
        OutboxRelayService,
        Pseudonymiser,
        ProjectionsService,
        ConsumerObservability,
        InboxTransport,
      ],
      exports: [
        SERVICE_TOPIC,
        RETRY_POLICY,
        KAFKA,
        PERSONAL_DATA_CIPHER,
        EVENT_STORE,
        CommandHandler,
        CaseEventsReader,
        OutboxRelayService,
        Pseudonymiser,
        ProjectionsService,
        ConsumerObservability,
        InboxTransport,
      ],
    };
  }
}

import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@rcrp/config';
import { isDomainError, RULE_IDS } from '@rcrp/domain';
import { ConcurrencyError } from '@rcrp/event-store';
import { EventEnvelope, TOPICS, validateEnvelope } from '@rcrp/events';
import { DATABASE_POOL } from '@rcrp/health';
import { ConsumerRunner, ConsumerRunnerStats, PartitionLag } from '@rcrp/messaging';
import { PersonalDataCipher } from '@rcrp/personal-data';
import {
  applySubjectEvent,
  CommandMetadata,
  ConsumerObservability,
  consumerGroupId,
  KAFKA,
  nestMessagingLogger,
  PERSONAL_DATA_CIPHER,
  systemActor,
} from '@rcrp/runtime';
import type { Kafka } from 'kafkajs';
import type { Pool, PoolClient } from 'pg';
import { TriageCommandsService } from '../calls/triage-commands.service';
import { triageCommandFor } from './intake-commands';

/** A fresh schema gets a fresh group, which reads the intake topic from the beginning (replay into a new database). */
export function intakeConsumerGroup(config: Pick<AppConfig, 'service' | 'database'>): string {
  return consumerGroupId(config, 'intake-events');
}

/** A clinician's action racing an intake event on the same call: decide again on the new state, this many times. */
const MAX_ATTEMPTS = 5;

/**
 * Consumes `rcrp.intake.events.v1` (DESIGN §1) and turns each intake event into a triage command, appended in the
 * same transaction as the inbox row: a redelivered or replayed intake event has no second effect. The triage
 * events name the intake event as their cause and carry its correlation id and trace.
 */
@Injectable()
export class IntakeEventsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly runner: ConsumerRunner;
  private readonly logger = new Logger('IntakeEvents');

  constructor(
    private readonly config: AppConfig,
    @Inject(DATABASE_POOL) pool: Pool,
    @Inject(KAFKA) kafka: Kafka,
    @Inject(PERSONAL_DATA_CIPHER) private readonly cipher: PersonalDataCipher,
    private readonly triage: TriageCommandsService,
    observability: ConsumerObservability,
  ) {
    this.runner = new ConsumerRunner({
      kafka,
      groupId: intakeConsumerGroup(config),
      topics: [TOPICS.intakeEvents],
      partitionsConsumedConcurrently: config.kafka.consumerConcurrency,
      pool,
      schema: config.database.schema,
      handling: {
        kind: 'envelope',
        validate: validateEnvelope,
        handle: (event, tx) => this.handle(event, tx),
      },
      logger: nestMessagingLogger(this.logger),
      tracing: observability.tracing(),
    });
    observability.watch('intake-events', this.runner);
  }

  private async handle(event: EventEnvelope, tx: PoolClient): Promise<void> {
    // Erasure and restriction of a subject (issue 11): triage's read models hold no personal field, so deleting
    // the local key is the whole effect; the rationales it encrypted under the subject then read as erased.
    if (await applySubjectEvent(event, tx, { cipher: this.cipher, schema: this.config.database.schema }))
      return;
    const command = triageCommandFor(event);
    if (!command) return;
    const metadata: CommandMetadata = {
      actor: systemActor('triage'),
      correlationId: event.correlationId,
      causationId: event.eventId,
      traceparent: event.traceparent,
    };
    for (let attempt = 1; ; attempt++) {
      try {
        await this.triage.decide(event.incidentId, command, metadata, { subjectRef: event.subjectRef, tx });
        return;
      } catch (error) {
        // The inbox already stops a repeat of this event; a call queued by another event for the same incident
        // (never expected) is left as it is rather than dead-lettered.
        if (isDomainError(error) && error.ruleId === RULE_IDS.triageAlreadyQueued) {
          this.logger.warn(
            `incident ${event.incidentId} already has a call; ${event.type} ${event.eventId} changes nothing`,
          );
          return;
        }
        // The append ran in a savepoint, so the transaction is still usable for another try.
        if (error instanceof ConcurrencyError && attempt < MAX_ATTEMPTS) continue;
        throw error;
      }
    }
  }

  lag(): PartitionLag[] {
    return this.runner.lag();
  }

  stats(): ConsumerRunnerStats {
    return this.runner.stats();
  }

  /** Resolves once the consumer has joined its group (tests wait for it). */
  ready(): Promise<void> {
    return this.runner.ready();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.runner.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner.stop();
  }
}

import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@rcrp/config';
import { outcomeDecider, type ReviewSubjectAge } from '@rcrp/domain';
import { AnyEventEnvelope, EventEnvelope, TOPICS, validateEnvelope } from '@rcrp/events';
import { DATABASE_POOL } from '@rcrp/health';
import { ConsumerRunner, PartitionLag } from '@rcrp/messaging';
import { applyConsumedEvent } from '@rcrp/projections';
import { PersonalDataCipher } from '@rcrp/personal-data';
import {
  applySubjectEvent,
  CommandHandler,
  ConsumerObservability,
  consumerGroupId,
  KAFKA,
  nestMessagingLogger,
  PERSONAL_DATA_CIPHER,
  systemActor,
} from '@rcrp/runtime';
import type { Kafka } from 'kafkajs';
import type { Pool, PoolClient } from 'pg';
import { Clock } from '../clock/clock';
import { incidentContextProjection } from '../context/incident-context.projection';
import { caseTimelineProjection } from '../timeline/case-timeline.projection';

/** The read models fed from other services' topics, in the order each event is applied. */
export const CONSUMED_PROJECTIONS = [incidentContextProjection, caseTimelineProjection] as const;

/**
 * Names the database and schema the effects go to: a fresh schema (a replay into a fresh database) is a fresh group
 * read from the start, and a running system never shares partitions with the tests on the same broker.
 */
export function incidentFactsGroupId(config: Pick<AppConfig, 'service' | 'database'>): string {
  return consumerGroupId(config, 'incident-facts');
}

/**
 * Consumes intake's and triage's events (DESIGN §1) into the incident context and the case timeline. The inbox
 * (same transaction as the projection rows) makes a redelivery harmless; an envelope that fails validation goes
 * to the topic's DLQ. Personal fields arrive encrypted under the other service's keys and are stored as they are.
 * Intake's subject events (erasure, restriction) take effect on this service's keys and restrictions.
 */
@Injectable()
export class IncidentFactsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly runner: ConsumerRunner;

  constructor(
    config: AppConfig,
    @Inject(DATABASE_POOL) pool: Pool,
    @Inject(KAFKA) kafka: Kafka,
    @Inject(PERSONAL_DATA_CIPHER) private readonly cipher: PersonalDataCipher,
    observability: ConsumerObservability,
    private readonly commands: CommandHandler,
    private readonly clock: Clock,
  ) {
    const schema = config.database.schema;
    this.runner = new ConsumerRunner({
      kafka,
      groupId: incidentFactsGroupId(config),
      topics: [TOPICS.intakeEvents, TOPICS.triageEvents],
      partitionsConsumedConcurrently: config.kafka.consumerConcurrency,
      pool,
      schema,
      handling: {
        kind: 'envelope',
        validate: validateEnvelope,
        handle: (envelope: EventEnvelope, tx: PoolClient) => this.apply(schema, envelope, tx),
      },
      tracing: observability.tracing(),
      logger: nestMessagingLogger(new Logger('IncidentFacts')),
    });
    observability.watch('incident-facts', this.runner);
  }

  private async apply(schema: string, envelope: EventEnvelope, tx: PoolClient): Promise<void> {
    // Erasure and restriction of a subject (issue 11): erasure deletes outcomes' own key of the subject, so its
    // fields in outcome events read as `[erased]`. No read model here holds a decrypted personal field to purge.
    if (await applySubjectEvent(envelope, tx, { cipher: this.cipher, schema })) return;
    for (const projection of CONSUMED_PROJECTIONS) await applyConsumedEvent(tx, schema, projection, envelope);
    await this.reviewAge(envelope as AnyEventEnvelope, tx);
  }

  /**
   * Rule 5 is absolute (s136A(1)): when intake's amendment gives a new age, the outcome stream is told at once, in
   * the inbox transaction, and appends `PoliceStationUseInvalidated` if the person is held at a police station and
   * is now known to be under 18. A redelivery decides again on a stream that already says so: nothing more.
   */
  private async reviewAge(envelope: AnyEventEnvelope, tx: PoolClient): Promise<void> {
    if (envelope.type !== 'IncidentDetailsAmended') return;
    const ageYears = envelope.data.changes.subject?.ageYears;
    if (ageYears === undefined || ageYears === null) return;
    const command: ReviewSubjectAge = {
      type: 'ReviewSubjectAge',
      now: this.clock.now().toISOString(),
      incidentId: envelope.incidentId,
      currentAgeYears: ageYears,
    };
    await this.commands.handle({
      decider: outcomeDecider,
      streamType: 'outcome',
      incidentId: envelope.incidentId,
      command,
      metadata: {
        actor: systemActor('outcomes'),
        correlationId: envelope.correlationId,
        causationId: envelope.eventId,
        traceparent: envelope.traceparent ?? null,
      },
      subjectRef: () => null,
      occurredAt: command.now,
      client: tx,
    });
  }

  /** Resolves once the consumer has joined its group. */
  ready(): Promise<void> {
    return this.runner.ready();
  }

  lag(): PartitionLag[] {
    return this.runner.lag();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.runner.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner.stop();
  }
}

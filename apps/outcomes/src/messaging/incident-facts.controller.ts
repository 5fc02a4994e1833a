import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { AppConfig } from '@rcrp/config';
import { outcomeDecider, type ReviewSubjectAge } from '@rcrp/domain';
import { AnyEventEnvelope, EventEnvelope, TOPICS } from '@rcrp/events';
import { applyConsumedEvent } from '@rcrp/projections';
import { PersonalDataCipher } from '@rcrp/personal-data';
import {
  CommandHandler,
  InboxContext,
  InboxEventPattern,
  PERSONAL_DATA_CIPHER,
  systemActor,
} from '@rcrp/runtime';
import type { PoolClient } from 'pg';
import { Clock } from '../clock/clock';
import { applySubjectEvent } from '@rcrp/personal-data';
import { incidentContextProjection } from '../context/incident-context.projection';
import { caseTimelineProjection } from '../timeline/case-timeline.projection';

/** The read models fed from other services' topics, in the order each event is applied. */
export const CONSUMED_PROJECTIONS = [incidentContextProjection, caseTimelineProjection] as const;

/** The consumer's purpose: its group id names it, so it must never change (a new group reads the topics again). */
export const INCIDENT_FACTS_CONSUMER = 'incident-facts';

/**
 * Intake's and triage's events (DESIGN §1) into the incident context and the case timeline, in the record's inbox
 * transaction (a redelivery is harmless); an envelope that fails validation goes to the topic's DLQ. Personal fields
 * arrive encrypted under the other service's keys and are stored as they are. Intake's subject events (erasure,
 * restriction) take effect on this service's keys and restrictions. An amended age is reviewed against the
 * outcome stream (rule 5).
 */
@Controller()
export class IncidentFactsController {
  constructor(
    private readonly config: AppConfig,
    @Inject(PERSONAL_DATA_CIPHER) private readonly cipher: PersonalDataCipher,
    private readonly commands: CommandHandler,
    private readonly clock: Clock,
  ) {}

  @InboxEventPattern([TOPICS.intakeEvents, TOPICS.triageEvents], { consumer: INCIDENT_FACTS_CONSUMER })
  async handle(@Payload() envelope: EventEnvelope, @Ctx() context: InboxContext): Promise<void> {
    const tx = context.transaction;
    const schema = this.config.database.schema;
    // Erasure and restriction of a subject (issue 11): erasure deletes outcomes' own key of the subject, so its
    // fields in outcome events read as `[erased]`. No read model here holds a decrypted personal field to purge.
    if (await applySubjectEvent(envelope, tx, { cipher: this.cipher, schema })) return;
    await applyConsumedEvent(tx, schema, CONSUMED_PROJECTIONS, envelope);
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
    await this.commands.within(tx).handle({
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
    });
  }
}

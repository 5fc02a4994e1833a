import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { AppConfig } from '@rcrp/config';
import { EventEnvelope, TOPICS } from '@rcrp/events';
import { applyConsumedEvent } from '@rcrp/projections';
import { PersonalDataCipher } from '@rcrp/personal-data';
import { InboxContext, InboxEventPattern, PERSONAL_DATA_CIPHER } from '@rcrp/runtime';
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
 * restriction) take effect on this service's keys and restrictions.
 */
@Controller()
export class IncidentFactsController {
  constructor(
    private readonly config: AppConfig,
    @Inject(PERSONAL_DATA_CIPHER) private readonly cipher: PersonalDataCipher,
  ) {}

  @InboxEventPattern([TOPICS.intakeEvents, TOPICS.triageEvents], { consumer: INCIDENT_FACTS_CONSUMER })
  async handle(@Payload() envelope: EventEnvelope, @Ctx() context: InboxContext): Promise<void> {
    const tx = context.transaction;
    const schema = this.config.database.schema;
    // Erasure and restriction of a subject (issue 11): erasure deletes outcomes' own key of the subject, so its
    // fields in outcome events read as `[erased]`. No read model here holds a decrypted personal field to purge.
    if (await applySubjectEvent(envelope, tx, { cipher: this.cipher, schema })) return;
    for (const projection of CONSUMED_PROJECTIONS) await applyConsumedEvent(tx, schema, projection, envelope);
  }
}

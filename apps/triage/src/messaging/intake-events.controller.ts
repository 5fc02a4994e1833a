import { Controller, Inject, Logger } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { AppConfig } from '@rcrp/config';
import { isDomainError, RULE_IDS } from '@rcrp/domain';
import { EventEnvelope, TOPICS } from '@rcrp/events';
import { PersonalDataCipher } from '@rcrp/personal-data';
import {
  CommandMetadata,
  consumerGroupId,
  InboxContext,
  InboxEventPattern,
  PERSONAL_DATA_CIPHER,
  systemActor,
} from '@rcrp/runtime';
import { applySubjectEvent } from '@rcrp/personal-data';
import { TriageCommandsService } from '../calls/triage-commands.service';
import { triageCommandFor } from './intake-commands';

/** The consumer's purpose: its group id names it, so it must never change (a new group reads the topic again). */
export const INTAKE_EVENTS_CONSUMER = 'intake-events';

/** A fresh schema gets a fresh group, which reads the intake topic from the beginning (replay into a new database). */
export function intakeConsumerGroup(config: Pick<AppConfig, 'service' | 'database'>): string {
  return consumerGroupId(config, INTAKE_EVENTS_CONSUMER);
}

/**
 * `rcrp.intake.events.v1` (DESIGN §1): each intake event becomes a triage command, appended in the record's inbox
 * transaction, so a redelivered or replayed intake event has no second effect. The triage events name the intake
 * event as their cause and carry its correlation id and trace. A clinician's action racing the intake event on the
 * same call is a `ConcurrencyError` that this handler passes on: the transport tries the whole record again at
 * once, in a new transaction, on the new state (RETRY_POLICY).
 */
@Controller()
export class IntakeEventsController {
  private readonly logger = new Logger('IntakeEvents');

  constructor(
    private readonly config: AppConfig,
    @Inject(PERSONAL_DATA_CIPHER) private readonly cipher: PersonalDataCipher,
    private readonly triage: TriageCommandsService,
  ) {}

  @InboxEventPattern(TOPICS.intakeEvents, { consumer: INTAKE_EVENTS_CONSUMER })
  async handle(@Payload() event: EventEnvelope, @Ctx() context: InboxContext): Promise<void> {
    const tx = context.transaction;
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
    try {
      await this.triage
        .within(tx)
        .decide(event.incidentId, command, metadata, { subjectRef: event.subjectRef });
    } catch (error) {
      // The inbox already stops a repeat of this event; a call queued by another event for the same incident
      // (never expected) is left as it is rather than dead-lettered.
      if (isDomainError(error) && error.ruleId === RULE_IDS.triageAlreadyQueued) {
        this.logger.warn(
          `incident ${event.incidentId} already has a call; ${event.type} ${event.eventId} changes nothing`,
        );
        return;
      }
      throw error;
    }
  }
}

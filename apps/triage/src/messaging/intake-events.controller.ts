import { Controller, Inject, Logger } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { AppConfig } from '@rcrp/config';
import { isDomainError, RULE_IDS } from '@rcrp/domain';
import { ConcurrencyError } from '@rcrp/event-store';
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

/** A clinician's action racing an intake event on the same call: decide again on the new state, this many times. */
const MAX_ATTEMPTS = 5;

/**
 * `rcrp.intake.events.v1` (DESIGN §1): each intake event becomes a triage command, appended in the record's inbox
 * transaction, so a redelivered or replayed intake event has no second effect. The triage events name the intake
 * event as their cause and carry its correlation id and trace.
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
}

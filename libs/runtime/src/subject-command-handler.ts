import { Injectable } from '@nestjs/common';
import { subjectDecider, type SubjectCommand, type SubjectState } from '@rcrp/domain';
import type { EventEnvelope } from '@rcrp/events';
import type { PoolClient } from 'pg';
import { CommandHandler } from './command-handler';
import type { CommandMetadata } from './command-metadata';

export interface HandleSubjectCommand {
  command: SubjectCommand;
  /** The incident the subject belongs to: the envelope's `incidentId` and Kafka key, so subject events stay in order with the incident's. */
  incidentId: string;
  metadata: CommandMetadata;
}

/**
 * The subject stream (`subject-<subjectRef>`) through the one command path: keyed by the subject, while its
 * envelopes carry the incident id. A concurrent writer surfaces as `ConcurrencyError`; the caller retries its
 * whole transaction (the decider makes every subject command repeatable).
 */
@Injectable()
export class SubjectCommandHandler {
  constructor(private readonly commands: CommandHandler) {}

  async load(subjectRef: string): Promise<{ state: SubjectState; version: number }> {
    const { state, version } = await this.commands.load(subjectDecider, 'subject', subjectRef, {
      streamKey: subjectRef,
    });
    return { state, version };
  }

  /**
   * Only inside the caller's transaction `tx`, so the event and its local effect (key deleted, restriction row)
   * commit together; a race propagates (CommandHandler.within) and the caller tries the whole transaction again.
   */
  within(tx: PoolClient): {
    handle(
      request: HandleSubjectCommand,
    ): Promise<{ state: SubjectState; version: number; events: EventEnvelope[] }>;
  } {
    const commands = this.commands.within(tx);
    return {
      handle: ({ command, incidentId, metadata }) =>
        commands.handle({
          decider: subjectDecider,
          streamType: 'subject',
          incidentId,
          streamKey: command.subjectRef,
          command,
          metadata,
          subjectRef: () => command.subjectRef,
          occurredAt: command.now,
        }),
    };
  }
}

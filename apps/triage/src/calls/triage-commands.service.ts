import { Inject, Injectable } from '@nestjs/common';
import { triageDecider, type TriageCommand, type TriageState } from '@rcrp/domain';
import type { EventStore } from '@rcrp/event-store';
import { streamIdOf } from '@rcrp/events';
import {
  CommandHandler,
  CommandHandlerTransaction,
  CommandMetadata,
  CommandResult,
  EVENT_STORE,
} from '@rcrp/runtime';
import type { PoolClient } from 'pg';

export interface TriageCommandOptions {
  /** From `If-Match`. */
  expectedVersion?: number;
  /** The subject the call is about; known to the consumer from intake's event, otherwise read from the stream. */
  subjectRef?: string | null;
}

/**
 * The one write path of triage, for clinicians' HTTP actions and for commands derived from intake events alike:
 * CommandHandler loads the stream, the pure triage decider decides, the events are appended.
 *
 * Every triage event carries the subject of its call (the pseudonymous reference intake made), so clinical free
 * text (risk rationale, record notes, advice rationale) is encrypted under that subject's key and an erasure of
 * the subject reaches it, and analysts see the same pseudonym in every service.
 */
@Injectable()
export class TriageCommandsService {
  constructor(
    private readonly commands: CommandHandler,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  decide(
    incidentId: string,
    command: TriageCommand,
    metadata: CommandMetadata,
    options: TriageCommandOptions = {},
  ): Promise<CommandResult<TriageState>> {
    return this.decideWith(this.commands, incidentId, command, metadata, options);
  }

  /** Inside the consumer's inbox transaction `tx`: a race propagates (CommandHandler.within), the record is retried. */
  within(tx: PoolClient): Pick<TriageCommandsService, 'decide'> {
    const commands = this.commands.within(tx);
    return {
      decide: (incidentId, command, metadata, options = {}) =>
        this.decideWith(commands, incidentId, command, metadata, options),
    };
  }

  private async decideWith(
    commands: Pick<CommandHandlerTransaction, 'handle'>,
    incidentId: string,
    command: TriageCommand,
    metadata: CommandMetadata,
    options: TriageCommandOptions,
  ): Promise<CommandResult<TriageState>> {
    const subjectRef =
      options.subjectRef !== undefined ? options.subjectRef : await this.subjectOf(incidentId);
    return commands.handle({
      decider: triageDecider,
      streamType: 'triage',
      incidentId,
      command,
      metadata,
      expectedVersion: options.expectedVersion,
      subjectRef: () => subjectRef,
      occurredAt: command.now,
    });
  }

  /**
   * The subject of a call, from the CallQueued that opened its stream (it never changes). Intake always gives
   * an incident a subject; a stream without one falls back to a reference of its own, so clinical free text is
   * still encrypted rather than the write failing.
   */
  private async subjectOf(incidentId: string): Promise<string | null> {
    const [first] = await this.store.readStream(streamIdOf('triage', incidentId), { toVersion: 1 });
    if (!first) return null;
    return first.subjectRef ?? `subj-triage-${incidentId}`;
  }
}

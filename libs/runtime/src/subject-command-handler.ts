import { Inject, Injectable } from '@nestjs/common';
import { subjectDecider, type SubjectCommand, type SubjectState } from '@rcrp/domain';
import type { EventStore, NewEvent } from '@rcrp/event-store';
import { eventDefinitionOf, streamIdOf, type EventEnvelope } from '@rcrp/events';
import type { PoolClient } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import type { CommandMetadata } from './command-metadata';
import { EVENT_STORE } from './tokens';

export interface HandleSubjectCommand {
  command: SubjectCommand;
  /** The incident the subject belongs to: the envelope's `incidentId` and Kafka key, so subject events stay in order with the incident's. */
  incidentId: string;
  metadata: CommandMetadata;
  /** The caller's transaction, so the event and its local effect (key deleted, restriction row) commit together. */
  client: PoolClient;
}

/**
 * The load-decide-append path for the subject stream. It differs from `CommandHandler` in one way only: the
 * stream is keyed by the subject (`subject-<subjectRef>`) while the envelope carries the incident id, which
 * `CommandHandler` derives the stream id from. A concurrent writer surfaces as `ConcurrencyError`; the caller
 * retries its whole transaction (the decider makes every subject command repeatable).
 */
@Injectable()
export class SubjectCommandHandler {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async load(subjectRef: string): Promise<{ state: SubjectState; version: number }> {
    const events = await this.store.readStream(streamIdOf('subject', subjectRef));
    const state = events.reduce(
      (current, event) => subjectDecider.evolve(current, event as unknown as Parameters<typeof subjectDecider.evolve>[1]),
      subjectDecider.initialState(),
    );
    return { state, version: events.length === 0 ? 0 : events[events.length - 1].streamVersion };
  }

  async handle(request: HandleSubjectCommand): Promise<{ state: SubjectState; version: number; events: EventEnvelope[] }> {
    const { subjectRef } = request.command;
    const streamId = streamIdOf('subject', subjectRef);
    const { state, version } = await this.load(subjectRef);
    const decided = subjectDecider.decide(request.command, state);
    if (decided.length === 0) return { state, version, events: [] };
    const newEvents: NewEvent[] = decided.map((event) => ({
      eventId: uuidv7(),
      type: event.type,
      schemaVersion: eventDefinitionOf(event.type)?.schemaVersion ?? 1,
      incidentId: request.incidentId,
      streamId,
      occurredAt: request.command.now,
      actor: request.metadata.actor,
      correlationId: request.metadata.correlationId,
      causationId: request.metadata.causationId,
      traceparent: request.metadata.traceparent,
      subjectRef,
      data: event.data,
    }));
    const result = await this.store.append(streamId, version === 0 ? 'no-stream' : version, newEvents, {
      client: request.client,
    });
    return { state: decided.reduce(subjectDecider.evolve, state), version: result.nextVersion, events: result.events };
  }
}

import { Inject, Injectable, Optional } from '@nestjs/common';
import { AppConfig } from '@rcrp/config';
import { DEFAULT_RETRY_POLICY, retryOnConflict, type RetryPolicy } from '@rcrp/database';
import type { Decider } from '@rcrp/domain';
import {
  ConcurrencyError,
  EventStore,
  NewEvent,
  type EventStoreTransaction,
  type WinningChange,
} from '@rcrp/event-store';
import {
  DomainEvent,
  EventEnvelope,
  eventDefinitionOf,
  InvalidEventError,
  StreamType,
  streamIdOf,
  validateNewEvent,
} from '@rcrp/events';
import { ServiceMetrics } from '@rcrp/observability';
import { annotateLogContext, INCIDENT_ATTRIBUTE, inSpan } from '@rcrp/observability';
import type { PoolClient } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import type { CommandMetadata } from './command-metadata';
import { EVENT_STORE, RETRY_POLICY } from './tokens';

export interface HandleCommand<Command, Event extends DomainEvent, State> {
  decider: Decider<Command, Event, State>;
  streamType: StreamType;
  incidentId: string;
  /** What the stream is keyed by when it is not the incident (the subject stream: `subject-<subjectRef>`). */
  streamKey?: string;
  command: Command;
  metadata: CommandMetadata;
  /** From `If-Match`: the version the caller last saw. Omitted: decide on the current version, retrying a race. */
  expectedVersion?: number;
  /** The subject whose key encrypts personal fields, from the state the command was decided on. */
  subjectRef: (state: State, events: readonly Event[]) => string | null;
  /** When the events happened in the world; defaults to the command's `now` where the caller has it. */
  occurredAt: string;
}

export interface LoadOptions {
  asOf?: string;
  streamKey?: string;
}

export interface LoadedStream<State> {
  state: State;
  version: number;
  events: EventEnvelope[];
}

/**
 * The command path inside a transaction its caller owns (`commands.within(tx)`: a consumer's inbox transaction, the
 * subject service's, the detention scheduler's round). It loads and appends through `EventStore.within(tx)` and
 * never retries: a race is a `ConcurrencyError` for the caller, who tries its whole transaction again.
 */
export interface CommandHandlerTransaction {
  load<Command, Event extends DomainEvent, State>(
    decider: Decider<Command, Event, State>,
    streamType: StreamType,
    incidentId: string,
    options?: LoadOptions,
  ): Promise<LoadedStream<State>>;
  handle<Command, Event extends DomainEvent, State>(
    request: HandleCommand<Command, Event, State>,
  ): Promise<CommandResult<State>>;
}

/** What the command path needs of the store: the store itself, or the store inside a caller's transaction. */
type Streams = Pick<EventStoreTransaction, 'readStream' | 'append'>;

export interface CommandResult<State> {
  state: State;
  /** The stream's version after the command (unchanged when it appended nothing). */
  version: number;
  /** What was appended, personal fields in clear (the caller decides what to show whom). */
  events: EventEnvelope[];
}

/**
 * The one path every write takes (STYLE: validate, load, decide, append, respond). Requests are validated at the
 * edge; this loads the stream, folds it, asks the pure decider, checks each decided event against the contract
 * its consumers apply (`validateNewEvent`: the edge checks requests, not the events derived from them, such as an
 * age from a date of birth) and appends with optimistic concurrency. A `DomainError` from the decider, an
 * `InvalidEventError` and a `ConcurrencyError` for a stale `If-Match` propagate to the single error mapping of
 * the HTTP layer (and a consumer dead-letters the record that caused them).
 *
 * A race between load and append is decided again on the new state as the retry policy says (RETRY_POLICY), unless
 * the caller named the version (`If-Match`: the client decides again, 409) or runs the command in its own
 * transaction (`within(tx)`: the conflict propagates and the caller tries the whole transaction again).
 */
@Injectable()
export class CommandHandler {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly config: AppConfig,
    @Optional() private readonly metrics?: ServiceMetrics,
    @Optional() @Inject(RETRY_POLICY) private readonly retry: RetryPolicy = DEFAULT_RETRY_POLICY,
  ) {}

  load<Command, Event extends DomainEvent, State>(
    decider: Decider<Command, Event, State>,
    streamType: StreamType,
    incidentId: string,
    options: LoadOptions = {},
  ): Promise<LoadedStream<State>> {
    return this.loadFrom(this.store, decider, streamType, incidentId, options);
  }

  async handle<Command, Event extends DomainEvent, State>(
    request: HandleCommand<Command, Event, State>,
  ): Promise<CommandResult<State>> {
    annotateLogContext({ incidentId: request.incidentId });
    const once = () => this.decideAndAppend(this.store, request, 'store');
    return request.expectedVersion === undefined ? retryOnConflict(this.retry, once) : once();
  }

  /** The command path inside the caller's transaction `tx` (see CommandHandlerTransaction: no retry). */
  within(tx: PoolClient): CommandHandlerTransaction {
    const streams = this.store.within(tx);
    return {
      load: (decider, streamType, incidentId, options = {}) =>
        this.loadFrom(streams, decider, streamType, incidentId, options),
      handle: (request) => {
        annotateLogContext({ incidentId: request.incidentId });
        return this.decideAndAppend(streams, request, 'caller');
      },
    };
  }

  private async loadFrom<Command, Event extends DomainEvent, State>(
    streams: Streams,
    decider: Decider<Command, Event, State>,
    streamType: StreamType,
    incidentId: string,
    options: LoadOptions,
  ): Promise<LoadedStream<State>> {
    const streamId = streamIdOf(streamType, options.streamKey ?? incidentId);
    const events = await streams.readStream(streamId, { asOf: options.asOf });
    const state = events.reduce(
      (current, event) => decider.evolve(current, event as unknown as Event),
      decider.initialState(),
    );
    const version = events.length === 0 ? 0 : events[events.length - 1].streamVersion;
    return { state, version, events };
  }

  /**
   * One try: load, decide on what is there, append at the version it was decided on. `transaction` says whose
   * transaction `streams` runs in: after a lost race only the store's own may still read the change that won.
   */
  private async decideAndAppend<Command, Event extends DomainEvent, State>(
    streams: Streams,
    request: HandleCommand<Command, Event, State>,
    transaction: 'store' | 'caller',
  ): Promise<CommandResult<State>> {
    const streamId = streamIdOf(request.streamType, request.streamKey ?? request.incidentId);
    const { state, version, events } = await this.loadFrom(
      streams,
      request.decider,
      request.streamType,
      request.incidentId,
      { streamKey: request.streamKey },
    );
    if (request.expectedVersion !== undefined && request.expectedVersion !== version) {
      this.metrics?.conflicts.inc({ stream_type: request.streamType });
      throw new ConcurrencyError(
        streamId,
        request.expectedVersion,
        version,
        request.incidentId,
        winningChangeOf(events),
      );
    }
    const decided = request.decider.decide(request.command, state);
    if (decided.length === 0) return { state, version, events: [] };
    const subjectRef = request.subjectRef(state, decided);
    const newEvents: NewEvent[] = decided.map((event) => ({
      eventId: uuidv7(),
      type: event.type,
      schemaVersion: eventDefinitionOf(event.type)?.schemaVersion ?? 1,
      incidentId: request.incidentId,
      streamId,
      occurredAt: request.occurredAt,
      actor: request.metadata.actor,
      correlationId: request.metadata.correlationId,
      causationId: request.metadata.causationId,
      traceparent: request.metadata.traceparent,
      subjectRef,
      data: event.data,
    }));
    refuseInvalid(newEvents, version);
    try {
      const result = await inSpan(
        this.config.service,
        'event-store append',
        {
          attributes: {
            [INCIDENT_ATTRIBUTE]: request.incidentId,
            'rcrp.stream_type': request.streamType,
            'rcrp.events': newEvents.length,
          },
        },
        () => streams.append(streamId, version === 0 ? 'no-stream' : version, newEvents),
      );
      this.metrics?.appends.inc({ stream_type: request.streamType }, newEvents.length);
      const newState = decided.reduce(request.decider.evolve, state);
      return { state: newState, version: result.nextVersion, events: result.events };
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
      this.metrics?.conflicts.inc({ stream_type: request.streamType });
      throw await this.explainedConflict(streams, error, request.incidentId, transaction);
    }
  }

  /**
   * A race lost between load and append, as the person who lost it needs to hear it: which incident, and who made
   * the change that won and when. Read after the fact in the store's own transaction; a caller's transaction may be
   * aborted by the failed insert, so there the conflict names the incident only (the caller retries it anyway).
   */
  private async explainedConflict(
    streams: Streams,
    error: ConcurrencyError,
    incidentId: string,
    transaction: 'store' | 'caller',
  ): Promise<ConcurrencyError> {
    let winning: WinningChange | undefined;
    if (transaction === 'store' && error.actual > 0) {
      const version = { fromVersion: error.actual, toVersion: error.actual };
      // The conflict is the answer; a read that fails now only leaves out who won.
      winning = winningChangeOf(await streams.readStream(error.streamId, version).catch(() => []));
    }
    return new ConcurrencyError(error.streamId, error.expected, error.actual, incidentId, winning);
  }
}

/** Who made the last change of a stream, and when it was stored (undefined for an empty stream). */
function winningChangeOf(events: readonly EventEnvelope[]): WinningChange | undefined {
  const last = events[events.length - 1];
  return last && { actor: { id: last.actor.id, role: last.actor.role }, recordedAt: last.recordedAt };
}

/** Throws `InvalidEventError` for the first decided event its consumers would refuse; nothing is appended. */
function refuseInvalid(events: readonly NewEvent[], version: number): void {
  // The store assigns recordedAt; any valid instant stands in for it here.
  const recordedAt = new Date().toISOString();
  events.forEach((event, index) => {
    const errors = validateNewEvent({ ...event, streamVersion: version + index + 1, recordedAt });
    if (errors.length > 0) throw new InvalidEventError(event.type, errors);
  });
}

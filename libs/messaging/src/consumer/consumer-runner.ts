import type { Consumer, ConsumerConfig, EachBatchPayload, Kafka, KafkaMessage, Producer } from 'kafkajs';
import type { Pool, PoolClient } from 'pg';
import { EVENT_TOPICS, REDRIVE_HEADERS, type EventEnvelope } from '@rcrp/events';
import {
  DEFAULT_RETRY_POLICY,
  RetryAttempts,
  sleep,
  withTransaction,
  type RetryPolicy,
  type RetryStep,
} from '@rcrp/database';
import { describeError, PermanentError } from '../errors';
import { createIdempotentProducer } from '../kafka/producer';
import { consoleLogger, type MessagingLogger } from '../logger';
import {
  DEAD_LETTER_REASONS,
  deadLetterCategoryOf,
  publishDeadLetter,
  type DeadLetterCategory,
  type DeadLetterReason,
  type DeadLetterWritten,
} from './dead-letters';
import {
  envelopeDecoder,
  formatErrors,
  type DecodeOutcome,
  type EnvelopeValidator,
  type MessageDecoder,
} from './decoding';
import { claimInboxEntry, inboxIdForKey } from './inbox';
import { deadLetterPosition, IncidentParking, type ParkedIncident } from './parking';
import type { ConsumeTracing } from '../tracing-hooks';
import type { MessageMeta } from './message-meta';

/** Event topics: the envelope is decoded and validated; the inbox key is its `eventId`. */
export interface EnvelopeHandling {
  kind: 'envelope';
  /** Defaults to the basic structural check; pass `validateEnvelope` from `@rcrp/events`. */
  validate?: EnvelopeValidator;
  /** Runs inside the inbox transaction: write the effect with `tx`, throw to refuse. */
  handle(envelope: EventEnvelope, tx: PoolClient, meta: MessageMeta): Promise<void>;
}

/** Raw inbound records (external systems): own decoder, idempotency key chosen by the service. */
export interface RawHandling<T> {
  kind: 'raw';
  decode: MessageDecoder<T>;
  /**
   * The idempotency key of a decoded record, e.g. `${source.system}|${source.externalRef}`: recorded in the
   * inbox in the handler's transaction, so a second record with the same key has no effect. Return null when
   * the handler enforces idempotency itself.
   */
  dedupeKey(message: T, meta: MessageMeta): string | null;
  handle(message: T, tx: PoolClient, meta: MessageMeta): Promise<void>;
}

export interface ConsumerRunnerOptions<T> {
  kafka: Kafka;
  groupId: string;
  topics: string[];
  /** Pool of the service's app role; effects and inbox rows are written through it. */
  pool: Pool;
  /** Schema holding the `inbox` table. */
  schema: string;
  handling: T extends EventEnvelope ? EnvelopeHandling | RawHandling<T> : RawHandling<T>;
  /** Start a new group at the beginning of the topics (default true: event topics are the replay source). */
  fromBeginning?: boolean;
  /** kafkajs consumer settings (timeouts); tests shorten them. */
  consumerConfig?: Omit<ConsumerConfig, 'groupId'>;
  /** Partitions processed in parallel (order within each partition always holds). Default 1. */
  partitionsConsumedConcurrently?: number;
  /**
   * Records of one partition's fetch applied in one PostgreSQL transaction, a savepoint each, with one offset
   * commit after it (default 100; 1 is a transaction and an offset commit per record).
   */
  batchSize?: number;
  /** Producer for dead letters; default: the system's idempotent producer (acks=all) from `kafka`. */
  createDeadLetterProducer?: () => Producer;
  /**
   * What a handler's failure is owed (default DEFAULT_RETRY_POLICY): a version conflict is tried again at once in a
   * new transaction (the whole record, on a fresh read) up to `conflictAttempts` times, a transient failure after
   * the back-off for as long as it lasts, and a final one (or the last conflict) is dead-lettered.
   */
  retry?: RetryPolicy;
  logger?: MessagingLogger;
  /** Runs each record's processing in a span continuing its `traceparent` header; none by default. */
  tracing?: ConsumeTracing;
  /**
   * Topics written only by this system's own services (default: the event topics): a record there that does not
   * decode or validate is counted and logged as `invalid-internal-event`, and its dead letter parks its key.
   */
  internalTopics?: readonly string[];
  /**
   * Sequenced dead letters on the internal topics (default true, issue 20): a dead-lettered record parks its key (the
   * incident) in `<schema>.parked`, and every later record with that key goes to the DLQ behind it
   * (x-parked-behind) until an operator redrives or skips the first (`npm run dlq`).
   */
  parking?: boolean;
}

/** Where the last invalid internal event was (never what it held). */
export interface RecordPosition {
  topic: string;
  partition: number;
  offset: string;
  stage: 'decode' | 'validate';
  at: Date;
}

export interface PartitionLag {
  topic: string;
  partition: number;
  /** Offset the next produced record will get (log end). */
  highWatermark: string;
  /** Next offset this group will read, as committed; null before the first commit in this session. */
  committedOffset: string | null;
  /** Records not yet processed and committed. */
  lag: number;
}

export interface ConsumerRunnerStats {
  processed: number;
  duplicatesSkipped: number;
  deadLettered: number;
  deadLetteredByReason: Record<DeadLetterCategory, number>;
  lastInvalidInternalEvent: RecordPosition | null;
  /** Tries after a transient failure (or after the dead-letter topic could not be written). */
  transientRetries: number;
  /** Records tried again at once because another writer appended to the stream their handler appends to. */
  conflictRetries: number;
  /** Records sent to the DLQ unprocessed because an earlier record of their incident is a dead letter. */
  heldBehindDeadLetters: number;
}

type Outcome = 'done' | 'interrupted';

const DEFAULT_BATCH_SIZE = 100;
/** Around each record of a batch: a refused or failed record is rolled back alone. */
const RECORD_SAVEPOINT = 'rcrp_consumer_record';

/** Thrown out of a batch's transaction to roll it back when its first record fails (it has no savepoint). */
class FirstRecordFailed extends Error {
  override readonly name = 'FirstRecordFailed';
}

/** A handler's failure the retry policy says to try again (at once, or after a wait). */
class RetryRecord extends Error {
  override readonly name = 'RetryRecord';
  constructor(
    readonly step: Exclude<RetryStep, { retry: 'no' }>,
    readonly failure: unknown,
  ) {
    super(describeError(failure));
  }
}

/**
 * Runs one consumer group (DESIGN §2 inbox): for every record, in partition order,
 * decode -> validate -> [PostgreSQL transaction: inbox claim + handler effect] -> commit the Kafka offset.
 * The records of one fetch are applied together (issue 18): up to `batchSize` in one transaction, each in a savepoint,
 * then one offset commit. The batch stops before the first record that is not a plain success (it does not decode,
 * its handler refuses or fails, its incident is parked): what came before it commits, and that record goes the
 * one-record way below, in a transaction of its own, before the batch goes on after it.
 * Refused records go to `<topic>.dlq` and are committed; transient failures are retried with back-off on
 * the same record, so nothing is skipped or reordered, and a version conflict of the handler's append is tried
 * again at once in a new transaction (RetryPolicy). Offsets are only committed after the effect is durable.
 * On the internal topics a dead letter parks its incident: its later records wait in the DLQ behind it
 * (IncidentParking) until an operator redrives or skips it, so no incident is applied with a gap.
 */
export class ConsumerRunner<T = EventEnvelope> {
  private readonly options: ConsumerRunnerOptions<T>;
  private readonly decode: MessageDecoder<T>;
  private readonly logger: MessagingLogger;
  private readonly retry: RetryPolicy;
  private consumer: Consumer | null = null;
  private deadLetters: Producer | null = null;
  private abort = new AbortController();
  private readonly lags = new Map<string, PartitionLag>();
  private readonly counters: ConsumerRunnerStats = {
    processed: 0,
    duplicatesSkipped: 0,
    deadLettered: 0,
    deadLetteredByReason: Object.fromEntries(DEAD_LETTER_REASONS.map((reason) => [reason, 0])) as Record<
      DeadLetterCategory,
      number
    >,
    lastInvalidInternalEvent: null,
    transientRetries: 0,
    conflictRetries: 0,
    heldBehindDeadLetters: 0,
  };
  private readonly parking: IncidentParking | null;
  private joined: Promise<void> = Promise.resolve();
  /**
   * This group was seen holding no incident back since this instance last parked one or joined a generation: a
   * batch then skips the parked query (issue 18: a statement per batch). Parks are made only by the instance that
   * owns the partition, so a park elsewhere reaches this one only with the partition, through a new generation.
   */
  private noneParked = false;
  private parkedAsked = 0;

  constructor(options: ConsumerRunnerOptions<T>) {
    this.options = options;
    this.logger = options.logger ?? consoleLogger;
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
    const handling = options.handling as EnvelopeHandling | RawHandling<T>;
    this.decode =
      handling.kind === 'envelope'
        ? (envelopeDecoder(handling.validate) as unknown as MessageDecoder<T>)
        : handling.decode;
    this.parking =
      (options.parking ?? true) ? new IncidentParking(options.pool, options.schema, options.groupId) : null;
  }

  async start(): Promise<void> {
    if (this.consumer) return;
    this.abort = new AbortController();
    const { kafka } = this.options;
    const deadLetters = this.options.createDeadLetterProducer?.() ?? createIdempotentProducer(kafka);
    await deadLetters.connect();
    this.deadLetters = deadLetters;

    const consumer = kafka.consumer({ ...this.options.consumerConfig, groupId: this.options.groupId });
    this.joined = new Promise((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    // Assignments change on every join: forget lag of partitions we may no longer own.
    consumer.on(consumer.events.GROUP_JOIN, () => {
      this.lags.clear();
      // A partition that came from another instance may carry incidents it parked.
      this.forgetNoneParked();
    });
    await consumer.connect();
    await consumer.subscribe({
      topics: this.options.topics,
      fromBeginning: this.options.fromBeginning ?? true,
    });
    this.consumer = consumer;
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
      eachBatch: (payload) => this.handleBatch(payload),
    });
  }

  /** Resolves once the consumer joined its group (partitions assigned). */
  ready(): Promise<void> {
    return this.joined;
  }

  /** Graceful: the record in hand finishes (or its retry is abandoned uncommitted); every done record is committed. */
  async stop(): Promise<void> {
    this.abort.abort();
    const consumer = this.consumer;
    this.consumer = null;
    await consumer?.disconnect();
    const deadLetters = this.deadLetters;
    this.deadLetters = null;
    await deadLetters?.disconnect();
  }

  /** Lag per assigned topic-partition, for metrics and readiness. */
  lag(): PartitionLag[] {
    return [...this.lags.values()].map((entry) => ({ ...entry }));
  }

  /** Incidents this consumer group holds back behind a dead letter, over all its instances; 0 without parking. */
  parkedIncidents(): Promise<number> {
    return this.parking ? this.parking.count() : Promise.resolve(0);
  }

  stats(): ConsumerRunnerStats {
    return {
      ...this.counters,
      deadLetteredByReason: { ...this.counters.deadLetteredByReason },
      lastInvalidInternalEvent: this.counters.lastInvalidInternalEvent
        ? { ...this.counters.lastInvalidInternalEvent }
        : null,
    };
  }

  private async handleBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, heartbeat, resolveOffset, isRunning, isStale } = payload;
    const consumer = this.consumer;
    if (!consumer) return;
    this.recordLag(batch.topic, batch.partition, batch.highWatermark);
    const size = Math.max(1, this.options.batchSize ?? DEFAULT_BATCH_SIZE);
    const messages = batch.messages;
    const stopping = () => this.abort.signal.aborted || !isRunning() || isStale();
    let index = 0;
    while (index < messages.length) {
      if (stopping()) return;
      const chunk = messages.slice(index, index + size);
      const together =
        size > 1
          ? await this.applyTogether(batch.topic, batch.partition, chunk, { heartbeat, stopping })
          : { applied: 0 };
      let done = together.applied;
      let interrupted = false;
      if (done < chunk.length && !together.failed && stopping()) {
        // The batch stopped for the consumer's stop or a lost partition: what it applied commits, nothing more.
        interrupted = true;
      } else if (done < chunk.length) {
        // The record the batch stopped before: refused, retried or held back one at a time, as before batches.
        const outcome = await this.processUntilDone(
          batch.topic,
          batch.partition,
          chunk[done],
          payload,
          together.failed,
        );
        if (outcome === 'done') done += 1;
        else interrupted = true;
      }
      if (done > 0) {
        const last = chunk[done - 1];
        resolveOffset(last.offset);
        const next = (BigInt(last.offset) + 1n).toString();
        try {
          await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: next }]);
        } catch (error) {
          // The effects are durable and the inbox makes a redelivery harmless; stop this batch and let the group settle.
          this.logger.warn('offset commit failed', {
            topic: batch.topic,
            partition: batch.partition,
            offset: next,
            error: describeError(error),
          });
          return;
        }
        this.recordLag(batch.topic, batch.partition, batch.highWatermark, next);
        await heartbeat().catch(() => undefined);
      }
      if (interrupted) return;
      index += done;
    }
  }

  /**
   * Applies the longest prefix of `chunk` whose records are plain successes in one transaction, a savepoint per
   * record, and returns its length once committed. It stops before a record that does not decode, whose incident
   * is parked, or whose handler throws (rolled back to its savepoint, the failure returned as `failed`); the caller
   * gives that one to the one-record path. 0 when the transaction itself failed: nothing of it is known to be
   * durable, and the one-record path, which waits out a database outage, takes the first record (a commit that did
   * land is a duplicate to the inbox). Between records it does what the one-record path does between records: it
   * heartbeats (a long batch keeps its group membership) and stops once the consumer is stopping or the partition
   * is no longer this batch's, so `stop()` still waits for the record in hand, not for the rest of the fetch.
   */
  private async applyTogether(
    topic: string,
    partition: number,
    chunk: readonly KafkaMessage[],
    { heartbeat, stopping }: { heartbeat: EachBatchPayload['heartbeat']; stopping: () => boolean },
  ): Promise<{ applied: number; failed?: { error: unknown } }> {
    const counts = { processed: 0, duplicate: 0 };
    let applied = 0;
    let failed: { error: unknown } | undefined;
    try {
      const parked = await this.parkedKeysOf(topic, chunk);
      await withTransaction(this.options.pool, async (tx) => {
        for (const message of chunk) {
          if (applied > 0 && stopping()) return;
          const meta = messageMeta(topic, partition, message);
          if (meta.key !== null && parked.has(meta.key)) return;
          const decoded = this.safeDecode(message);
          if (!decoded.ok) return;
          // The first record needs no savepoint: its failure rolls back the whole transaction, which holds only
          // it. Later ones take one in a round trip with releasing the previous one (at most one stays open).
          if (applied === 1) await tx.query(`SAVEPOINT ${RECORD_SAVEPOINT}`);
          else if (applied > 1)
            await tx.query(`RELEASE SAVEPOINT ${RECORD_SAVEPOINT}; SAVEPOINT ${RECORD_SAVEPOINT}`);
          let result: 'processed' | 'duplicate';
          try {
            const apply = () => this.applyOnce(decoded.value, tx, meta);
            result = this.options.tracing ? await this.options.tracing.run(meta, apply) : await apply();
          } catch (error) {
            failed = { error };
            if (applied === 0) throw new FirstRecordFailed();
            await tx.query(`ROLLBACK TO SAVEPOINT ${RECORD_SAVEPOINT}`);
            return;
          }
          counts[result] += 1;
          applied += 1;
          // Throttled by kafkajs to its heartbeat interval; a rebalance it reports is the group's to settle after.
          await heartbeat().catch(() => undefined);
        }
      });
    } catch (error) {
      // Rolled back with nothing else in it; the one-record path takes that failure as the record's first try.
      if (error instanceof FirstRecordFailed) return { applied: 0, failed };
      this.logger.warn('batch transaction failed; going on record by record', {
        topic,
        partition,
        offset: chunk[0].offset,
        records: chunk.length,
        error: describeError(error),
      });
      return { applied: 0 };
    }
    // Counted once committed (see processDecoded).
    this.counters.processed += counts.processed;
    this.counters.duplicatesSkipped += counts.duplicate;
    return { applied, failed };
  }

  /**
   * The keys of `chunk` that are parked on `topic` (one query); their records take the one-record path. None, without
   * asking, while this group is known to hold nothing back (`noneParked`).
   */
  private async parkedKeysOf(topic: string, chunk: readonly KafkaMessage[]): Promise<Set<string>> {
    const keys = [
      ...new Set(chunk.flatMap((message) => (message.key ? [message.key.toString('utf8')] : []))),
    ].filter((key) => this.isSequenced(topic, key));
    if (keys.length === 0 || this.noneParked) return new Set();
    const asked = this.parkedAsked;
    const { among, any } = await this.parking!.parkedAmong(topic, keys);
    // Not if this instance parked something, or joined a new generation, while the query was out.
    if (!any && asked === this.parkedAsked) this.noneParked = true;
    return among;
  }

  /** What this instance knew of parking is out of date: it parks, or its partitions may have changed hands. */
  private forgetNoneParked(): void {
    this.noneParked = false;
    this.parkedAsked += 1;
  }

  /**
   * Processes one record, trying it again as the retry policy says until done or stopped. `failedInBatch`: its
   * handler already failed in a batch (rolled back to its savepoint); that failure counts as its first try.
   */
  private async processUntilDone(
    topic: string,
    partition: number,
    message: KafkaMessage,
    payload: EachBatchPayload,
    failedInBatch?: { error: unknown },
  ): Promise<Outcome> {
    const attempts = new RetryAttempts(this.retry);
    let earlier = failedInBatch;
    for (;;) {
      let delay: number;
      let failure: unknown;
      try {
        if (earlier) {
          const { error } = earlier;
          earlier = undefined;
          const key = message.key ? message.key.toString('utf8') : null;
          await this.handlerFailed(topic, partition, message, error, this.isSequenced(topic, key), attempts);
        } else {
          await this.processOnce(topic, partition, message, attempts);
        }
        return 'done';
      } catch (error) {
        // Not the handler's failure (the DLQ could not be written): waited out whatever it is.
        const step: RetryRecord['step'] =
          error instanceof RetryRecord ? error.step : { retry: 'after', delayMs: attempts.wait() };
        if (step.retry === 'now') {
          // Another writer appended to the stream the handler appends to: decide again on what is there now.
          this.counters.conflictRetries += 1;
          continue;
        }
        delay = step.delayMs;
        failure = error instanceof RetryRecord ? error.failure : error;
      }
      this.counters.transientRetries += 1;
      this.logger.warn('transient failure; retrying the same record', {
        topic,
        partition,
        offset: message.offset,
        attempt: attempts.waits,
        retryInMs: delay,
        error: describeError(failure),
      });
      await sleep(delay, this.abort.signal);
      if (this.abort.signal.aborted || !payload.isRunning() || payload.isStale()) return 'interrupted';
      try {
        // Keeps the group membership alive through a long outage.
        await payload.heartbeat();
      } catch {
        return 'interrupted';
      }
    }
  }

  /** Throws only when the record must be tried again (RetryRecord, or the DLQ could not be written). */
  private async processOnce(
    topic: string,
    partition: number,
    message: KafkaMessage,
    attempts: RetryAttempts,
  ): Promise<void> {
    const meta = messageMeta(topic, partition, message);
    const process = () => this.processDecoded(topic, partition, message, meta, attempts);
    if (this.options.tracing) return this.options.tracing.run(meta, process);
    return process();
  }

  private async processDecoded(
    topic: string,
    partition: number,
    message: KafkaMessage,
    meta: MessageMeta,
    attempts: RetryAttempts,
  ): Promise<void> {
    const sequenced = this.isSequenced(topic, meta.key);
    let release: string | null = null;
    if (sequenced) {
      const parked = await this.parking!.find(topic, meta.key!);
      if (parked) {
        release = this.releaseOf(parked, meta);
        if (!release) return this.holdBack(topic, partition, message, parked, attempts);
      }
    }
    const decoded = this.safeDecode(message);
    if (!decoded.ok) {
      const reason = { stage: decoded.stage, error: formatErrors(decoded.errors) };
      await this.refuse(topic, partition, message, reason, sequenced, attempts);
      const internal = this.options.internalTopics ?? EVENT_TOPICS;
      if (deadLetterCategoryOf(decoded.stage, topic, internal) === 'invalid-internal-event') {
        this.counters.lastInvalidInternalEvent = {
          topic,
          partition,
          offset: message.offset,
          stage: decoded.stage,
          at: new Date(),
        };
        // Position and field names only: reasons can quote the content (JSON.parse's message quotes the input).
        this.logger.error('internal event refused by this consumer (contract mismatch); dead-lettered', {
          topic,
          partition,
          offset: message.offset,
          stage: decoded.stage,
          fields: [...new Set(decoded.errors.map((error) => error.field))],
        });
      }
      return;
    }
    const last = release !== null && headerText(meta, REDRIVE_HEADERS.redriveLast) === 'true';
    try {
      const applied = await withTransaction(this.options.pool, async (tx) => {
        const result = await this.applyOnce(decoded.value, tx, meta);
        // The redrive's last record unparks its incident together with its effect (or its duplicate's no-effect).
        if (last) await this.parking!.finishRelease(tx, topic, meta.key!, release!);
        return result;
      });
      // Counted only once the transaction has committed: the stats say what is durable (a waiter that sees
      // `processed` may read the effect), and a commit that fails and is retried is not counted twice.
      if (applied === 'processed') this.counters.processed += 1;
      else this.counters.duplicatesSkipped += 1;
    } catch (error) {
      await this.handlerFailed(topic, partition, message, error, sequenced, attempts);
    }
  }

  /** A handler's failure: tried again as the retry policy says (RetryRecord), or the record is dead-lettered. */
  private async handlerFailed(
    topic: string,
    partition: number,
    message: KafkaMessage,
    error: unknown,
    sequenced: boolean,
    attempts: RetryAttempts,
  ): Promise<void> {
    const step: RetryStep = error instanceof PermanentError ? { retry: 'no' } : attempts.after(error);
    if (step.retry !== 'no') throw new RetryRecord(step, error);
    const reason =
      error instanceof PermanentError && error.field
        ? `${error.field}: ${error.message}`
        : describeError(error);
    // The DLQ header keeps the reason beside the record; the log gets no message, which may quote values.
    this.logger.warn('handler refused record; dead-lettering', {
      topic,
      partition,
      offset: message.offset,
      errorClass: error instanceof Error ? error.name : typeof error,
      field: error instanceof PermanentError ? (error.field ?? null) : null,
    });
    await this.refuse(topic, partition, message, { stage: 'handle', error: reason }, sequenced, attempts);
  }

  /** Records of an internal topic are applied in their incident's order: they have a key and parking is on. */
  private isSequenced(topic: string, key: string | null): boolean {
    return (
      this.parking !== null && key !== null && (this.options.internalTopics ?? EVENT_TOPICS).includes(topic)
    );
  }

  /** The redrive a record of a parked incident belongs to, if it is the one being let through now. */
  private releaseOf(parked: ParkedIncident, meta: MessageMeta): string | null {
    const redrive = headerText(meta, REDRIVE_HEADERS.redriveId);
    return parked.releaseId !== null && redrive === parked.releaseId ? parked.releaseId : null;
  }

  /** Dead-letters a refused record; on an internal topic its incident is parked behind it. */
  private async refuse(
    topic: string,
    partition: number,
    message: KafkaMessage,
    reason: DeadLetterReason,
    sequenced: boolean,
    attempts: RetryAttempts,
  ): Promise<void> {
    const written = await this.deadLetter(topic, partition, message, reason);
    if (!sequenced) return;
    const key = message.key!.toString('utf8');
    const position = deadLetterPosition(written.topic, written.partition, written.offset);
    this.forgetNoneParked();
    await this.persist(
      () => this.parking!.park(topic, key, { partition, offset: message.offset }, position, reason.error),
      attempts,
    );
    this.logger.warn('incident parked behind its dead letter; its later records wait in the DLQ', {
      topic,
      partition,
      offset: message.offset,
      deadLetter: position,
    });
  }

  /** An earlier record of the incident is a dead letter: this one waits behind it in the DLQ, untried. */
  private async holdBack(
    topic: string,
    partition: number,
    message: KafkaMessage,
    parked: ParkedIncident,
    attempts: RetryAttempts,
  ): Promise<void> {
    await this.deadLetter(topic, partition, message, {
      stage: 'parked',
      error: `parked behind ${parked.deadLetter}: an earlier record of this incident is a dead letter`,
      parkedBehind: parked.deadLetter,
    });
    this.counters.heldBehindDeadLetters += 1;
    await this.persist(() => this.parking!.held(topic, parked.incidentKey), attempts);
  }

  /**
   * Writes the parking state after its dead letter is out, waiting out a database outage here rather than trying the
   * whole record again (which would write the dead letter again on every try).
   */
  private async persist(write: () => Promise<void>, attempts: RetryAttempts): Promise<void> {
    for (;;) {
      try {
        return await write();
      } catch (error) {
        if (this.abort.signal.aborted) throw error;
        const delay = attempts.wait();
        this.counters.transientRetries += 1;
        this.logger.warn('parking state not written; retrying', {
          retryInMs: delay,
          error: describeError(error),
        });
        await sleep(delay, this.abort.signal);
      }
    }
  }

  /** Claims the inbox entry and runs the handler in `tx`: the record took effect, or it was a duplicate. */
  private async applyOnce(value: T, tx: PoolClient, meta: MessageMeta): Promise<'processed' | 'duplicate'> {
    const handling = this.options.handling as EnvelopeHandling | RawHandling<T>;
    let claim: { id: string; key: string | null } | null;
    if (handling.kind === 'envelope') {
      claim = { id: (value as EventEnvelope).eventId, key: null };
    } else {
      const key = handling.dedupeKey(value, meta);
      claim = key === null ? null : { id: inboxIdForKey(key), key };
    }
    if (claim && !(await claimInboxEntry(tx, this.options.schema, claim.id, meta, claim.key))) {
      return 'duplicate';
    }
    if (handling.kind === 'envelope') await handling.handle(value as EventEnvelope, tx, meta);
    else await handling.handle(value, tx, meta);
    return 'processed';
  }

  private safeDecode(message: KafkaMessage): DecodeOutcome<T> {
    try {
      return this.decode(message.value, message.headers ?? {});
    } catch (error) {
      return { ok: false, stage: 'decode', errors: [{ field: 'value', reason: describeError(error) }] };
    }
  }

  private async deadLetter(
    topic: string,
    partition: number,
    message: KafkaMessage,
    reason: DeadLetterReason,
  ): Promise<DeadLetterWritten> {
    if (!this.deadLetters) throw new Error('dead-letter producer not connected');
    const written = await publishDeadLetter(
      this.deadLetters,
      { topic, partition, message },
      { ...reason, consumerGroup: this.options.groupId },
    );
    this.counters.deadLettered += 1;
    const category = deadLetterCategoryOf(reason.stage, topic, this.options.internalTopics ?? EVENT_TOPICS);
    this.counters.deadLetteredByReason[category] += 1;
    return written;
  }

  private recordLag(topic: string, partition: number, highWatermark: string, committedOffset?: string): void {
    const id = `${topic}:${partition}`;
    const previous = this.lags.get(id);
    const committed = committedOffset ?? previous?.committedOffset ?? null;
    const lag =
      committed === null
        ? Number(highWatermark)
        : Math.max(0, Number(BigInt(highWatermark) - BigInt(committed)));
    this.lags.set(id, { topic, partition, highWatermark, committedOffset: committed, lag });
  }
}

function messageMeta(topic: string, partition: number, message: KafkaMessage): MessageMeta {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key ? message.key.toString('utf8') : null,
    headers: message.headers ?? {},
    timestamp: message.timestamp,
  };
}

function headerText(meta: MessageMeta, name: string): string | null {
  const value = meta.headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first === null ? null : first.toString();
}

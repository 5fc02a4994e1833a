import { EVENT_HEADERS } from '@rcrp/events';
import type { Message, Producer } from 'kafkajs';
import type { Pool } from 'pg';
import { SessionAdvisoryLock } from '../advisory-lock';
import { ACKS_ALL, sendAcknowledged } from '../kafka/producer';
import { describeError } from '../errors';
import { consoleLogger, type MessagingLogger } from '../logger';
import { CommitNotifications, HeldBackRecheck } from '../notifications';
import { DedicatedSession } from '../session';
import { Backoff, DEFAULT_BACKOFF, quoteIdent, sleep, type BackoffOptions } from '@rcrp/database';
import type { AllEventsReader, GlobalCheckpoint } from './event-source';
import { RelayCheckpoints } from './relay-checkpoints';
import type { PublishTracing } from '../tracing-hooks';
import { toKafkaMessage } from './to-kafka-message';

export interface OutboxRelayOptions {
  /** The service schema holding `events` and `relay_checkpoints`; also names the NOTIFY channel `<schema>_events`. */
  schema: string;
  /** The service topic, e.g. `TOPICS.intakeEvents`. */
  topic: string;
  /** Pool of the service's app role; one connection is kept for the lock + LISTEN session. */
  pool: Pool;
  /** The service's event store (gap-safe `readAll`). */
  events: AllEventsReader;
  /**
   * Makes a fresh idempotent producer (e.g. `() => createIdempotentProducer(kafka)`). A factory, because a
   * producer that failed is thrown away and replaced before the retry.
   */
  createProducer: () => Producer;
  /** Checkpoint row and lock name; defaults to `outbox:<schema>`. */
  name?: string;
  batchSize?: number;
  /** Polling fallback when no NOTIFY arrives. */
  pollIntervalMs?: number;
  /** How often a standby instance tries to take the lock. */
  standbyRetryMs?: number;
  backoff?: BackoffOptions;
  logger?: MessagingLogger;
  /** Publish spans continuing each event's stored trace; none by default. */
  tracing?: PublishTracing;
}

export type RelayState = 'stopped' | 'standby' | 'active' | 'backing-off';

export interface RelayStatus {
  name: string;
  state: RelayState;
  /** Checkpoint of the last event the broker acknowledged and we stored. */
  lastPublished: GlobalCheckpoint | null;
  lastPublishedAt: Date | null;
  publishedCount: number;
  consecutiveFailures: number;
  lastError: string | null;
}

export interface RelayBacklog {
  /** Events committed after the stored checkpoint (includes ones a long transaction still hides from readAll). */
  pending: number;
  /** Age of the oldest unpublished event, in milliseconds; 0 when nothing is pending. */
  oldestPendingAgeMs: number;
}

/**
 * The transactional outbox relay (DESIGN §2): follows the service's events table and publishes every event
 * to the service topic, at least once and in order. Only one instance per service is active (a session
 * advisory lock); others stand by and take over when the holder's connection goes.
 *
 * Ordering and durability: a batch is read gap-safely after the stored checkpoint, sent in one `sendBatch` with
 * the idempotent producer (acks = all), and only then is the checkpoint stored, once for the batch. A crash in
 * between republishes the batch; consumers deduplicate by event id (inbox).
 */
export class OutboxRelay {
  readonly name: string;
  private readonly options: Required<Omit<OutboxRelayOptions, 'name' | 'tracing'>> &
    Pick<OutboxRelayOptions, 'tracing'>;
  private readonly checkpoints: RelayCheckpoints;
  private session: DedicatedSession;
  private lock: SessionAdvisoryLock;
  private notifications: CommitNotifications;
  private readonly backoff: Backoff;
  private producer: Producer | null = null;
  private checkpoint: GlobalCheckpoint | null = null;
  private abort = new AbortController();
  private loop: Promise<void> | null = null;
  private current: RelayStatus;

  constructor(options: OutboxRelayOptions) {
    this.name = options.name ?? `outbox:${options.schema}`;
    this.options = {
      batchSize: 500,
      pollIntervalMs: 1000,
      standbyRetryMs: 2000,
      backoff: DEFAULT_BACKOFF,
      logger: consoleLogger,
      ...options,
    };
    this.checkpoints = new RelayCheckpoints(options.pool, options.schema);
    this.backoff = new Backoff(this.options.backoff);
    this.session = new DedicatedSession(options.pool);
    this.lock = new SessionAdvisoryLock(this.session, `rcrp:${this.name}`);
    this.notifications = new CommitNotifications(
      this.session,
      CommitNotifications.channelFor(options.schema),
    );
    this.current = {
      name: this.name,
      state: 'stopped',
      lastPublished: null,
      lastPublishedAt: null,
      publishedCount: 0,
      consecutiveFailures: 0,
      lastError: null,
    };
  }

  start(): void {
    if (this.loop) return;
    this.abort = new AbortController();
    this.current.state = 'standby';
    this.loop = this.run();
  }

  /** Graceful: lets the in-flight batch finish (and its checkpoint be stored), then releases lock and producer. */
  async stop(): Promise<void> {
    if (!this.loop) return;
    this.abort.abort();
    await this.loop;
    this.loop = null;
    await this.lock.release().catch(() => undefined);
    await this.session.close();
    await this.dropProducer();
    this.current.state = 'stopped';
  }

  status(): RelayStatus {
    return { ...this.current };
  }

  get isActive(): boolean {
    return this.current.state === 'active' && this.lock.held;
  }

  /** Backlog for health and metrics, counted in the events table itself. */
  async backlog(): Promise<RelayBacklog> {
    const stored = await this.checkpoints.load(this.name);
    const { rows } = await this.options.pool.query(
      `SELECT count(*)::int AS pending,
              COALESCE(EXTRACT(EPOCH FROM (now() - min(recorded_at))) * 1000, 0)::float8 AS age_ms
         FROM ${quoteIdent(this.options.schema)}.events
        WHERE $1::xid8 IS NULL OR (tx_id, position) > ($1::xid8, $2::bigint)`,
      [stored?.txId ?? null, stored?.position ?? null],
    );
    return { pending: rows[0].pending, oldestPendingAgeMs: Math.max(0, Math.round(rows[0].age_ms)) };
  }

  private async run(): Promise<void> {
    const { signal } = this.abort;
    const recheck = new HeldBackRecheck(10, this.options.pollIntervalMs);
    let notified = false;
    while (!signal.aborted) {
      try {
        if (!this.lock.held) {
          await this.becomeActiveOrWait();
          continue;
        }
        await this.notifications.ensureListening();
        const published = await this.publishNextBatch();
        this.backoff.reset();
        this.current.consecutiveFailures = 0;
        if (published >= this.options.batchSize) continue;
        const heldBack = recheck.next(published, notified);
        if (heldBack !== null) {
          await sleep(heldBack, signal);
          continue;
        }
        notified = await this.notifications.wait(this.options.pollIntervalMs, signal);
      } catch (error) {
        await this.recover(error);
      }
    }
  }

  private async becomeActiveOrWait(): Promise<void> {
    if (this.current.state === 'active') {
      // We just lost the lock (session connection gone): give a standby the first chance instead of flapping back.
      this.current.state = 'standby';
      this.options.logger.warn('outbox relay lost its lock; standing by', { relay: this.name });
      await sleep(this.options.standbyRetryMs, this.abort.signal);
      return;
    }
    this.current.state = 'standby';
    if (!(await this.lock.tryAcquire())) {
      await sleep(this.options.standbyRetryMs, this.abort.signal);
      return;
    }
    // The previous holder may have moved on since we last looked: always resume from the stored checkpoint.
    this.checkpoint = await this.checkpoints.load(this.name);
    this.current.lastPublished = this.checkpoint;
    this.current.state = 'active';
    this.options.logger.info('outbox relay active', { relay: this.name, checkpoint: this.checkpoint });
  }

  /** Publishes one batch; returns how many events it carried. */
  private async publishNextBatch(): Promise<number> {
    // As stored: personal fields stay encrypted on the topic (DESIGN §6), schema versions are not upcast.
    const { events, checkpoint } = await this.options.events.readAll(
      this.checkpoint,
      this.options.batchSize,
      {
        decode: false,
      },
    );
    if (events.length === 0 || checkpoint === null) return 0;
    const producer = await this.connectedProducer();
    const spans = events.map((feed) => this.options.tracing?.start(feed.event));
    try {
      // Everything the read returned in one produce request (one round trip and one acknowledgement per batch).
      await sendAcknowledged(producer, {
        acks: ACKS_ALL,
        topicMessages: [
          {
            topic: this.options.topic,
            messages: events.map((feed, i) =>
              withTraceparent(toKafkaMessage(feed.event), spans[i]?.traceparent),
            ),
          },
        ],
      });
    } catch (error) {
      spans.forEach((span) => span?.end(error));
      throw error;
    }
    spans.forEach((span) => span?.end());
    // Acknowledged by the broker (acks = all): only now may the checkpoint move.
    await this.checkpoints.save(this.name, checkpoint);
    this.checkpoint = checkpoint;
    this.current.lastPublished = checkpoint;
    this.current.lastPublishedAt = new Date();
    this.current.publishedCount += events.length;
    this.current.state = 'active';
    return events.length;
  }

  private async recover(error: unknown): Promise<void> {
    const delay = this.backoff.next();
    this.current.state = 'backing-off';
    this.current.consecutiveFailures = this.backoff.failures;
    this.current.lastError = describeError(error);
    this.options.logger.warn('outbox relay failed; backing off', {
      relay: this.name,
      error: this.current.lastError,
      retryInMs: delay,
    });
    // A producer that failed mid-send may be half broken: replace it. Re-read the checkpoint after the pause,
    // in case another instance took over meanwhile.
    await this.dropProducer();
    await sleep(delay, this.abort.signal);
    if (this.lock.held) {
      this.checkpoint = await this.checkpoints.load(this.name).catch(() => this.checkpoint);
    }
  }

  private async connectedProducer(): Promise<Producer> {
    if (this.producer) return this.producer;
    const producer = this.options.createProducer();
    await producer.connect();
    this.producer = producer;
    return producer;
  }

  private async dropProducer(): Promise<void> {
    const producer = this.producer;
    this.producer = null;
    await producer?.disconnect().catch(() => undefined);
  }
}

/** The publish span's `traceparent` replaces the stored one in the header only; the value stays as stored. */
function withTraceparent(message: Message, traceparent: string | null | undefined): Message {
  if (!traceparent) return message;
  return { ...message, headers: { ...message.headers, [EVENT_HEADERS.traceparent]: traceparent } };
}

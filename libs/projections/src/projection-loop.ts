import type { Pool } from 'pg';
import {
  HeldBackRecheck,
  compareCheckpoints,
  type AllEventsReader,
  type GlobalCheckpoint,
  type MessagingLogger,
} from '@rcrp/messaging';
import { Backoff, sleep, withTransaction, type RetryPolicy } from '@rcrp/database';
import type { Projection } from './projection';
import {
  lockProjectionCheckpoint,
  readProjectionCheckpoint,
  saveProjectionCheckpoint,
} from './projection-checkpoints';
import {
  errorClassOf,
  errorCodeOf,
  ProjectionApplyError,
  type ProjectionFailure,
} from './projection-failure';
import type { Wakeup } from './projection-wakeups';
import { liveTable } from './table-names';

export interface ProjectionLoopOptions {
  projection: Projection;
  schema: string;
  pool: Pool;
  events: AllEventsReader;
  batchSize: number;
  decode: boolean;
  pollIntervalMs: number;
  /**
   * Only its back-off: a projection can skip no event, so it waits out every failure, transient or final (a final
   * one stalls it until the code or the data is fixed, and readiness says so).
   */
  retry: RetryPolicy;
  logger: MessagingLogger;
  /** How long a projection may keep failing before it counts as stalled. */
  stalledAfterMs: number;
  wakeup: Wakeup;
  ensureListening: () => Promise<void>;
  /** Told after each committed batch (live views push the change from it, issue 16). */
  onApplied?: (projection: string, events: number) => void;
}

export interface ProjectionStatus {
  name: string;
  checkpoint: GlobalCheckpoint | null;
  lastAppliedAt: Date | null;
  /** `errorClass (code)` of the current run of failures; null while it advances. Never an error message. */
  lastError: string | null;
  /** The current run of failures, null while it advances. */
  failure: ProjectionFailure | null;
  /** Failing for longer than the threshold: the readiness check and `rcrp_projection_stalled` report it. */
  stalled: boolean;
  /** Whether a stall of this projection makes the service not ready (`Projection.critical`). */
  critical: boolean;
}

/**
 * One projection's follower of the service's store (issue 15): its own checkpoint, back-off and wake-up, so one
 * that cannot apply an event waits alone while the others keep advancing. When a batch fails at an event, the
 * events before it are applied on the next attempt, so the projection stops exactly at the event it cannot apply.
 */
export class ProjectionLoop {
  private checkpoint: GlobalCheckpoint | null = null;
  /**
   * The checkpoint as this loop last committed it; undefined until then and after it was found moved (another
   * instance, a rebuild's swap), when the next batch reads it from the table again. It saves that read per batch.
   */
  private committed: GlobalCheckpoint | null | undefined = undefined;
  private lastAppliedAt: Date | null = null;
  private failure: ProjectionFailure | null = null;
  /** Where the current run of failures is stuck (the failing event's feed position); null if not in an event. */
  private failedAt: GlobalCheckpoint | null = null;
  private stallReported = false;
  /** Shrinks to the events before a failing one; back to `batchSize` once the projection is past it. */
  private limit: number;

  constructor(private readonly options: ProjectionLoopOptions) {
    this.limit = options.batchSize;
  }

  get name(): string {
    return this.options.projection.name;
  }

  async run(signal: AbortSignal): Promise<void> {
    const backoff = new Backoff(this.options.retry.backoff);
    const recheck = new HeldBackRecheck(10, this.options.pollIntervalMs);
    let notified = false;
    while (!signal.aborted) {
      // Without a subscription the poll below still finds new events; a failed LISTEN is retried next time.
      await this.options.ensureListening().catch(() => undefined);
      let applied: number;
      try {
        applied = await this.catchUp();
        backoff.reset();
      } catch (error) {
        this.recordFailure(error);
        await sleep(backoff.next(), signal);
        continue;
      }
      const heldBack = recheck.next(applied, notified);
      if (heldBack !== null) {
        await sleep(heldBack, signal);
        continue;
      }
      notified = await this.options.wakeup.wait(this.options.pollIntervalMs, signal);
    }
  }

  /** Applies everything currently readable; throws when an event (or the store) fails. */
  async catchUp(): Promise<number> {
    let total = 0;
    for (;;) {
      const limit = this.limit;
      const applied = await this.applyNextBatch(limit);
      total += Math.max(applied, 0);
      if (applied < limit && applied !== -1) return total;
    }
  }

  /** `catchUp` for callers that must not fail because of this projection (read-your-writes of another one). */
  async catchUpQuietly(): Promise<number> {
    try {
      return await this.catchUp();
    } catch (error) {
      this.recordFailure(error);
      return 0;
    }
  }

  status(now = Date.now()): ProjectionStatus {
    const failure = this.failure;
    return {
      name: this.name,
      checkpoint: this.checkpoint,
      lastAppliedAt: this.lastAppliedAt,
      lastError: failure
        ? `${failure.errorClass}${failure.errorCode ? ` (${failure.errorCode})` : ''}`
        : null,
      failure: failure ? { ...failure } : null,
      stalled: this.isStalled(now),
      critical: this.options.projection.critical === true,
    };
  }

  private isStalled(now: number): boolean {
    return this.failure !== null && now - this.failure.since.getTime() >= this.options.stalledAfterMs;
  }

  /** Returns events applied, or -1 when another instance had moved the checkpoint (caller reads again). */
  private async applyNextBatch(limit: number): Promise<number> {
    const { projection, schema, pool, events, decode } = this.options;
    // Where this loop's last batch left the checkpoint, else as stored: the lock below compares either way.
    const from =
      this.committed !== undefined
        ? this.committed
        : await readProjectionCheckpoint(pool, schema, projection.name);
    const batch = await events.readAll(from, limit, { decode });
    if (batch.events.length === 0 || batch.checkpoint === null) return 0;
    const applied = await withTransaction(pool, async (tx) => {
      const { checkpoint: stored } = await lockProjectionCheckpoint(tx, schema, projection.name);
      // Another instance (or a rebuild's swap) moved the checkpoint since we read: our batch is stale.
      if (compareCheckpoints(stored, from) !== 0) {
        this.committed = undefined;
        return -1;
      }
      const table = liveTable(schema, projection.name);
      for (const [index, { event, position, txId }] of batch.events.entries()) {
        try {
          await projection.apply(event, tx, table);
        } catch (error) {
          const where = { position, txId, eventId: event.eventId, type: event.type };
          throw new ProjectionApplyError(projection.name, index, where, error);
        }
      }
      await saveProjectionCheckpoint(tx, schema, projection.name, batch.checkpoint, batch.events.length);
      return batch.events.length;
    });
    if (applied > 0) {
      this.committed = batch.checkpoint;
      this.recordProgress(batch.checkpoint);
      this.options.onApplied?.(projection.name, applied);
    }
    return applied;
  }

  private recordProgress(checkpoint: GlobalCheckpoint): void {
    this.checkpoint = checkpoint;
    this.lastAppliedAt = new Date();
    // Applying the events before the failing one is progress, but not past the failure.
    if (this.failure && (this.failedAt === null || compareCheckpoints(checkpoint, this.failedAt) >= 0)) {
      this.options.logger.info('projection advancing again', {
        projection: this.name,
        afterFailures: this.failure.consecutiveFailures,
      });
      this.failure = null;
      this.failedAt = null;
      this.stallReported = false;
      this.limit = this.options.batchSize;
    }
  }

  private recordFailure(error: unknown): void {
    const applyError = error instanceof ProjectionApplyError ? error : null;
    const cause = applyError ? applyError.original : error;
    const event = applyError?.event ?? null;
    if (applyError && applyError.indexInBatch > 0) this.limit = applyError.indexInBatch;
    const previous = this.failure;
    this.failure = {
      errorClass: errorClassOf(cause),
      errorCode: errorCodeOf(cause),
      position: event?.position ?? null,
      eventId: event?.eventId ?? null,
      eventType: event?.type ?? null,
      since: previous?.since ?? new Date(),
      consecutiveFailures: (previous?.consecutiveFailures ?? 0) + 1,
    };
    if (applyError) this.failedAt = { txId: applyError.event.txId, position: applyError.event.position };
    const context = {
      projection: this.name,
      errorClass: this.failure.errorClass,
      errorCode: this.failure.errorCode,
      position: this.failure.position,
      eventType: this.failure.eventType,
      eventId: this.failure.eventId,
    };
    // Class, code and position only: the error's message may quote an event's (personal) values.
    if (!previous) this.options.logger.warn('projection failed; it retries on its own back-off', context);
    if (!this.stallReported && this.isStalled(Date.now())) {
      this.stallReported = true;
      this.options.logger.error('projection stalled: it cannot apply a stored event', {
        ...context,
        failingForSeconds: Math.round((Date.now() - this.failure.since.getTime()) / 1000),
      });
    }
  }
}

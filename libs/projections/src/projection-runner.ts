import type { Pool } from 'pg';
import {
  Backoff,
  CommitNotifications,
  HeldBackRecheck,
  compareCheckpoints,
  consoleLogger,
  DedicatedSession,
  DEFAULT_BACKOFF,
  describeError,
  sleep,
  type AllEventsReader,
  type BackoffOptions,
  type GlobalCheckpoint,
  type MessagingLogger,
} from '@rcrp/messaging';
import { withTransaction } from '@rcrp/database';
import type { Projection } from './projection';
import { lockProjectionCheckpoint, saveProjectionCheckpoint } from './projection-checkpoints';
import { liveTable } from './table-names';

export interface ProjectionRunnerOptions {
  /** Service schema: its `events` NOTIFY channel, `projection_checkpoints` and the projection tables. */
  schema: string;
  /** App-role pool. */
  pool: Pool;
  /** The service's own event store. */
  events: AllEventsReader;
  projections: readonly Projection[];
  batchSize?: number;
  /** Read decrypted and upcast (default true); false feeds events exactly as stored. */
  decode?: boolean;
  pollIntervalMs?: number;
  backoff?: BackoffOptions;
  logger?: MessagingLogger;
}

export interface ProjectionStatus {
  name: string;
  checkpoint: GlobalCheckpoint | null;
  lastAppliedAt: Date | null;
  lastError: string | null;
}

/**
 * Keeps projections of the service's own store up to date: follows `readAll` from each projection's stored
 * checkpoint, woken by the events NOTIFY (polling as fallback). Each batch is applied and its checkpoint
 * stored in one transaction. Safe with several instances: the checkpoint row lock serialises them, and an
 * instance that finds the checkpoint moved under it drops its batch and re-reads.
 */
export class ProjectionRunner {
  private readonly options: Required<ProjectionRunnerOptions>;
  private readonly session: DedicatedSession;
  private readonly notifications: CommitNotifications;
  private readonly statuses = new Map<string, ProjectionStatus>();
  private abort = new AbortController();
  private loop: Promise<void> | null = null;

  constructor(options: ProjectionRunnerOptions) {
    this.options = {
      batchSize: 500,
      decode: true,
      pollIntervalMs: 1000,
      backoff: DEFAULT_BACKOFF,
      logger: consoleLogger,
      ...options,
    };
    this.session = new DedicatedSession(options.pool);
    this.notifications = new CommitNotifications(
      this.session,
      CommitNotifications.channelFor(options.schema),
    );
    for (const projection of options.projections) {
      this.statuses.set(projection.name, {
        name: projection.name,
        checkpoint: null,
        lastAppliedAt: null,
        lastError: null,
      });
    }
  }

  start(): void {
    if (this.loop) return;
    this.abort = new AbortController();
    this.loop = this.run();
  }

  /** Graceful: the batch in hand commits, then the session closes. */
  async stop(): Promise<void> {
    if (!this.loop) return;
    this.abort.abort();
    await this.loop;
    this.loop = null;
    await this.session.close();
  }

  status(): ProjectionStatus[] {
    return [...this.statuses.values()].map((status) => ({ ...status }));
  }

  /** Applies everything currently readable; returns the number of events applied (used by tests and the CLI). */
  async catchUp(): Promise<number> {
    let total = 0;
    for (const projection of this.options.projections) {
      for (;;) {
        const applied = await this.applyNextBatch(projection);
        total += Math.max(applied, 0);
        if (applied < this.options.batchSize && applied !== -1) break;
      }
    }
    return total;
  }

  private async run(): Promise<void> {
    const { signal } = this.abort;
    const backoff = new Backoff(this.options.backoff);
    const recheck = new HeldBackRecheck(10, this.options.pollIntervalMs);
    let notified = false;
    while (!signal.aborted) {
      try {
        await this.notifications.ensureListening();
        const applied = await this.catchUp();
        backoff.reset();
        const heldBack = recheck.next(applied, notified);
        if (heldBack !== null) {
          await sleep(heldBack, signal);
          continue;
        }
        notified = await this.notifications.wait(this.options.pollIntervalMs, signal);
      } catch (error) {
        const delay = backoff.next();
        this.options.logger.warn('projection runner failed; backing off', {
          error: describeError(error),
          retryInMs: delay,
        });
        for (const status of this.statuses.values()) status.lastError = describeError(error);
        await sleep(delay, signal);
      }
    }
  }

  /** Returns events applied, or -1 when another instance had moved the checkpoint (caller reads again). */
  private async applyNextBatch(projection: Projection): Promise<number> {
    const status = this.statuses.get(projection.name)!;
    const { schema, pool, events, batchSize, decode } = this.options;
    const from = await withTransaction(
      pool,
      async (tx) => (await lockProjectionCheckpoint(tx, schema, projection.name)).checkpoint,
    );
    const batch = await events.readAll(from, batchSize, { decode });
    if (batch.events.length === 0 || batch.checkpoint === null) return 0;
    const applied = await withTransaction(pool, async (tx) => {
      const { checkpoint: stored } = await lockProjectionCheckpoint(tx, schema, projection.name);
      // Another instance (or a rebuild's swap) moved the checkpoint since we read: our batch is stale.
      if (compareCheckpoints(stored, from) !== 0) return -1;
      const table = liveTable(schema, projection.name);
      for (const { event } of batch.events) await projection.apply(event, tx, table);
      await saveProjectionCheckpoint(tx, schema, projection.name, batch.checkpoint, batch.events.length);
      return batch.events.length;
    });
    if (applied > 0) {
      status.checkpoint = batch.checkpoint;
      status.lastAppliedAt = new Date();
      status.lastError = null;
    }
    return applied;
  }
}

import type { Pool } from 'pg';
import {
  CommitNotifications,
  consoleLogger,
  DedicatedSession,
  type AllEventsReader,
  type MessagingLogger,
} from '@rcrp/messaging';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '@rcrp/database';
import type { Projection } from './projection';
import { ProjectionLoop, type ProjectionStatus } from './projection-loop';
import { ProjectionWakeups } from './projection-wakeups';

export type { ProjectionStatus } from './projection-loop';

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
  /** Its back-off is the wait after any failure (default DEFAULT_RETRY_POLICY). */
  retry?: RetryPolicy;
  logger?: MessagingLogger;
  /** A projection failing for longer than this is stalled (readiness, `rcrp_projection_stalled`). Default 30 s. */
  stalledAfterMs?: number;
  /** Told after each batch a projection committed. */
  onApplied?: (projection: string, events: number) => void;
}

export const DEFAULT_PROJECTION_STALL_MS = 30_000;

/**
 * Keeps projections of the service's own store up to date: each follows `readAll` from its own stored checkpoint
 * in a loop of its own (ProjectionLoop), woken by the events NOTIFY (polling as fallback). Each batch is applied and
 * its checkpoint stored in one transaction. Safe with several instances: the checkpoint row lock serialises them,
 * and an instance that finds the checkpoint moved under it drops its batch and re-reads.
 *
 * One loop per projection (issue 15): a single loop with one back-off let one projection that could not apply an
 * event delay all the others, the live triage queue among them, by up to the back-off's 30 s.
 */
export class ProjectionRunner {
  private readonly session: DedicatedSession;
  private readonly loops: ProjectionLoop[];
  private abort = new AbortController();
  private running: Promise<void> | null = null;

  constructor(options: ProjectionRunnerOptions) {
    this.session = new DedicatedSession(options.pool);
    const wakeups = new ProjectionWakeups(this.session, CommitNotifications.channelFor(options.schema));
    this.loops = options.projections.map(
      (projection) =>
        new ProjectionLoop({
          projection,
          schema: options.schema,
          pool: options.pool,
          events: options.events,
          batchSize: options.batchSize ?? 500,
          decode: options.decode ?? true,
          pollIntervalMs: options.pollIntervalMs ?? 1000,
          retry: options.retry ?? DEFAULT_RETRY_POLICY,
          logger: options.logger ?? consoleLogger,
          stalledAfterMs: options.stalledAfterMs ?? DEFAULT_PROJECTION_STALL_MS,
          wakeup: wakeups.subscribe(),
          ensureListening: () => wakeups.ensureListening(),
          onApplied: options.onApplied,
        }),
    );
  }

  start(): void {
    if (this.running) return;
    this.abort = new AbortController();
    const { signal } = this.abort;
    this.running = Promise.all(this.loops.map((loop) => loop.run(signal))).then(() => undefined);
  }

  /** Graceful: the batch in hand of each projection commits, then the session closes. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.abort.abort();
    await this.running;
    this.running = null;
    await this.session.close();
  }

  status(): ProjectionStatus[] {
    const now = Date.now();
    return this.loops.map((loop) => loop.status(now));
  }

  /**
   * Applies everything currently readable to every projection; returns the number of events applied (tests, the
   * CLI, read-your-writes). A projection that fails is recorded in its status and skipped, so a read of one read
   * model never fails because another cannot advance.
   */
  async catchUp(): Promise<number> {
    const applied = await Promise.all(this.loops.map((loop) => loop.catchUpQuietly()));
    return applied.reduce((sum, count) => sum + count, 0);
  }
}

import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  OnModuleInit,
  Optional,
} from '@nestjs/common';
import { AppConfig } from '@rcrp/config';
import type { EventStore } from '@rcrp/event-store';
import { quoteIdent, type RetryPolicy } from '@rcrp/database';
import {
  HealthRegistry,
  projectionsHealthCheck,
  projectionStallMsFromEnv,
  ServiceMetrics,
} from '@rcrp/observability';
import { Projection, ProjectionRunner, ProjectionStatus } from '@rcrp/projections';
import { nestMessagingLogger } from './nest-logger';
import { BackgroundPool } from './background-pool';
import { BACKGROUND_EVENT_STORE, OWN_PROJECTIONS, RETRY_POLICY } from './tokens';

/**
 * Keeps the read models fed from the service's own store up to date while the application runs, each on its own
 * (issue 15), and reports one that stalls: the `projections` readiness check and `rcrp_projection_stalled`.
 */
@Injectable()
export class ProjectionsService implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly runner: ProjectionRunner | null;
  private readonly names: string[];

  constructor(
    private readonly config: AppConfig,
    private readonly background: BackgroundPool,
    @Inject(BACKGROUND_EVENT_STORE) store: EventStore,
    @Inject(OWN_PROJECTIONS) projections: readonly Projection[],
    @Inject(RETRY_POLICY) retry: RetryPolicy,
    @Optional() metrics?: ServiceMetrics,
    @Optional() private readonly health?: HealthRegistry,
  ) {
    this.names = projections.map((projection) => projection.name);
    if (projections.length > 0) metrics?.observeProjections(this);
    this.runner =
      projections.length === 0
        ? null
        : new ProjectionRunner({
            schema: config.database.schema,
            pool: background.pool,
            events: store,
            projections,
            retry,
            logger: nestMessagingLogger(new Logger('Projections')),
            stalledAfterMs: projectionStallMsFromEnv(),
            onApplied: (projection) => {
              for (const listener of this.listeners) listener(projection);
            },
          });
  }

  private readonly listeners = new Set<(projection: string) => void>();

  /**
   * Calls `listener` with the projection's name after each batch this instance applied (live views, issue 16);
   * returns the unsubscribe. Another instance's batches are not seen here: a live view also polls.
   */
  onApplied(listener: (projection: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onModuleInit(): void {
    if (this.runner) this.health?.register(projectionsHealthCheck(() => this.status()));
  }

  /** Applies everything committed so far; tests and read-your-writes paths call it. */
  async catchUp(): Promise<void> {
    await this.runner?.catchUp();
  }

  /**
   * Events of the store not yet applied, per projection, from the stored checkpoints (shared by every instance).
   * A projection that never ran has no checkpoint row yet: everything is pending.
   */
  async projectionLag(): Promise<Array<{ projection: string; pending: number }>> {
    if (this.names.length === 0) return [];
    const schema = quoteIdent(this.config.database.schema);
    const { rows } = await this.background.pool.query<{ projection: string; pending: number }>(
      `SELECT p.name AS projection,
              (SELECT count(*)::int FROM ${schema}.events e
                WHERE c.tx_id IS NULL OR (e.tx_id, e.position) > (c.tx_id, c.position)) AS pending
         FROM unnest($1::text[]) AS p(name)
         LEFT JOIN ${schema}.projection_checkpoints c ON c.name = p.name`,
      [this.names],
    );
    return rows;
  }

  status(): ProjectionStatus[] {
    return this.runner?.status() ?? [];
  }

  onApplicationBootstrap(): void {
    this.runner?.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner?.stop();
  }
}

import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@rcrp/config';
import type { EventStore } from '@rcrp/event-store';
import { DATABASE_POOL } from '@rcrp/health';
import { Projection, ProjectionRunner, ProjectionStatus } from '@rcrp/projections';
import type { Pool } from 'pg';
import { nestMessagingLogger } from './nest-logger';
import { EVENT_STORE, OWN_PROJECTIONS } from './tokens';

/** Keeps the read models fed from the service's own store up to date while the application runs. */
@Injectable()
export class ProjectionsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly runner: ProjectionRunner | null;

  constructor(
    config: AppConfig,
    @Inject(DATABASE_POOL) pool: Pool,
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(OWN_PROJECTIONS) projections: readonly Projection[],
  ) {
    this.runner =
      projections.length === 0
        ? null
        : new ProjectionRunner({
            schema: config.database.schema,
            pool,
            events: store,
            projections,
            logger: nestMessagingLogger(new Logger('Projections')),
          });
  }

  /** Applies everything committed so far; tests and read-your-writes paths call it. */
  async catchUp(): Promise<void> {
    await this.runner?.catchUp();
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

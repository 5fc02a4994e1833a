import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@rcrp/config';
import { createServicePool } from '@rcrp/database';
import type { Pool } from 'pg';

/**
 * Connections of the outbox relay and the projection runner, apart from the request pool: under a surge every
 * request connection is busy, and a relay waiting for one of them timed out and backed off for seconds, so the
 * events a service had committed left for Kafka in bursts seconds apart (found by `npm run bench:e2e`). Each of
 * the two keeps one session (lock, LISTEN) and reads and checkpoints through another.
 */
@Injectable()
export class BackgroundPool implements OnApplicationShutdown {
  readonly pool: Pool;

  constructor(config: AppConfig) {
    this.pool = createServicePool(config, { max: 6, applicationName: `rcrp-${config.service}-background` });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}

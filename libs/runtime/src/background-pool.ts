import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@rcrp/config';
import { createServicePool } from '@rcrp/database';
import type { Pool } from 'pg';

/**
 * Connections of the outbox relay and the projection runner, apart from the request pool: under a surge every
 * request connection is busy, and a relay waiting for one of them timed out and backed off for seconds, so the
 * events a service had committed left for Kafka in bursts seconds apart (found by `npm run bench:e2e`). The relay
 * keeps one session (lock) and reads and checkpoints through another; the projection runner keeps one session
 * (LISTEN) and each projection reads and checkpoints through its own (issue 15: they advance independently), with
 * room for read-your-writes catch-ups beside them.
 */
@Injectable()
export class BackgroundPool implements OnApplicationShutdown {
  readonly pool: Pool;

  constructor(config: AppConfig) {
    this.pool = createServicePool(config, { max: 8, applicationName: `rcrp-${config.service}-background` });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}

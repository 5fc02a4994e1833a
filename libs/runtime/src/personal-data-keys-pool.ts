import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@rcrp/config';
import { createServicePool } from '@rcrp/database';
import type { Pool } from 'pg';

/**
 * The cipher's own small pool. Keys are looked up or created while an append holds a connection of the service
 * pool inside its transaction; taking a second connection from that same pool would deadlock it under load (every
 * request holding one connection, waiting for another). A key is committed on its own, so an append that rolls
 * back leaves at most an unused key, never an event encrypted under a key that was not stored.
 */
@Injectable()
export class PersonalDataKeysPool implements OnApplicationShutdown {
  readonly pool: Pool;

  constructor(config: AppConfig) {
    this.pool = createServicePool(config, { max: 4, applicationName: `rcrp-${config.service}-keys` });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}

import { Global, Inject, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '@rcrp/config';
import type { Pool } from 'pg';
import { databaseHealthCheck } from './database-check';
import { createServicePool, DATABASE_POOL } from '@rcrp/database';
import { HealthRegistry } from './health-registry';
import { kafkaHealthCheck } from './kafka-check';

/**
 * The service's connection to its dependencies: provides the database pool (token `DATABASE_POOL`) and registers
 * the `database` and `kafka` readiness checks. Needs `ConfigModule` and `HealthModule`.
 */
@Global()
@Module({
  providers: [{ provide: DATABASE_POOL, inject: [AppConfig], useFactory: createServicePool }],
  exports: [DATABASE_POOL],
})
export class DependenciesModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(DATABASE_POOL) private readonly pool: Pool,
    private readonly config: AppConfig,
    private readonly health: HealthRegistry,
  ) {}

  onModuleInit(): void {
    this.health.register(databaseHealthCheck(this.pool));
    this.health.register(kafkaHealthCheck(this.config.kafka.brokers));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}

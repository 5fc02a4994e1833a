import { Global, Module } from '@nestjs/common';
import { AppConfig } from '@rcrp/config';
import { DATABASE_POOL } from '@rcrp/database';
import type { Pool } from 'pg';
import { AuditController } from './audit.controller';
import { AuditLog } from './audit-log';
import { PersonalDataReadInterceptor } from './personal-data-read.interceptor';

/**
 * The service's read audit: `AuditLog` over `<schema>.read_audit`, the interceptor behind `@PersonalDataRead`, and
 * `GET /audit`. Global, so any controller of the service can use the decorator. Needs `ConfigModule` and
 * `DependenciesModule`; the schema needs `auditMigrations(ctx)`.
 */
@Global()
@Module({
  controllers: [AuditController],
  providers: [
    {
      provide: AuditLog,
      inject: [AppConfig, DATABASE_POOL],
      useFactory: (config: AppConfig, pool: Pool) => new AuditLog({ pool, schema: config.database.schema }),
    },
    PersonalDataReadInterceptor,
  ],
  exports: [AuditLog, PersonalDataReadInterceptor],
})
export class AuditModule {}

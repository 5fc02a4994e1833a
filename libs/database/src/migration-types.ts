import type { MigrationInterface } from 'typeorm';

/** Where a service's tables live and which non-owner role the service connects as (for GRANTs). */
export interface MigrationContext {
  schema: string;
  appRole: string;
}

/** A TypeORM migration class; services build theirs in factories closing over a MigrationContext. */
export type MigrationClass = new () => MigrationInterface;

/** The shape of `apps/<service>/src/migrations/index.ts`'s `migrations` export. */
export type MigrationsFactory = (ctx: MigrationContext) => MigrationClass[];

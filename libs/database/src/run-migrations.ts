import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { databaseName } from './database-url';
import { assertIdentifier } from './identifiers';
import type { MigrationClass } from './migration-types';

export interface RunMigrationsOptions {
  /** URL of the owner role (rcrp_owner): only the owner may change a schema. */
  ownerUrl: string;
  schema: string;
  migrations: readonly MigrationClass[];
  /** Table (inside `schema`) recording what ran. */
  migrationsTableName?: string;
  log?: (line: string) => void;
}

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * Applies the pending migrations to `schema`, each in its own transaction, and returns the names applied.
 * Several processes may start at once (three services, a test run): a PostgreSQL advisory lock per
 * schema makes them take turns, so each migration runs exactly once.
 */
export async function runMigrations(options: RunMigrationsOptions): Promise<string[]> {
  const schema = assertIdentifier(options.schema, 'schema');
  const log = options.log ?? ((line: string) => console.log(line));
  const where = `${databaseName(options.ownerUrl)}.${schema}`;

  const lock = new Client({ connectionString: options.ownerUrl, application_name: 'rcrp-migrate-lock' });
  // A restart of PostgreSQL mid-migration must fail this run with an error, not end the process from an
  // unlistened 'error' event (issue 21).
  lock.on('error', () => undefined);
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock(hashtext($1))', [`rcrp.migrations.${schema}`]);
    const exists = await lock.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
    if (exists.rowCount === 0) {
      throw new MigrationError(
        `schema "${schema}" does not exist in ${databaseName(options.ownerUrl)} (run scripts/infra/postgres.sh)`,
      );
    }

    const dataSource = new DataSource({
      type: 'postgres',
      url: options.ownerUrl,
      schema,
      migrationsTableName: options.migrationsTableName ?? 'migrations',
      migrations: [...options.migrations],
      migrationsTransactionMode: 'each',
      synchronize: false,
      logging: ['error'],
      applicationName: 'rcrp-migrate',
      // Unqualified names in migration SQL land in the service's schema, never in public.
      extra: { options: `-c search_path=${schema}`, max: 2 },
    });
    await dataSource.initialize();
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      for (const migration of applied) log(`[migrate] ${where}: applied ${migration.name}`);
      if (applied.length === 0)
        log(`[migrate] ${where}: up to date (${options.migrations.length} migrations)`);
      return applied.map((migration) => migration.name);
    } catch (error) {
      throw new MigrationError(`migrating ${where} failed: ${(error as Error).message}`, { cause: error });
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await lock.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
    await lock.end();
  }
}

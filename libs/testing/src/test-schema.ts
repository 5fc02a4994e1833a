import type { Pool } from 'pg';
import {
  assertIdentifier,
  createPool,
  runMigrations,
  withCredentials,
  type MigrationClass,
  type MigrationContext,
} from '@rcrp/database';
import { eventStoreMigrations } from '@rcrp/event-store';
import { messagingMigrations } from '@rcrp/messaging';
import { projectionMigrations } from '@rcrp/projections';
import { testOwnerUrl } from './test-env';
import { uniqueName } from './unique-name';

export interface TestSchema {
  schema: string;
  appRole: string;
  /** Connected as rcrp_owner (migrations, set-up, inspection), search_path = schema. */
  ownerPool: Pool;
  /** Connected as the non-owner app role, search_path = schema: what a service sees. */
  appPool: Pool;
  /** Closes both pools and drops the schema with everything in it. */
  drop(): Promise<void>;
}

export interface TestSchemaOptions {
  /** Migrations to run into the new schema (through the shared runner, as `npm run migrate` does). */
  migrations?: (ctx: MigrationContext) => MigrationClass[];
}

/**
 * A throw-away schema in `rcrp_test`, laid out like a service's: owned by rcrp_owner, USAGE (only) granted
 * to `appRole`. Tables created in it need explicit GRANTs to the app role, exactly as migrations must.
 */
export async function createTestSchema(
  prefix: string,
  appRole = 'rcrp_intake',
  options: TestSchemaOptions = {},
): Promise<TestSchema> {
  assertIdentifier(appRole, 'appRole');
  const schema = assertIdentifier(uniqueName(prefix), 'schema');
  const ownerUrl = testOwnerUrl();
  const ownerPool = createPool({ url: ownerUrl, schema, applicationName: 'rcrp-test-owner', max: 4 });
  try {
    await ownerPool.query(`CREATE SCHEMA ${schema} AUTHORIZATION rcrp_owner`);
    await ownerPool.query(`GRANT USAGE ON SCHEMA ${schema} TO ${appRole}`);
    if (options.migrations) {
      await runMigrations({
        ownerUrl,
        schema,
        migrations: options.migrations({ schema, appRole }),
        log: () => undefined,
      });
    }
  } catch (error) {
    await ownerPool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await ownerPool.end();
    throw error;
  }
  const appPool = createPool({
    url: withCredentials(ownerUrl, appRole, appRole),
    schema,
    applicationName: 'rcrp-test-app',
    max: 8,
  });
  let dropped = false;
  return {
    schema,
    appRole,
    ownerPool,
    appPool,
    async drop() {
      if (dropped) return;
      dropped = true;
      await appPool.end();
      try {
        await ownerPool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await ownerPool.end();
      }
    },
  };
}

/**
 * The tables every service schema has beside its own: the event store, the relay checkpoints and inbox, the
 * projection checkpoints. For `createTestSchema(prefix, role, { migrations: (ctx) => [...eventSourcingTables(ctx),
 * ...] })` in tests of those libraries.
 */
export function eventSourcingTables(ctx: MigrationContext): MigrationClass[] {
  return [...eventStoreMigrations(ctx), ...messagingMigrations(ctx), ...projectionMigrations(ctx)];
}

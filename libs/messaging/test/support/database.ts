import { Pool } from 'pg';
import { randomBytes } from 'node:crypto';
import type { QueryRunner } from 'typeorm';
import { eventStoreMigrations } from '@rcrp/event-store';
import { messagingMigrations } from '@rcrp/messaging';
import { type MigrationClass } from '@rcrp/database';
import { projectionMigrations } from '@rcrp/projections';

/**
 * A throw-away schema in `rcrp_test` with the event store, relay/inbox and projection tables, owned by
 * `rcrp_owner` and used through the non-owner app role `rcrp_intake`, as in production. (Local stand-in until
 * @rcrp/testing's createTestSchema exists.)
 */
export interface TestSchema {
  schema: string;
  appRole: string;
  /** App-role pool (what a service uses). */
  pool: Pool;
  /** Owner pool (migrations, rebuilds). */
  ownerPool: Pool;
  drop(): Promise<void>;
}

const HOST = '127.0.0.1:5432';
const DATABASE = 'rcrp_test';

export async function createTestSchema(
  extra: (ctx: { schema: string; appRole: string }) => MigrationClass[] = () => [],
): Promise<TestSchema> {
  const schema = `t_msg_${randomBytes(5).toString('hex')}`;
  const appRole = 'rcrp_intake';
  const ownerPool = new Pool({
    connectionString: `postgres://rcrp_owner:rcrp_owner@${HOST}/${DATABASE}`,
    max: 4,
  });
  await ownerPool.query(`CREATE SCHEMA "${schema}"`);
  const ctx = { schema, appRole };
  const runner = { query: (sql: string) => ownerPool.query(sql) } as unknown as QueryRunner;
  for (const Migration of [
    ...eventStoreMigrations(ctx),
    ...messagingMigrations(ctx),
    ...projectionMigrations(ctx),
    ...extra(ctx),
  ]) {
    await new Migration().up(runner);
  }
  const pool = new Pool({ connectionString: `postgres://${appRole}:${appRole}@${HOST}/${DATABASE}`, max: 8 });
  return {
    schema,
    appRole,
    pool,
    ownerPool,
    async drop() {
      await pool.end();
      await ownerPool.query(`DROP SCHEMA "${schema}" CASCADE`);
      await ownerPool.end();
    },
  };
}

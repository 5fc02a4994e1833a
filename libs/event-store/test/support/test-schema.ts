import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { migrations } from '../../../../apps/intake/src/migrations';

/**
 * A throw-away schema in `rcrp_test`, migrated as `rcrp_owner` with the real TypeORM runner, and pools for the
 * owner and for the (non-owner) app role. Local until libs/testing offers `createTestSchema`.
 */
export interface TestSchema {
  schema: string;
  appRole: string;
  /** Connected as the service's app role: what the store uses. */
  appPool: Pool;
  /** Connected as the owner: for tampering and raw inspection only. */
  ownerPool: Pool;
  drop(): Promise<void>;
}

const HOST = process.env.PGHOST_TEST ?? '127.0.0.1:5432';
const OWNER_URL = process.env.TEST_DATABASE_OWNER_URL ?? `postgres://rcrp_owner:rcrp_owner@${HOST}/rcrp_test`;
const APP_ROLE = 'rcrp_intake';
const APP_URL = process.env.TEST_DATABASE_URL ?? `postgres://${APP_ROLE}:${APP_ROLE}@${HOST}/rcrp_test`;

export async function createStoreTestSchema(prefix = 'es'): Promise<TestSchema> {
  const schema = `${prefix}_test_${randomBytes(4).toString('hex')}`;
  const ownerPool = new Pool({ connectionString: OWNER_URL, max: 4 });
  await ownerPool.query(`CREATE SCHEMA "${schema}"`);
  const dataSource = new DataSource({
    type: 'postgres',
    url: OWNER_URL,
    schema,
    migrations: migrations({ schema, appRole: APP_ROLE }),
    migrationsTableName: 'migrations',
    logging: false,
  });
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  await dataSource.destroy();
  const appPool = new Pool({ connectionString: APP_URL, max: 25 });
  return {
    schema,
    appRole: APP_ROLE,
    appPool,
    ownerPool,
    async drop() {
      await appPool.end();
      await ownerPool.query(`DROP SCHEMA "${schema}" CASCADE`);
      await ownerPool.end();
    },
  };
}

import type { Pool } from 'pg';
import { assertIdentifier, createPool, withCredentials } from '@rcrp/database';
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

/**
 * A throw-away schema in `rcrp_test`, laid out like a service's: owned by rcrp_owner, USAGE (only) granted
 * to `appRole`. Tables created in it need explicit GRANTs to the app role, exactly as migrations must.
 */
export async function createTestSchema(prefix: string, appRole = 'rcrp_intake'): Promise<TestSchema> {
  assertIdentifier(appRole, 'appRole');
  const schema = assertIdentifier(uniqueName(prefix), 'schema');
  const ownerUrl = testOwnerUrl();
  const ownerPool = createPool({ url: ownerUrl, schema, applicationName: 'rcrp-test-owner', max: 4 });
  try {
    await ownerPool.query(`CREATE SCHEMA ${schema} AUTHORIZATION rcrp_owner`);
    await ownerPool.query(`GRANT USAGE ON SCHEMA ${schema} TO ${appRole}`);
  } catch (error) {
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

import type { Pool } from 'pg';
import { createPool, runMigrations, withCredentials } from '@rcrp/database';
import { createTestSchema, testOwnerUrl } from '@rcrp/testing';
import { migrations } from '../../../../apps/intake/src/migrations';

/**
 * libs/testing's throw-away schema, migrated with the intake service's real migrations through the shared
 * runner, plus an app-role pool large enough for the 20-writer race (the shared one has 8 connections).
 */
export interface TestSchema {
  schema: string;
  appRole: string;
  /** Connected as the service's app role (not the owner): what the store uses. */
  appPool: Pool;
  /** Connected as the owner: for tampering and raw inspection only. */
  ownerPool: Pool;
  drop(): Promise<void>;
}

export async function createStoreTestSchema(prefix = 'es'): Promise<TestSchema> {
  const base = await createTestSchema(prefix);
  const { schema, appRole } = base;
  await runMigrations({
    ownerUrl: testOwnerUrl(),
    schema,
    migrations: migrations({ schema, appRole }),
    log: () => {},
  });
  const appPool = createPool({ url: withCredentials(testOwnerUrl(), appRole, appRole), schema, max: 25 });
  return {
    schema,
    appRole,
    appPool,
    ownerPool: base.ownerPool,
    async drop() {
      await appPool.end();
      await base.drop();
    },
  };
}

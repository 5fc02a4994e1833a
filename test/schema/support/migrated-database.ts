import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { withCredentials, withDatabaseName } from '@rcrp/database';
import { testOwnerUrl, uniqueName } from '@rcrp/testing';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..', '..');

export interface MigratedDatabase {
  name: string;
  /** rcrp_owner on this database. */
  ownerUrl: string;
  drop(): Promise<void>;
}

/**
 * A database of its own, set up by scripts/infra/postgres.sh and migrated by `npm run migrate`, the same two steps
 * that make rcrp and rcrp_test, so what a test sees here is what production gets. rcrp and rcrp_test are never
 * touched: RCRP_RESET_TEST_DATABASE is cleared, or postgres.sh would drop rcrp_test under a running `npm test`.
 */
export async function createMigratedDatabase(prefix: string): Promise<MigratedDatabase> {
  const name = uniqueName(prefix);
  const ownerUrl = withDatabaseName(testOwnerUrl(), name);
  const env: NodeJS.ProcessEnv = { ...process.env, RCRP_DATABASES: name, RCRP_RESET_TEST_DATABASE: '0' };
  const database: MigratedDatabase = { name, ownerUrl, drop: () => dropDatabase(name) };
  try {
    await run('bash', ['scripts/infra/postgres.sh'], { cwd: ROOT, env });
    await run('npm', ['run', '-s', 'migrate', '--', '--database', name], { cwd: ROOT, env });
  } catch (error) {
    await database.drop();
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(
      `setting up database ${name} failed: ${(error as Error).message}\n${stdout ?? ''}${stderr ?? ''}`,
    );
  }
  return database;
}

/** As the superuser: a test that failed half-way may have left a connection open, and FORCE ends it. */
async function dropDatabase(name: string): Promise<void> {
  const client = new Client({
    connectionString: withDatabaseName(withCredentials(testOwnerUrl(), 'postgres', ''), 'postgres'),
  });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

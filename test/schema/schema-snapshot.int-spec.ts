import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { SERVICE_NAMES } from '@rcrp/database';
import { createMigratedDatabase, type MigratedDatabase } from './support/migrated-database';
import { dumpSchema } from './support/schema-dump';

/**
 * Issue 19: an applied migration never changes. Each service schema, migrated from nothing, must equal its committed
 * snapshot; a changed table is a new migration plus an updated snapshot, committed together.
 */
const UPDATE = process.env.UPDATE_SCHEMA_SNAPSHOTS === '1';
const ROOT = join(__dirname, '..', '..');

describe('schema snapshot: what the migrations make of each service schema', () => {
  let database: MigratedDatabase;

  beforeAll(async () => {
    database = await createMigratedDatabase('rcrp_schema_snapshot');
  });
  afterAll(() => database?.drop());

  it.each(SERVICE_NAMES)('%s: the migrated schema equals its committed snapshot', async (service) => {
    const file = join(__dirname, `${service}.schema.sql`);
    const actual = await dumpSchema(database.ownerUrl, database.name, service);
    if (UPDATE) {
      writeFileSync(file, actual);
      return;
    }
    const expected = existsSync(file) ? readFileSync(file, 'utf8') : '';
    if (actual !== expected) throw new Error(await mismatch(service, file, actual));
  });
});

async function mismatch(service: string, file: string, actual: string): Promise<string> {
  const snapshot = relative(ROOT, file);
  const scratch = mkdtempSync(join(tmpdir(), 'rcrp-schema-'));
  try {
    const actualFile = join(scratch, `${service}.schema.sql`);
    writeFileSync(actualFile, actual);
    const diff = await promisify(execFile)('diff', [
      '-u',
      existsSync(file) ? file : '/dev/null',
      actualFile,
    ]).then(
      () => '',
      (error: { stdout?: string }) => error.stdout ?? '',
    );
    return [
      `The migrated ${service} schema differs from ${snapshot}.`,
      'An applied migration must never change: revert it, and change a table with a NEW migration instead.',
      'If the new effect is intended, rewrite the snapshots with',
      '  UPDATE_SCHEMA_SNAPSHOTS=1 npx jest --selectProjects integration --runInBand --forceExit -- schema-snapshot',
      'and commit the new migration and the updated snapshot in the same commit.',
      '',
      diff,
    ].join('\n');
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

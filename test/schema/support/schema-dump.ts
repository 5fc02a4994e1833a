import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Client } from 'pg';

const run = promisify(execFile);

/**
 * What the migrations made of one service schema, as stable text: `pg_dump --schema-only` of the schema with owners
 * and privileges kept (the app role not owning its tables and not being granted UPDATE or DELETE on events are
 * guarantees, DESIGN §2), then the migrations the schema records as applied and the rows they seeded.
 */
export async function dumpSchema(ownerUrl: string, database: string, schema: string): Promise<string> {
  const { stdout } = await run('pg_dump', ['--schema-only', `--schema=${schema}`, ownerUrl], {
    maxBuffer: 16 * 1024 * 1024,
  });
  const client = new Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const applied = await client.query<{ name: string }>(
      `SELECT name FROM "${schema}".migrations ORDER BY id`,
    );
    const seeded = await client.query<{ name: string }>(
      `SELECT name FROM "${schema}".projection_checkpoints ORDER BY name`,
    );
    return [
      ...normalisePgDump(stdout, database),
      `-- applied migrations (${schema}.migrations, in order)`,
      ...applied.rows.map((row) => row.name),
      `-- rows seeded by migrations (${schema}.projection_checkpoints)`,
      ...seeded.rows.map((row) => row.name),
      '',
    ].join('\n');
  } finally {
    await client.end();
  }
}

/**
 * Drops what differs between two dumps of the same schema: comments and blank lines, session settings, the
 * `\restrict` key pg_dump 15.14+ draws at random, and anything naming the (random) database.
 */
function normalisePgDump(dump: string, database: string): string[] {
  return dump
    .split('\n')
    .map((line) => line.trimEnd())
    .filter(
      (line) =>
        line !== '' &&
        !line.startsWith('--') &&
        !line.startsWith('SET ') &&
        !line.startsWith('SELECT pg_catalog.set_config(') &&
        !line.startsWith('\\restrict ') &&
        !line.startsWith('\\unrestrict ') &&
        !line.includes(database),
    );
}

import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  checkDatabase,
  createPool,
  DatabaseUnavailableError,
  runMigrations,
  withTransaction,
  type MigrationClass,
} from '@rcrp/database';
import { createTestSchema, testOwnerUrl, type TestSchema } from '@rcrp/testing';

/** A migration like a service's: a table in the schema, written and read by the app role only. */
function notesMigration(schema: string, appRole: string): MigrationClass {
  return class Notes1700000000000 implements MigrationInterface {
    readonly name = 'Notes1700000000000';
    async up(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query(`CREATE TABLE ${schema}.notes (id serial PRIMARY KEY, body text NOT NULL)`);
      await queryRunner.query(`GRANT SELECT, INSERT ON ${schema}.notes TO ${appRole}`);
      await queryRunner.query(`GRANT USAGE ON SEQUENCE ${schema}.notes_id_seq TO ${appRole}`);
    }
    async down(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query(`DROP TABLE ${schema}.notes`);
    }
  };
}

describe('libs/database against the real PostgreSQL', () => {
  let intake: TestSchema;
  let triage: TestSchema;
  const quiet = () => undefined;

  beforeAll(async () => {
    intake = await createTestSchema('db_intake', 'rcrp_intake');
    triage = await createTestSchema('db_triage', 'rcrp_triage');
    for (const schema of [intake, triage]) {
      await runMigrations({
        ownerUrl: testOwnerUrl(),
        schema: schema.schema,
        migrations: [notesMigration(schema.schema, schema.appRole)],
        log: quiet,
      });
    }
  });

  afterAll(async () => {
    await intake?.drop();
    await triage?.drop();
  });

  it('writes and reads a row as the app role through the schema-bound pool (unqualified names)', async () => {
    const inserted = await intake.appPool.query<{ id: number }>(
      `INSERT INTO notes (body) VALUES ($1) RETURNING id`,
      ['advice given'],
    );
    const read = await intake.appPool.query<{ body: string; user: string }>(
      `SELECT body, current_user AS user FROM notes WHERE id = $1`,
      [inserted.rows[0].id],
    );
    expect(read.rows).toEqual([{ body: 'advice given', user: 'rcrp_intake' }]);
  });

  it("refuses the app role another service's schema", async () => {
    await expect(intake.appPool.query(`SELECT * FROM ${triage.schema}.notes`)).rejects.toMatchObject({
      code: '42501',
    });
  });

  it('refuses the app role DDL in its own schema (it is not the owner)', async () => {
    await expect(intake.appPool.query(`CREATE TABLE sneaky (id int)`)).rejects.toMatchObject({
      code: '42501',
    });
  });

  it('commits a transaction that resolves and rolls back one that throws', async () => {
    await withTransaction(intake.appPool, (client) =>
      client.query(`INSERT INTO notes (body) VALUES ('kept')`),
    );
    await expect(
      withTransaction(intake.appPool, async (client) => {
        await client.query(`INSERT INTO notes (body) VALUES ('rolled back')`);
        throw new Error('decider refused');
      }),
    ).rejects.toThrow('decider refused');
    const bodies = await intake.appPool.query<{ body: string }>(
      `SELECT body FROM notes WHERE body IN ('kept', 'rolled back')`,
    );
    expect(bodies.rows.map((row) => row.body)).toEqual(['kept']);
  });

  it('runs each migration once, also when several processes migrate at the same moment', async () => {
    const target = await createTestSchema('db_migrate');
    try {
      const migrations = [notesMigration(target.schema, target.appRole)];
      const runs = await Promise.all(
        [1, 2, 3].map(() =>
          runMigrations({ ownerUrl: testOwnerUrl(), schema: target.schema, migrations, log: quiet }),
        ),
      );
      expect(runs.flat()).toEqual(['Notes1700000000000']);
      const recorded = await target.ownerPool.query(`SELECT name FROM ${target.schema}.migrations`);
      expect(recorded.rows).toEqual([{ name: 'Notes1700000000000' }]);
    } finally {
      await target.drop();
    }
  });

  it('refuses to migrate a schema that does not exist', async () => {
    await expect(
      runMigrations({ ownerUrl: testOwnerUrl(), schema: 'no_such_schema_here', migrations: [], log: quiet }),
    ).rejects.toThrow(/schema "no_such_schema_here" does not exist/);
  });

  it('checkDatabase resolves when up and rejects quickly when nothing listens', async () => {
    await expect(checkDatabase(intake.appPool, 2_000)).resolves.toBeUndefined();
    const nowhere = createPool({
      url: 'postgres://rcrp_intake:rcrp_intake@127.0.0.1:1/rcrp_test',
      schema: 'intake',
    });
    const started = Date.now();
    await expect(checkDatabase(nowhere, 1_000)).rejects.toBeInstanceOf(DatabaseUnavailableError);
    // Not a speed test: far below the pool's own retrying, so the check cannot hang a readiness probe.
    expect(Date.now() - started).toBeLessThan(10_000);
    await nowhere.end();
  });
});

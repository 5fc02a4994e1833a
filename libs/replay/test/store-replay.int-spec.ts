import { v7 as uuidv7 } from 'uuid';
import { runMigrations } from '@rcrp/database';
import { EventStore } from '@rcrp/event-store';
import { personalFieldsOf, upcast } from '@rcrp/events';
import { sampleEnvelope } from '@rcrp/events/testing/sample-events';
import { silentLogger } from '@rcrp/messaging';
import { decodeMasterKey, PersonalDataCipher } from '@rcrp/personal-data';
import { ProjectionRunner } from '@rcrp/projections';
import { createTestSchema, testOwnerUrl, waitFor, type TestSchema } from '@rcrp/testing';
import { migrations } from '../../../apps/intake/src/migrations';
import { incidentListProjection } from '../../../apps/intake/src/projections/incident-list.projection';
import { replay } from './support';

jest.setTimeout(60_000);

/** A throw-away schema migrated like intake's, with reports appended through the real store (personal fields encrypted). */
describe('npm run replay -- --verify / --projection (real PostgreSQL)', () => {
  let db: TestSchema;
  let store: EventStore;
  const env = (): Record<string, string> => ({ DATABASE_SCHEMA: db.schema });

  beforeAll(async () => {
    db = await createTestSchema('replay_store', 'rcrp_intake');
    await runMigrations({
      ownerUrl: testOwnerUrl(),
      schema: db.schema,
      migrations: migrations({ schema: db.schema, appRole: db.appRole }),
      log: () => {},
    });
    const cipher = new PersonalDataCipher({
      pool: db.appPool,
      schema: db.schema,
      masterKey: decodeMasterKey(process.env.PERSONAL_DATA_MASTER_KEY!),
    });
    store = new EventStore({ pool: db.appPool, schema: db.schema, personalFieldsOf, cipher, upcast });
    for (let index = 0; index < 12; index += 1) {
      const incidentId = uuidv7();
      const report = sampleEnvelope('IncidentReported', {
        eventId: uuidv7(),
        incidentId,
        streamId: `incident-${incidentId}`,
      });
      const {
        streamVersion: _v,
        recordedAt: _r,
        ...event
      } = { ...report, data: { ...report.data, incidentId } };
      await store.append(`incident-${incidentId}`, 'no-stream', [event]);
    }
    const runner = new ProjectionRunner({
      schema: db.schema,
      pool: db.appPool,
      events: store,
      projections: [incidentListProjection],
      logger: silentLogger,
    });
    // The gap-safe feed shows a commit once every transaction older than it (anywhere in the cluster) has ended.
    let applied = 0;
    await waitFor(async () => (applied += await runner.catchUp()) >= 12, {
      timeoutMs: 30_000,
      description: '12 reports in the live projection',
    });
  });
  afterAll(() => db.drop());

  const liveRows = async (): Promise<unknown[]> =>
    (await db.ownerPool.query(`SELECT * FROM "${db.schema}".incident_list ORDER BY incident_id`)).rows;

  it('a rebuilt projection equals the live one', async () => {
    const before = await liveRows();
    expect(before).toHaveLength(12);
    const run = await replay(['--projection', 'intake.incident_list'], env());
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('rows before: 12, rows after: 12');
    expect(run.stdout).toContain('no difference');
    expect(await liveRows()).toEqual(before);
  });

  it('a drifted live projection is repaired and the difference reported', async () => {
    const before = await liveRows();
    await db.ownerPool.query(
      `DELETE FROM "${db.schema}".incident_list WHERE incident_id = (SELECT incident_id FROM "${db.schema}".incident_list ORDER BY incident_id LIMIT 1)`,
    );
    const run = await replay(['--projection', 'intake.incident_list'], env());
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('rows before: 11, rows after: 12');
    expect(run.stdout).toContain('DIFFERENCE: 0 rows only in the old table, 1 only in the rebuilt one');
    expect(await liveRows()).toEqual(before);
  });

  it('refuses an unregistered projection with exit code 2', async () => {
    const run = await replay(['--projection', 'intake.no_such_list'], env());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('registered: intake.incident_list');
  });

  it('--verify passes on untouched streams and reports a tampered event with exit code 1', async () => {
    const clean = await replay(['--verify', '--service', 'intake'], env());
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/12 streams, 12 events, OK/);

    const { rows } = await db.ownerPool.query(
      `SELECT stream_id, event_id FROM "${db.schema}".events ORDER BY stream_id LIMIT 1`,
    );
    const client = await db.ownerPool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`ALTER TABLE "${db.schema}".events DISABLE TRIGGER USER`);
      await client.query(
        `UPDATE "${db.schema}".events SET data = jsonb_set(data, '{category}', '"forged"') WHERE event_id = $1`,
        [rows[0].event_id],
      );
      await client.query(`ALTER TABLE "${db.schema}".events ENABLE TRIGGER USER`);
      await client.query('COMMIT');
    } finally {
      client.release();
    }

    const tampered = await replay(['--verify', '--service', 'intake'], env());
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toContain('1 BROKEN');
    expect(tampered.stdout).toContain(
      `${rows[0].stream_id}: first broken event v1 (${rows[0].event_id}): hash-mismatch`,
    );
  });
});

import { EventStore } from '@rcrp/event-store';
import type { EventEnvelope } from '@rcrp/events';
import { silentLogger } from '@rcrp/messaging';
import { withTransaction } from '@rcrp/database';
import {
  applyConsumedEvent,
  liveTable,
  ProjectionRebuilder,
  ProjectionRunner,
  projectionTableMigration,
  type Projection,
} from '@rcrp/projections';
import { createTestSchema, eventSourcingTables, testEvent, waitFor, type TestSchema } from '@rcrp/testing';
import { v7 as uuidv7 } from 'uuid';

/** Events per incident and the last type: order-sensitive enough to show a wrong or partial replay. */
const incidentSummary: Projection = {
  name: 'incident_summary',
  tables: (table) => [
    `CREATE TABLE ${table} (incident_id uuid PRIMARY KEY, events integer NOT NULL, last_version integer NOT NULL, last_type text NOT NULL)`,
  ],
  apply: async (event, tx, table) => {
    // Guarded by stream version, so applying the same event twice (live + replay during a rebuild) is harmless.
    await tx.query(
      `INSERT INTO ${table} AS t (incident_id, events, last_version, last_type) VALUES ($1, 1, $2, $3)
       ON CONFLICT (incident_id) DO UPDATE SET events = t.events + 1, last_version = excluded.last_version, last_type = excluded.last_type
       WHERE t.last_version < excluded.last_version`,
      [event.incidentId, event.streamVersion, event.type],
    );
  },
};

// Kafka group joins and hand-overs take seconds (the project-level testTimeout is not applied by jest 29).
jest.setTimeout(60_000);

describe('projections: incremental vs rebuilt (PostgreSQL)', () => {
  let db: TestSchema;
  let store: EventStore;

  beforeEach(async () => {
    db = await createTestSchema('projections', 'rcrp_intake', {
      migrations: (ctx) => [
        ...eventSourcingTables(ctx),
        projectionTableMigration(ctx, incidentSummary, 1767225900000),
      ],
    });
    store = new EventStore({ pool: db.appPool, schema: db.schema });
  });
  afterEach(() => db.drop());

  const rows = async () =>
    (await db.appPool.query(`SELECT * FROM ${liveTable(db.schema, 'incident_summary')} ORDER BY incident_id`))
      .rows;

  async function appendSome(incidents: string[], perIncident: number): Promise<void> {
    for (const incidentId of incidents) {
      const { rows: head } = await db.appPool.query(
        `SELECT coalesce(max(stream_version), 0) AS v FROM "${db.schema}".events WHERE stream_id = $1`,
        [`incident-${incidentId}`],
      );
      const types = ['IncidentReported', 'IncidentDetailsAmended', 'IncidentWithdrawn'];
      await store.append(
        `incident-${incidentId}`,
        Number(head[0].v),
        Array.from({ length: perIncident }, (_, index) => testEvent(incidentId, types[index % 3])),
      );
    }
  }

  it('own store: the runner builds it incrementally; a rebuild during live appends swaps in an equal table', async () => {
    const incidents = Array.from({ length: 5 }, () => uuidv7());
    const runner = new ProjectionRunner({
      schema: db.schema,
      pool: db.appPool,
      events: store,
      projections: [incidentSummary],
      decode: false,
      batchSize: 7,
      pollIntervalMs: 200,
      logger: silentLogger,
    });
    runner.start();
    try {
      await appendSome(incidents, 4);
      await waitFor(async () => (await rows()).reduce((sum, row) => sum + row.events, 0) === 20, {
        timeoutMs: 15_000,
        description: '20 events projected',
      });
      const incremental = await rows();

      const rebuilder = new ProjectionRebuilder({
        ownerPool: db.ownerPool,
        schema: db.schema,
        appRole: db.appRole,
        projections: [incidentSummary],
        batchSize: 3,
      });
      // Live writes keep coming while the shadow is built.
      const [report] = await Promise.all([
        rebuilder.rebuild('incident_summary', { kind: 'store', events: store, decode: false }),
        appendSome(incidents.slice(0, 2), 2),
      ]);
      expect(report).toMatchObject({ name: 'incident_summary', rowsBefore: 5, rowsAfter: 5 });
      expect(report.eventsApplied).toBeGreaterThanOrEqual(20);

      await waitFor(async () => (await rows()).reduce((sum, row) => sum + row.events, 0) === 24, {
        timeoutMs: 15_000,
        description: '24 events after the swap',
      });
      const afterRebuild = await rows();
      // What an incremental build from scratch gives for the same store:
      const expected = incremental.map((row) =>
        incidents.slice(0, 2).includes(row.incident_id)
          ? { ...row, events: 6, last_version: 6, last_type: 'IncidentDetailsAmended' }
          : row,
      );
      expect(afterRebuild).toEqual(expected);
      // The swapped-in table is still writable by the service role.
      await appendSome([incidents[4]], 1);
      await waitFor(
        async () => (await rows()).find((row) => row.incident_id === incidents[4])?.events === 5,
        { timeoutMs: 10_000, description: 'live write after swap' },
      );
    } finally {
      await runner.stop();
    }
  });

  it('consumed topics: a rebuild from a replay source equals the incrementally applied table', async () => {
    const incidentId = uuidv7();
    const consumed: EventEnvelope[] = Array.from({ length: 6 }, (_, index) => ({
      ...testEvent(incidentId, index === 5 ? 'IncidentWithdrawn' : 'IncidentDetailsAmended'),
      streamVersion: index + 1,
      recordedAt: new Date().toISOString(),
    }));
    // Live: applied inside the consumer's transaction, one event at a time.
    for (const event of consumed.slice(0, 4)) {
      await withTransaction(db.appPool, (tx) => applyConsumedEvent(tx, db.schema, incidentSummary, event));
    }
    const incremental = await rows();

    const rebuilder = new ProjectionRebuilder({
      ownerPool: db.ownerPool,
      schema: db.schema,
      appRole: db.appRole,
      projections: [incidentSummary],
    });
    const consumeLive = (event: EventEnvelope) =>
      withTransaction(db.appPool, (tx) => applyConsumedEvent(tx, db.schema, incidentSummary, event));
    // The replay is slow: event 5 is consumed live and then also replayed; event 6 is consumed live only.
    // Neither may be lost or applied twice by the swap.
    async function* replay(): AsyncGenerator<EventEnvelope> {
      for (const event of consumed.slice(0, 4)) yield event;
      await consumeLive(consumed[4]);
      yield consumed[4];
      await consumeLive(consumed[5]);
    }
    const report = await rebuilder.rebuild('incident_summary', { kind: 'events', events: replay() });
    expect(report).toMatchObject({ rowsBefore: 1, rowsAfter: 1, eventsApplied: 6 });
    expect(incremental).toEqual([
      { incident_id: incidentId, events: 4, last_version: 4, last_type: 'IncidentDetailsAmended' },
    ]);
    expect(await rows()).toEqual([
      { incident_id: incidentId, events: 6, last_version: 6, last_type: 'IncidentWithdrawn' },
    ]);
  });
});

import { EventStore } from '@rcrp/event-store';
import { Degraded, projectionsHealthCheck } from '@rcrp/observability';
import { silentLogger } from '@rcrp/messaging';
import { liveTable, ProjectionRunner, projectionTableMigration, type Projection } from '@rcrp/projections';
import { createTestSchema, eventSourcingTables, testEvent, waitFor, type TestSchema } from '@rcrp/testing';
import { v7 as uuidv7 } from 'uuid';

/** Issue 15: one projection that cannot apply a stored event must not delay another, and is reported once stalled. */

/** Fails on the poison event as a real read model would: a NOT NULL column refuses the value (SQLSTATE 23502). */
const fragile: Projection = {
  name: 'fragile_reasons',
  tables: (table) => [`CREATE TABLE ${table} (event_id uuid PRIMARY KEY, reason text NOT NULL)`],
  apply: async (event, tx, table) => {
    const reason = (event.data as { reason: string }).reason;
    await tx.query(`INSERT INTO ${table} (event_id, reason) VALUES ($1, $2)`, [
      event.eventId,
      reason === 'poison' ? null : reason,
    ]);
  },
};

/** Applies anything. */
const sturdy: Projection = {
  name: 'sturdy_count',
  tables: (table) => [`CREATE TABLE ${table} (event_id uuid PRIMARY KEY)`],
  apply: async (event, tx, table) => {
    await tx.query(`INSERT INTO ${table} (event_id) VALUES ($1) ON CONFLICT DO NOTHING`, [event.eventId]);
  },
};

jest.setTimeout(60_000);

describe('projections run, checkpoint and back off independently (PostgreSQL)', () => {
  let db: TestSchema;
  let store: EventStore;
  let runner: ProjectionRunner;

  beforeEach(async () => {
    db = await createTestSchema('projections', 'rcrp_intake', {
      migrations: (ctx) => [
        ...eventSourcingTables(ctx),
        projectionTableMigration(ctx, fragile, 1767225900000),
        projectionTableMigration(ctx, sturdy, 1767225900001),
      ],
    });
    store = new EventStore({ pool: db.appPool, schema: db.schema });
    runner = new ProjectionRunner({
      schema: db.schema,
      pool: db.appPool,
      events: store,
      projections: [fragile, sturdy],
      decode: false,
      pollIntervalMs: 200,
      stalledAfterMs: 1_000,
      logger: silentLogger,
    });
  });
  afterEach(async () => {
    await runner.stop();
    await db.drop();
  });

  const count = async (projection: Projection) =>
    (await db.appPool.query(`SELECT count(*)::int AS n FROM ${liveTable(db.schema, projection.name)}`))
      .rows[0].n as number;

  async function append(incidentId: string, reasons: string[]): Promise<void> {
    const { rows } = await db.appPool.query(
      `SELECT coalesce(max(stream_version), 0)::int AS v FROM "${db.schema}".events WHERE stream_id = $1`,
      [`incident-${incidentId}`],
    );
    await store.append(
      `incident-${incidentId}`,
      rows[0].v,
      reasons.map((reason) => testEvent(incidentId, 'IncidentWithdrawn', { reason })),
    );
  }

  it('the healthy projection keeps up while the other is stuck at the poison event, which is reported', async () => {
    const incidentId = uuidv7();
    runner.start();
    // Two good events and the poison in one batch: the failing projection still applies the two before it.
    await append(incidentId, ['first', 'second', 'poison', 'after']);
    const { rows: poison } = await db.appPool.query(
      `SELECT position::text AS position FROM "${db.schema}".events WHERE data->>'reason' = 'poison'`,
    );

    await waitFor(async () => (await count(sturdy)) === 4, {
      timeoutMs: 10_000,
      description: 'sturdy projection applies all four',
    });
    await waitFor(async () => (await count(fragile)) === 2, {
      timeoutMs: 10_000,
      description: 'fragile projection up to the poison',
    });
    await waitFor(() => runner.status().find((status) => status.name === fragile.name)!.stalled, {
      timeoutMs: 10_000,
      description: 'fragile projection reported stalled',
    });

    // By now the fragile one is several back-offs deep; a new event still reaches the sturdy one at once.
    const started = Date.now();
    await append(uuidv7(), ['later']);
    await waitFor(async () => (await count(sturdy)) === 5, {
      timeoutMs: 5_000,
      description: 'a new event reaches the sturdy projection',
    });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(await count(fragile)).toBe(2);

    const [fragileStatus, sturdyStatus] = runner.status();
    expect(fragileStatus).toMatchObject({
      name: 'fragile_reasons',
      stalled: true,
      lastError: 'DatabaseError (23502)',
      failure: { errorClass: 'DatabaseError', errorCode: '23502', position: poison[0].position },
    });
    expect(sturdyStatus).toMatchObject({ name: 'sturdy_count', stalled: false, failure: null });
    // Read-your-writes of the healthy one is not failed by the stuck one.
    await expect(runner.catchUp()).resolves.toBe(0);

    const check = await projectionsHealthCheck(() => runner.status()).check();
    expect(check).toBeInstanceOf(Degraded);
    expect((check as Degraded).details).toMatchObject({
      stalled: [
        {
          projection: 'fragile_reasons',
          position: poison[0].position,
          eventType: 'IncidentWithdrawn',
          error: 'DatabaseError (23502)',
        },
      ],
    });
    // The check's answer carries no value of the event (the error message would have quoted none here, but the
    // check never reads messages at all).
    expect(JSON.stringify(check)).not.toContain('poison');
  });
});

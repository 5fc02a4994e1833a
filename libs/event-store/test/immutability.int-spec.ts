import { EventStore } from '@rcrp/event-store';
import { newEvent, newStreamId } from './support/events';
import { createStoreTestSchema, TestSchema } from './support/test-schema';

describe('events are immutable and tamper-evident (real PostgreSQL)', () => {
  let db: TestSchema;
  let store: EventStore;
  let streamId: string;
  let table: string;

  beforeAll(async () => {
    db = await createStoreTestSchema('immutable');
    store = new EventStore({ pool: db.appPool, schema: db.schema });
    table = `"${db.schema}".events`;
    streamId = newStreamId();
    await store.append(streamId, 'no-stream', [
      newEvent(streamId, 'IncidentNoted', { note: 'first' }),
      newEvent(streamId, 'IncidentNoted', { note: 'second' }),
      newEvent(streamId, 'IncidentNoted', { note: 'third' }),
    ]);
  });
  afterAll(() => db.drop());

  it.each([
    ['UPDATE', (t: string) => `UPDATE ${t} SET type = 'Forged'`],
    ['DELETE', (t: string) => `DELETE FROM ${t}`],
    ['TRUNCATE', (t: string) => `TRUNCATE ${t}`],
  ])('%s as the service role fails', async (_, sql) => {
    await expect(db.appPool.query(sql(table))).rejects.toThrow(/permission denied/);
  });

  it.each([
    ['UPDATE', (t: string) => `UPDATE ${t} SET type = 'Forged'`],
    ['DELETE', (t: string) => `DELETE FROM ${t}`],
    ['TRUNCATE', (t: string) => `TRUNCATE ${t}`],
    ['an UPDATE matching no row', (t: string) => `UPDATE ${t} SET type = 'Forged' WHERE false`],
  ])('%s as the owner is refused by the trigger', async (_, sql) => {
    await expect(db.ownerPool.query(sql(table))).rejects.toThrow(/events are immutable/);
  });

  it('the service role cannot switch the triggers off', async () => {
    await expect(db.appPool.query(`ALTER TABLE ${table} DISABLE TRIGGER USER`)).rejects.toThrow(
      /must be owner/,
    );
  });

  it('a row altered by the owner (triggers disabled) is reported by verifyStream and verifyAll', async () => {
    expect(await store.verifyStream(streamId)).toEqual({ ok: true, events: 3 });
    const { rows } = await db.ownerPool.query<{ event_id: string }>(
      `SELECT event_id::text FROM ${table} WHERE stream_id = $1 AND stream_version = 2`,
      [streamId],
    );
    await asOwnerWithoutTriggers(
      `UPDATE ${table} SET data = '{"note": "rewritten"}' WHERE stream_id = $1 AND stream_version = 2`,
      [streamId],
    );

    expect(await store.verifyStream(streamId)).toEqual({
      ok: false,
      firstBrokenVersion: 2,
      eventId: rows[0].event_id,
      reason: 'hash-mismatch',
    });
    const all = await store.verifyAll();
    expect(all.ok).toBe(false);
    expect(all.broken).toEqual([
      { streamId, firstBrokenVersion: 2, eventId: rows[0].event_id, reason: 'hash-mismatch' },
    ]);
  });

  it.each([
    ['metadata', `metadata = jsonb_set(metadata, '{actor,id}', '"PC-0000"')`],
    ['recorded_at', `recorded_at = recorded_at - interval '1 hour'`],
    ['schema_version', `schema_version = 2`],
    ['event_id', `event_id = gen_random_uuid()`],
  ])('altering %s is detected too', async (_, assignment) => {
    const other = newStreamId();
    await store.append(other, 'no-stream', [newEvent(other), newEvent(other)]);
    await asOwnerWithoutTriggers(
      `UPDATE ${table} SET ${assignment} WHERE stream_id = $1 AND stream_version = 1`,
      [other],
    );
    expect(await store.verifyStream(other)).toMatchObject({
      ok: false,
      firstBrokenVersion: 1,
      reason: 'hash-mismatch',
    });
  });

  it('a deleted event in the middle of a stream is reported as a version gap', async () => {
    const other = newStreamId();
    await store.append(other, 'no-stream', [newEvent(other), newEvent(other), newEvent(other)]);
    await asOwnerWithoutTriggers(`DELETE FROM ${table} WHERE stream_id = $1 AND stream_version = 2`, [other]);
    expect(await store.verifyStream(other)).toEqual({
      ok: false,
      firstBrokenVersion: 2,
      eventId: null,
      reason: 'version-gap',
    });
  });

  async function asOwnerWithoutTriggers(sql: string, params: unknown[]): Promise<void> {
    const client = await db.ownerPool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`ALTER TABLE ${table} DISABLE TRIGGER USER`);
      await client.query(sql, params);
      await client.query(`ALTER TABLE ${table} ENABLE TRIGGER USER`);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
  }
});

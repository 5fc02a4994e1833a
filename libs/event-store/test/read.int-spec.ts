import type { EventEnvelope } from '@rcrp/events';
import { EventStore, ReadAllResult } from '@rcrp/event-store';
import { newEvent, newStreamId } from './support/events';
import { createStoreTestSchema, TestSchema } from './support/test-schema';

describe('EventStore reads (real PostgreSQL)', () => {
  let db: TestSchema;

  beforeAll(async () => {
    db = await createStoreTestSchema('read');
  });
  afterAll(() => db.drop());

  it('upcasts older schema versions on read, leaving the stored event unchanged', async () => {
    // v1 `{ name }` became v2 `{ fullName }`.
    const upcast = (event: EventEnvelope): EventEnvelope =>
      event.type === 'OfficerNoted' && event.schemaVersion === 1
        ? { ...event, schemaVersion: 2, data: { fullName: (event.data as { name: string }).name } }
        : event;
    const store = new EventStore({ pool: db.appPool, schema: db.schema, upcast });
    const streamId = newStreamId();
    await store.append(streamId, 'no-stream', [newEvent(streamId, 'OfficerNoted', { name: 'PC Smith' })]);
    await store.append(streamId, 1, [
      newEvent(streamId, 'OfficerNoted', { fullName: 'PC Jones' }, { schemaVersion: 2 }),
    ]);

    const read = await store.readStream(streamId);
    expect(read.map((e) => [e.schemaVersion, e.data])).toEqual([
      [2, { fullName: 'PC Smith' }],
      [2, { fullName: 'PC Jones' }],
    ]);
    const raw = await store.readAll(null, 100);
    expect(raw.events.find((f) => f.event.streamId === streamId)?.event).toMatchObject({
      schemaVersion: 1,
      data: { name: 'PC Smith' },
    });
    expect(await store.verifyStream(streamId)).toEqual({ ok: true, events: 2 });
  });

  it('reads a stream as of a past moment, and by version range', async () => {
    let clock = new Date('2026-11-23T21:00:00.000Z');
    const store = new EventStore({ pool: db.appPool, schema: db.schema, now: () => clock });
    const streamId = newStreamId();
    await store.append(streamId, 'no-stream', [newEvent(streamId), newEvent(streamId)]);
    clock = new Date('2026-11-23T22:00:00.000Z');
    await store.append(streamId, 2, [newEvent(streamId)]);
    clock = new Date('2026-11-23T21:30:00.000Z'); // a slow clock on another instance must not reorder history
    await store.append(streamId, 3, [newEvent(streamId)]);

    const versions = async (options: Parameters<EventStore['readStream']>[1]) =>
      (await store.readStream(streamId, options)).map((e) => e.streamVersion);
    expect(await versions({ asOf: '2026-11-23T20:59:59.999Z' })).toEqual([]);
    expect(await versions({ asOf: '2026-11-23T21:00:00.000Z' })).toEqual([1, 2]);
    expect(await versions({ asOf: new Date('2026-11-23T21:59:00Z') })).toEqual([1, 2]);
    expect(await versions({ asOf: '2026-11-23T22:00:00Z' })).toEqual([1, 2, 3, 4]);
    expect(await versions({ fromVersion: 2, toVersion: 3 })).toEqual([2, 3]);
    const read = await store.readStream(streamId);
    expect(read[3].recordedAt).toBe('2026-11-23T22:00:00.000Z');
  });

  it('readAll is gap-safe: an event whose transaction commits late is delivered, in (transaction, position) order', async () => {
    const store = new EventStore({ pool: db.appPool, schema: db.schema });
    const drained = await readUntilStable(store, null);
    const early = newStreamId();
    const late = newStreamId();

    const txA = await db.appPool.connect();
    try {
      await txA.query('BEGIN');
      const a = await store.within(txA).append(early, 'no-stream', [newEvent(early)]);
      const b = await store.append(late, 'no-stream', [newEvent(late), newEvent(late)]); // commits first
      expect(BigInt(b.positions[0])).toBeGreaterThan(BigInt(a.positions[0]));

      const whileOpen = await store.readAll(drained, 100);
      const seen = whileOpen.events.map((f) => f.event.streamId);
      expect(seen).not.toContain(early);
      expect(seen).not.toContain(late); // B's positions are past A's, and A may still commit

      await txA.query('COMMIT');
      const ours = (result: ReadAllResult) =>
        result.events.filter((f) => [early, late].includes(f.event.streamId));
      const after = await readUntil(store, drained, (result) => ours(result).length >= 3);
      expect(ours(after).map((f) => [f.event.streamId, f.position])).toEqual([
        [early, a.positions[0]],
        [late, b.positions[0]],
        [late, b.positions[1]],
      ]);
      const last = after.events[after.events.length - 1];
      expect(after.checkpoint).toEqual({ txId: last.txId, position: last.position });
    } finally {
      txA.release();
    }
  });

  it('readAll pages through everything exactly once with its returned checkpoints', async () => {
    const store = new EventStore({ pool: db.appPool, schema: db.schema });
    const streamId = newStreamId();
    await store.append(
      streamId,
      'no-stream',
      // Enough events that positions cross from two to three digits: ordering must be numeric, not textual.
      Array.from({ length: 120 }, () => newEvent(streamId)),
    );
    const { rows } = await db.ownerPool.query<{ n: string }>(
      `SELECT count(*) AS n FROM "${db.schema}".events`,
    );

    const seen: string[] = [];
    let checkpoint = null;
    const deadline = Date.now() + 20_000;
    while (seen.length < Number(rows[0].n) && Date.now() < deadline) {
      const page: ReadAllResult = await store.readAll(checkpoint, 7);
      seen.push(...page.events.map((f) => f.event.eventId));
      checkpoint = page.checkpoint;
    }
    expect(seen).toHaveLength(Number(rows[0].n));
    expect(new Set(seen).size).toBe(seen.length);
    const ours = (await store.readStream(streamId)).map((event) => event.eventId);
    expect(seen.filter((eventId) => ours.includes(eventId))).toEqual(ours); // one transaction: position order
  });
});

/**
 * readAll holds back while any older transaction in the cluster is open (other test suites share the server),
 * so waiting for an expected result polls briefly instead of assuming the first read is complete.
 */
async function readUntil(
  store: EventStore,
  from: ReadAllResult['checkpoint'],
  done: (result: ReadAllResult) => boolean,
): Promise<ReadAllResult> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const result = await store.readAll(from, 1000);
    if (done(result) || Date.now() > deadline) return result;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function readUntilStable(store: EventStore, from: ReadAllResult['checkpoint']) {
  let checkpoint = from;
  for (;;) {
    const result = await readUntil(store, checkpoint, () => true);
    if (result.events.length === 0) return checkpoint;
    checkpoint = result.checkpoint;
  }
}

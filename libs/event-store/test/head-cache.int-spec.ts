import { ConcurrencyError, EventStore } from '@rcrp/event-store';
import { newEvent, newStreamId } from './support/events';
import { createStoreTestSchema, TestSchema } from './support/test-schema';

/**
 * Each store remembers the heads it committed or read to the end, and appends at that head without reading it.
 * Two stores on one schema stand for two service instances: a remembered head that another instance has moved
 * past must still give a ConcurrencyError, an idempotent repeat, and an unbroken chain.
 */
describe('EventStore stream-head cache across instances (real PostgreSQL)', () => {
  let db: TestSchema;
  let first: EventStore;
  let second: EventStore;

  beforeAll(async () => {
    db = await createStoreTestSchema('headcache');
    first = new EventStore({ pool: db.appPool, schema: db.schema });
    second = new EventStore({ pool: db.appPool, schema: db.schema });
  });
  afterAll(() => db.drop());

  it('refuses an append at a head another instance has moved past, then appends at the real head', async () => {
    const streamId = newStreamId();
    await first.append(streamId, 'no-stream', [newEvent(streamId)]);
    await second.append(streamId, 1, [newEvent(streamId)]);

    const stale = first.append(streamId, 1, [newEvent(streamId)]);
    await expect(stale).rejects.toBeInstanceOf(ConcurrencyError);
    await expect(stale).rejects.toMatchObject({ expected: 1, actual: 2 });

    await first.append(streamId, 2, [newEvent(streamId)]);
    await second.append(streamId, 3, [newEvent(streamId)]);
    expect(await first.verifyStream(streamId)).toEqual({ ok: true, events: 4 });
  });

  it('returns the original result when another instance already stored the same events at the remembered head', async () => {
    const streamId = newStreamId();
    await first.append(streamId, 'no-stream', [newEvent(streamId)]);
    const repeated = [newEvent(streamId)];
    const original = await second.append(streamId, 1, repeated);

    const again = await first.append(streamId, 1, repeated);
    expect(again).toMatchObject({ idempotent: true, nextVersion: 2, positions: original.positions });
    expect(await first.verifyStream(streamId)).toEqual({ ok: true, events: 2 });
  });

  it('appends at a head learnt from a full readStream, chaining onto it', async () => {
    const streamId = newStreamId();
    await second.append(streamId, 'no-stream', [newEvent(streamId), newEvent(streamId)]);
    await first.readStream(streamId);

    await first.append(streamId, 2, [newEvent(streamId)]);
    expect(await second.verifyStream(streamId)).toEqual({ ok: true, events: 3 });
  });

  it('does not remember an append made in a caller transaction that rolls back', async () => {
    const streamId = newStreamId();
    await first.append(streamId, 'no-stream', [newEvent(streamId)]);
    const client = await db.appPool.connect();
    try {
      await client.query('BEGIN');
      await first.within(client).append(streamId, 1, [newEvent(streamId)]);
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }

    await second.append(streamId, 1, [newEvent(streamId)]);
    await expect(first.append(streamId, 2, [newEvent(streamId)])).resolves.toMatchObject({ nextVersion: 3 });
    expect(await first.verifyStream(streamId)).toEqual({ ok: true, events: 3 });
  });
});

import { Client } from 'pg';
import { EventStore, eventsNotifyChannel } from '@rcrp/event-store';
import { testOwnerUrl } from '@rcrp/testing';
import { newEvent, newStreamId } from './support/events';
import { createStoreTestSchema, TestSchema } from './support/test-schema';

/**
 * The relay is woken by LISTEN/NOTIFY on `<schema>_events`: exactly once per committed append, whoever commits it.
 * The store's own appends notify after their commit (CommitNotifier) and the trigger stays silent for them;
 * appends in a caller's transaction and hand-written inserts are announced by the trigger at commit.
 */
describe('EventStore commit notifications (real PostgreSQL)', () => {
  let db: TestSchema;
  let store: EventStore;
  let listener: Client;
  const received: string[] = [];

  beforeAll(async () => {
    db = await createStoreTestSchema('notify');
    store = new EventStore({ pool: db.appPool, schema: db.schema });
    listener = new Client({ connectionString: testOwnerUrl() });
    await listener.connect();
    listener.on('notification', (message) => received.push(message.channel));
    await listener.query(`LISTEN "${eventsNotifyChannel(db.schema)}"`);
  });
  afterAll(async () => {
    await listener.end();
    await db.drop();
  });
  beforeEach(() => {
    received.length = 0;
  });

  const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

  it('announces a store append once, after it has committed', async () => {
    const streamId = newStreamId();
    await store.append(streamId, 'no-stream', [newEvent(streamId), newEvent(streamId)]);
    await settle();
    expect(received).toEqual([eventsNotifyChannel(db.schema)]);
  });

  it('announces an append in a caller transaction once, at the caller commit, and not before', async () => {
    const streamId = newStreamId();
    const client = await db.appPool.connect();
    try {
      await client.query('BEGIN');
      await store.within(client).append(streamId, 'no-stream', [newEvent(streamId)]);
      await settle();
      expect(received).toEqual([]);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    await settle();
    expect(received).toEqual([eventsNotifyChannel(db.schema)]);
  });

  it('announces a hand-written insert (the trigger still notifies when the store did not mark the transaction)', async () => {
    const streamId = newStreamId();
    await db.ownerPool.query(
      `INSERT INTO "${db.schema}".events (stream_id, stream_version, event_id, type, schema_version, data, metadata, hash)
       VALUES ($1, 1, gen_random_uuid(), 'HandWritten', 1, '{}', '{}', decode(repeat('00', 32), 'hex'))`,
      [streamId],
    );
    await settle();
    expect(received).toEqual([eventsNotifyChannel(db.schema)]);
  });
});

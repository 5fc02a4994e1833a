import { ConcurrencyError, EventStore, IdempotencyConflictError } from '@rcrp/event-store';
import { waitFor } from '@rcrp/testing';
import { newEvent, newStreamId } from './support/events';
import { createStoreTestSchema, TestSchema } from './support/test-schema';

describe('EventStore.append (real PostgreSQL)', () => {
  let db: TestSchema;
  let store: EventStore;

  beforeAll(async () => {
    db = await createStoreTestSchema('append');
    store = new EventStore({ pool: db.appPool, schema: db.schema });
  });
  afterAll(() => db.drop());

  async function storedRows(streamId: string) {
    const { rows } = await db.ownerPool.query<{ stream_version: number; event_id: string }>(
      `SELECT stream_version, event_id::text FROM "${db.schema}".events WHERE stream_id = $1 ORDER BY stream_version`,
      [streamId],
    );
    return rows;
  }

  it('appends a batch with consecutive versions and positions, and reads it back', async () => {
    const streamId = newStreamId();
    const events = [newEvent(streamId), newEvent(streamId), newEvent(streamId)];
    const result = await store.append(streamId, 'no-stream', events);

    expect(result).toMatchObject({ streamId, nextVersion: 3, idempotent: false });
    expect(result.positions.map(BigInt)).toEqual(
      [0, 1, 2].map((i) => BigInt(result.positions[0]) + BigInt(i)),
    );
    const read = await store.readStream(streamId);
    expect(read.map((event) => [event.eventId, event.streamVersion])).toEqual(
      events.map((e, i) => [e.eventId, i + 1]),
    );
    expect(read).toEqual(result.events);

    const next = await store.append(streamId, 3, [newEvent(streamId)]);
    expect(next.nextVersion).toBe(4);
    expect(await store.verifyStream(streamId)).toEqual({ ok: true, events: 4 });
  });

  it('refuses a stale expected version with a typed ConcurrencyError naming the actual version', async () => {
    const streamId = newStreamId();
    await store.append(streamId, 'no-stream', [newEvent(streamId), newEvent(streamId)]);

    await expect(store.append(streamId, 1, [newEvent(streamId)])).rejects.toMatchObject({
      name: 'ConcurrencyError',
      streamId,
      expected: 1,
      actual: 2,
    });
    await expect(store.append(streamId, 'no-stream', [newEvent(streamId)])).rejects.toMatchObject({
      name: 'ConcurrencyError',
      expected: 'no-stream',
      actual: 2,
    });
    expect(await storedRows(streamId)).toHaveLength(2);
  });

  it('20 concurrent appenders with the same expected version: exactly one wins per version, nothing lost or duplicated', async () => {
    const streamId = newStreamId();
    await store.append(streamId, 'no-stream', [newEvent(streamId)]);
    const contenders = Array.from({ length: 20 }, () => newEvent(streamId));

    const firstRound = await Promise.allSettled(
      contenders.map((event) => store.append(streamId, 1, [event])),
    );
    const winners = firstRound.filter((outcome) => outcome.status === 'fulfilled');
    const losers = firstRound.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(19);
    for (const error of losers) {
      expect(error).toBeInstanceOf(ConcurrencyError);
      expect(error).toMatchObject({ expected: 1, actual: 2 });
    }

    // The losers retry at the version they were told, racing again, until each one is in exactly once.
    const winnerId = (winners[0] as PromiseFulfilledResult<{ events: { eventId: string }[] }>).value.events[0]
      .eventId;
    await Promise.all(
      contenders
        .filter((event) => event.eventId !== winnerId)
        .map(async (event) => {
          for (;;) {
            const version = (await store.readStream(streamId)).length;
            try {
              return await store.append(streamId, version, [event]);
            } catch (error) {
              if (!(error instanceof ConcurrencyError)) throw error;
            }
          }
        }),
    );
    const rows = await storedRows(streamId);
    expect(rows.map((row) => row.stream_version)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
    expect(new Set(rows.map((row) => row.event_id)).size).toBe(21);
    expect(
      rows
        .slice(1)
        .map((row) => row.event_id)
        .sort(),
    ).toEqual(contenders.map((e) => e.eventId).sort());
    expect(await store.verifyStream(streamId)).toEqual({ ok: true, events: 21 });
  });

  it("'any' appends from 10 concurrent writers all land, with contiguous versions", async () => {
    const streamId = newStreamId();
    const results = await Promise.all(
      Array.from({ length: 10 }, () => store.append(streamId, 'any', [newEvent(streamId)])),
    );
    expect(results.map((r) => r.nextVersion).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(await store.verifyStream(streamId)).toEqual({ ok: true, events: 10 });
  });

  it('re-sending the same event ids returns the original result and stores nothing twice', async () => {
    const streamId = newStreamId();
    const events = [newEvent(streamId), newEvent(streamId)];
    const original = await store.append(streamId, 'no-stream', events);
    await store.append(streamId, 2, [newEvent(streamId)]);

    // Same request again: its expected version is stale by now, yet it is a repeat, not a conflict.
    const repeat = await store.append(streamId, 'no-stream', events);
    expect(repeat).toEqual({ ...original, idempotent: true });
    const repeatNumeric = await store.append(streamId, 0, events);
    expect(repeatNumeric.positions).toEqual(original.positions);
    expect(await storedRows(streamId)).toHaveLength(3);
  });

  it('identical appends racing each other store the events once and all return the original versions and positions', async () => {
    for (const expected of ['no-stream', 1] as const) {
      const streamId = newStreamId();
      if (expected === 1) await store.append(streamId, 'no-stream', [newEvent(streamId)]);
      const events = [newEvent(streamId), newEvent(streamId)];
      const results = await Promise.all(
        Array.from({ length: 10 }, () => store.append(streamId, expected, events)),
      );

      expect(results.filter((r) => !r.idempotent)).toHaveLength(1);
      const positions = results[0].positions;
      for (const result of results) {
        expect(result.positions).toEqual(positions);
        expect(result.events.map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
      }
      expect(await storedRows(streamId)).toHaveLength(expected === 1 ? 3 : 2);
    }
  });

  it('a batch mixing stored and new event ids, or reusing ids of another stream, is a clear error', async () => {
    const streamId = newStreamId();
    const stored = newEvent(streamId);
    await store.append(streamId, 'no-stream', [stored]);

    await expect(store.append(streamId, 1, [stored, newEvent(streamId)])).rejects.toBeInstanceOf(
      IdempotencyConflictError,
    );
    const otherStream = newStreamId();
    await expect(
      store.append(otherStream, 'no-stream', [{ ...stored, streamId: otherStream }]),
    ).rejects.toMatchObject({ name: 'IdempotencyConflictError', knownEventIds: [stored.eventId] });
    expect(await storedRows(streamId)).toHaveLength(1);
    expect(await storedRows(otherStream)).toHaveLength(0);
  });

  it("appends inside the caller's transaction: rolled back with it, and a conflict leaves the transaction usable", async () => {
    const streamId = newStreamId();
    await store.append(streamId, 'no-stream', [newEvent(streamId)]);
    const client = await db.appPool.connect();
    try {
      await client.query('BEGIN');
      await expect(
        store.within(client).append(streamId, 'no-stream', [newEvent(streamId)]),
      ).rejects.toBeInstanceOf(ConcurrencyError);
      await store.within(client).append(streamId, 1, [newEvent(streamId)]);
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
    expect(await storedRows(streamId)).toHaveLength(1);
  });

  it("inside the caller's transaction a lost race is the caller's: no retry of its own, even for 'any'", async () => {
    const streamId = newStreamId();
    await store.append(streamId, 'no-stream', [newEvent(streamId)]);
    const winner = await db.appPool.connect();
    const loser = await db.appPool.connect();
    try {
      await winner.query('BEGIN');
      await loser.query('BEGIN');
      await store.within(winner).append(streamId, 'any', [newEvent(streamId)]);
      const { rows } = await loser.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      // The loser reads the committed head (version 1) and its insert of version 2 waits for the winner's.
      const lost = store.within(loser).append(streamId, 'any', [newEvent(streamId)]);
      lost.catch(() => undefined);
      await waitFor(
        async () =>
          (
            await db.appPool.query<{ wait_event_type: string | null }>(
              'SELECT wait_event_type FROM pg_stat_activity WHERE pid = $1',
              [rows[0].pid],
            )
          ).rows[0]?.wait_event_type === 'Lock',
        { description: "the loser's insert waiting for the winner's" },
      );
      await winner.query('COMMIT');
      await expect(lost).rejects.toMatchObject({ name: 'ConcurrencyError', expected: 'any', actual: 2 });
      // The transaction is still usable: its owner decides what to try again.
      await expect(store.within(loser).append(streamId, 'any', [newEvent(streamId)])).resolves.toMatchObject({
        nextVersion: 3,
      });
      await loser.query('COMMIT');
    } finally {
      winner.release();
      loser.release();
    }
    expect(await storedRows(streamId)).toHaveLength(3);
    expect(await store.verifyStream(streamId)).toEqual({ ok: true, events: 3 });
  });
});

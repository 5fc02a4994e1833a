import type { Kafka, Producer } from 'kafkajs';
import { Pool } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { EVENT_HEADERS, type EventEnvelope } from '@rcrp/events';
import { EventStore } from '@rcrp/event-store';
import {
  ConsumerRunner,
  createIdempotentProducer,
  OutboxRelay,
  RelayCheckpoints,
  silentLogger,
  type OutboxRelayOptions,
} from '@rcrp/messaging';
import {
  createTestSchema,
  createTestTopic,
  eventSourcingTables,
  FAST_CONSUMER,
  recordCount,
  testEvent,
  testKafka,
  uniqueName,
  waitFor,
  waitForConsumerCaughtUp,
  watchTopic,
  type CollectedMessage,
  type TestSchema,
  type TestTopic,
} from '@rcrp/testing';

// Outbox relay against the real PostgreSQL and Kafka: one throw-away schema and topic per test.
// Kafka group joins and hand-overs take seconds (the project-level testTimeout is not applied by jest 29).
jest.setTimeout(60_000);

describe('OutboxRelay (PostgreSQL + Kafka)', () => {
  const kafka: Kafka = testKafka('rcrp-messaging-test');
  const cleanups: Array<() => Promise<unknown>> = [];
  let db: TestSchema;
  let store: EventStore;
  let topics: TestTopic;
  let topic: string;

  beforeEach(async () => {
    db = await createTestSchema('msg', 'rcrp_intake', { migrations: eventSourcingTables });
    store = new EventStore({ pool: db.appPool, schema: db.schema });
    topics = await createTestTopic('relay', 3);
    topic = topics.topic;
  });

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
    await topics.drop();
    await db.drop();
  });

  function relay(overrides: Partial<OutboxRelayOptions> = {}): OutboxRelay {
    const instance = new OutboxRelay({
      schema: db.schema,
      topic,
      pool: db.appPool,
      events: store,
      createProducer: () => createIdempotentProducer(kafka),
      pollIntervalMs: 500,
      standbyRetryMs: 300,
      backoff: { initialMs: 100, maxMs: 1000 },
      logger: silentLogger,
      ...overrides,
    });
    cleanups.push(() => instance.stop());
    return instance;
  }

  async function collect() {
    const watch = await watchTopic(topic, { fromBeginning: true });
    cleanups.push(() => watch.stop());
    return watch.messages;
  }

  const decoded = (message: CollectedMessage): EventEnvelope => JSON.parse(message.value!);

  it('publishes appended events in order, key = incidentId, envelope as stored, DESIGN §3 headers', async () => {
    const incidentA = uuidv7();
    const incidentB = uuidv7();
    await store.append(`incident-${incidentA}`, 'no-stream', [testEvent(incidentA), testEvent(incidentA)]);
    await store.append(`incident-${incidentB}`, 'no-stream', [testEvent(incidentB)]);
    await store.append(`incident-${incidentA}`, 2, [testEvent(incidentA)]);
    const messages = await collect();
    // Polling fallback far away: delivery within it proves the NOTIFY wake-up.
    const active = relay({ pollIntervalMs: 30_000 });
    active.start();

    await waitFor(() => messages.length === 4, { timeoutMs: 20_000, description: '4 published events' });
    const ofA = messages.filter((m) => m.key === incidentA);
    expect(ofA.map((m) => decoded(m).streamVersion)).toEqual([1, 2, 3]);
    expect(new Set(ofA.map((m) => m.partition)).size).toBe(1);
    const stored = await store.readStream(`incident-${incidentA}`);
    expect(ofA.map(decoded)).toEqual(stored);
    const headers = ofA[0].headers;
    expect(headers[EVENT_HEADERS.eventType]).toBe(stored[0].type);
    expect(headers[EVENT_HEADERS.schemaVersion]).toBe('1');
    expect(headers[EVENT_HEADERS.eventId]).toBe(stored[0].eventId);
    expect(headers[EVENT_HEADERS.traceparent]).toBe(stored[0].traceparent);

    // Idle relay, new append: woken by NOTIFY in well under the 30 s poll.
    const before = Date.now();
    await store.append(`incident-${incidentB}`, 1, [testEvent(incidentB)]);
    await waitFor(() => messages.length === 5, {
      timeoutMs: 15_000,
      description: 'the NOTIFY-woken publish',
    });
    // Not a speed test: only NOTIFY can explain a publish well before the 30 s poll (latency: npm run bench:e2e).
    expect(Date.now() - before).toBeLessThan(15_000);
    await waitFor(async () => (await active.backlog()).pending === 0, {
      timeoutMs: 5_000,
      description: 'empty backlog',
    });
    expect(active.status()).toMatchObject({ state: 'active', publishedCount: 5, consecutiveFailures: 0 });
  });

  it('late commit: an earlier-position event committed after a later one is still published, in commit-safe order', async () => {
    const incidentId = uuidv7();
    const messages = await collect();
    relay().start();
    const early = await db.appPool.connect();
    try {
      await early.query('BEGIN');
      const first = await store
        .within(early)
        .append(`incident-${incidentId}`, 'no-stream', [testEvent(incidentId)]);
      const second = await store.append(`triage-${incidentId}`, 'no-stream', [
        { ...testEvent(incidentId), streamId: `triage-${incidentId}` },
      ]);
      expect(BigInt(first.positions[0])).toBeLessThan(BigInt(second.positions[0]));
      // The later event is committed, but publishing it now would let the relay's checkpoint skip the earlier one.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(messages).toHaveLength(0);
      await early.query('COMMIT');
    } finally {
      early.release();
    }
    await waitFor(() => messages.length === 2, { timeoutMs: 10_000, description: 'both events' });
    expect(messages.map((m) => decoded(m).streamId)).toEqual([
      `incident-${incidentId}`,
      `triage-${incidentId}`,
    ]);
  });

  it('killed mid-batch and restarted: every event reaches Kafka, and the duplicates have no second effect', async () => {
    const incidentId = uuidv7();
    const events = Array.from({ length: 10 }, () => testEvent(incidentId));
    await store.append(`incident-${incidentId}`, 'no-stream', events);
    await db.ownerPool.query(
      `CREATE TABLE "${db.schema}".effects (seq serial PRIMARY KEY, event_id uuid NOT NULL)`,
    );
    await db.ownerPool.query(`GRANT SELECT, INSERT ON "${db.schema}".effects TO ${db.appRole}`);
    await db.ownerPool.query(`GRANT USAGE ON SEQUENCE "${db.schema}".effects_seq_seq TO ${db.appRole}`);

    // The first relay's producer dies after the broker took 4 of the 10 records: no checkpoint may be stored.
    let crashes = 0;
    const crashing = relay({
      batchSize: 10,
      backoff: { initialMs: 60_000, maxMs: 60_000 },
      createProducer: () =>
        crashAfter(createIdempotentProducer(kafka), 4, () => crashes++),
    });
    crashing.start();
    await waitFor(() => crashes === 1, { timeoutMs: 15_000, description: 'the simulated crash' });
    await crashing.stop();
    expect(await new RelayCheckpoints(db.appPool, db.schema).load(crashing.name)).toBeNull();

    const restarted = relay();
    restarted.start();
    const messages = await collect();
    // Counted on the broker, not by the collector: 4 records of the dead relay, then the whole batch again.
    await waitFor(async () => (await recordCount(topic)) >= 14, {
      timeoutMs: 15_000,
      description: '4 duplicates + 10 events on the topic',
    });
    await waitFor(() => messages.length >= 14, {
      timeoutMs: 15_000,
      description: 'the collector to read the 14 records',
    });
    const published = events.map((event) => event.eventId);
    expect(messages.map((m) => decoded(m).eventId)).toEqual([...published.slice(0, 4), ...published]);
    expect(new Set(messages.map((m) => m.partition)).size).toBe(1);
    // The checkpoint is stored after the broker's acknowledgement, so it may trail the records a moment.
    await waitFor(async () => (await restarted.backlog()).pending === 0, {
      timeoutMs: 10_000,
      description: 'the restart checkpoint',
    });
    expect(restarted.status()).toMatchObject({ publishedCount: 10, consecutiveFailures: 0 });

    const groupId = uniqueName('effects', '-');
    const consumer = new ConsumerRunner({
      kafka,
      groupId,
      topics: [topic],
      pool: db.appPool,
      schema: db.schema,
      consumerConfig: FAST_CONSUMER,
      logger: silentLogger,
      handling: {
        kind: 'envelope',
        handle: async (envelope, tx) => {
          await tx.query(`INSERT INTO "${db.schema}".effects (event_id) VALUES ($1)`, [envelope.eventId]);
        },
      },
    });
    cleanups.push(() => consumer.stop());
    await consumer.start();
    // Done when the group has committed past the last record. (A rebalance on a loaded machine redelivers
    // uncommitted records; those are skipped by the inbox too, so the number of skips is not fixed.)
    await waitForConsumerCaughtUp(groupId, topic, { timeoutMs: 20_000 });
    const { rows } = await db.appPool.query(
      `SELECT event_id::text AS id FROM "${db.schema}".effects ORDER BY seq`,
    );
    // One effect per event, in stream order: the 4 republished records (and any redelivery) had none.
    expect(rows.map((row) => row.id)).toEqual(published);
    const stats = consumer.stats();
    expect(stats).toMatchObject({ processed: 10, deadLettered: 0 });
    expect(stats.duplicatesSkipped).toBeGreaterThanOrEqual(4);
    // Nothing else reached the topic meanwhile (e.g. a third, needless republish).
    expect(await recordCount(topic)).toBe(14);
  });

  it('two relays: exactly one is active; the other takes over when the holder stops or its connection dies', async () => {
    const incidentId = uuidv7();
    const messages = await collect();
    // The first waits longer after losing its lock, so the hand-over is deterministic in this test.
    const first = relay({ standbyRetryMs: 2_000 });
    const second = relay();
    first.start();
    await waitFor(() => first.isActive, { timeoutMs: 5_000, description: 'first active' });
    second.start();
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(second.status().state).toBe('standby');

    await store.append(`incident-${incidentId}`, 'no-stream', [testEvent(incidentId), testEvent(incidentId)]);
    await waitFor(() => messages.length === 2, { timeoutMs: 10_000, description: 'first batch' });

    // The holder's connection dies (as when its process is killed): PostgreSQL frees the lock.
    const admin = new Pool({ connectionString: 'postgres://postgres@127.0.0.1:5432/rcrp_test', max: 1 });
    cleanups.push(() => admin.end());
    const { rowCount } = await admin.query(
      `SELECT pg_terminate_backend(l.pid) FROM pg_locks l
        WHERE l.locktype = 'advisory' AND l.granted
          AND ((l.classid::bigint << 32) | l.objid::bigint) = hashtextextended($1, 0)`,
      [`rcrp:${first.name}`],
    );
    expect(rowCount).toBe(1);
    await waitFor(() => second.isActive, { timeoutMs: 10_000, description: 'second takes over' });
    await waitFor(() => !first.isActive, { timeoutMs: 5_000, description: 'first steps down' });

    await store.append(`incident-${incidentId}`, 2, [testEvent(incidentId)]);
    await waitFor(() => messages.length === 3, {
      timeoutMs: 10_000,
      description: 'published by the new holder',
    });

    // Graceful stop of the holder: the other one (now on standby) takes over again.
    await second.stop();
    await waitFor(() => first.isActive, { timeoutMs: 10_000, description: 'first takes over again' });
    await store.append(`incident-${incidentId}`, 3, [testEvent(incidentId)]);
    await waitFor(() => messages.length === 4, {
      timeoutMs: 10_000,
      description: 'published after the second handover',
    });
    expect(messages.map((m) => decoded(m).streamVersion)).toEqual([1, 2, 3, 4]);
  });
});

/** A producer whose first sendBatch delivers only `keep` records and then fails, as if the process died mid-batch. */
function crashAfter(producer: Producer, keep: number, onCrash: () => void): Producer {
  return new Proxy(producer, {
    get(target, property, receiver) {
      if (property !== 'sendBatch') return Reflect.get(target, property, receiver);
      return async (batch: Parameters<Producer['sendBatch']>[0]) => {
        await target.sendBatch({
          ...batch,
          topicMessages: batch.topicMessages?.map((topic) => ({
            ...topic,
            messages: topic.messages.slice(0, keep),
          })),
        });
        onCrash();
        throw new Error('simulated crash after a partial batch');
      };
    },
  });
}

import type { Kafka, Producer } from 'kafkajs';
import type { PoolClient } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { createPool, retryPolicy, withCredentials } from '@rcrp/database';
import { ConcurrencyError } from '@rcrp/event-store';
import { DLQ_HEADERS, type EventEnvelope } from '@rcrp/events';
import { ConsumerRunner, PermanentError, silentLogger, type ConsumerRunnerOptions } from '@rcrp/messaging';
import {
  createTestSchema,
  createTestTopic,
  eventSourcingTables,
  FAST_CONSUMER,
  testEvent,
  testKafka,
  testOwnerUrl,
  uniqueName,
  waitFor,
  watchTopic,
  type TestSchema,
  type TestTopic,
} from '@rcrp/testing';

// Consumer runner against the real PostgreSQL and Kafka: one partition per topic so order is observable.
// Kafka group joins and hand-overs take seconds (the project-level testTimeout is not applied by jest 29).
jest.setTimeout(60_000);

describe('ConsumerRunner (PostgreSQL + Kafka)', () => {
  const kafka: Kafka = testKafka('rcrp-messaging-test');
  const cleanups: Array<() => Promise<unknown>> = [];
  let db: TestSchema;
  let topics: TestTopic;
  let topic: string;
  let producer: Producer;

  beforeEach(async () => {
    // A producer per test: kafkajs keeps refreshing metadata of every topic it ever sent to, even deleted ones.
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    cleanups.push(() => producer.disconnect());
    db = await createTestSchema('msg', 'rcrp_intake', { migrations: eventSourcingTables });
    await db.ownerPool.query(
      `CREATE TABLE "${db.schema}".effects (seq serial PRIMARY KEY, event_id uuid NOT NULL, note text)`,
    );
    await db.ownerPool.query(`GRANT SELECT, INSERT ON "${db.schema}".effects TO ${db.appRole}`);
    await db.ownerPool.query(`GRANT USAGE ON SEQUENCE "${db.schema}".effects_seq_seq TO ${db.appRole}`);
    topics = await createTestTopic('consume', 1);
    topic = topics.topic;
  });

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
    await topics.drop();
    await db.drop();
  });

  function envelope(note: string): EventEnvelope {
    const incidentId = uuidv7();
    return {
      ...testEvent(incidentId, 'IncidentWithdrawn', { note }),
      streamVersion: 1,
      recordedAt: new Date().toISOString(),
    };
  }

  /** A handler's effect: one row in the test schema's effects table, in the record's transaction. */
  async function recordEffect(tx: PoolClient, eventId: string, note: string): Promise<void> {
    await tx.query(`INSERT INTO "${db.schema}".effects (event_id, note) VALUES ($1, $2)`, [eventId, note]);
  }

  /** What PostgreSQL answers when it is shut down under a query: a transient failure (57P01). */
  function adminShutdown(): Error {
    return Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
  }

  /** The records on the test topic, keyed by their incident. */
  async function send(records: readonly EventEnvelope[]): Promise<void> {
    await producer.send({
      topic,
      messages: records.map((record) => ({ key: record.incidentId, value: JSON.stringify(record) })),
    });
  }

  /** Everything the test topic's DLQ holds, as it arrives. */
  async function watchDeadLetters() {
    const dlq = await watchTopic(topics.dlq, { fromBeginning: true });
    cleanups.push(() => dlq.stop());
    return dlq;
  }

  async function runner(
    options: Partial<ConsumerRunnerOptions<EventEnvelope>> = {},
  ): Promise<ConsumerRunner> {
    const instance = new ConsumerRunner<EventEnvelope>({
      kafka,
      groupId: uniqueName('group', '-'),
      topics: [topic],
      pool: db.appPool,
      schema: db.schema,
      consumerConfig: FAST_CONSUMER,
      retry: retryPolicy({ backoff: { initialMs: 50, maxMs: 200 } }),
      logger: silentLogger,
      handling: {
        kind: 'envelope',
        handle: async (event, tx) => {
          await recordEffect(tx, event.eventId, (event.data as { note: string }).note);
        },
      },
      ...options,
    });
    cleanups.push(() => instance.stop());
    await instance.start();
    return instance;
  }

  const notes = async (): Promise<string[]> =>
    (await db.appPool.query(`SELECT note FROM "${db.schema}".effects ORDER BY seq`)).rows.map(
      (row) => row.note,
    );

  it('a poison message between two good ones: DLQ with reason headers, both good ones processed, offsets committed', async () => {
    const good1 = envelope('good-1');
    const good2 = envelope('good-2');
    const notEnvelope = { hello: 'world' };
    await producer.send({
      topic,
      messages: [
        { key: good1.incidentId, value: JSON.stringify(good1), headers: { 'event-id': good1.eventId } },
        { key: 'poison', value: Buffer.from('{not json'), headers: { origin: 'fuzzer' } },
        { key: 'invalid', value: JSON.stringify(notEnvelope) },
        { key: good2.incidentId, value: JSON.stringify(good2) },
      ],
    });
    // The test topic stands in for one of our services' event topics: refusals there are contract mismatches.
    const logged: string[] = [];
    const capture = (message: string, context?: Record<string, unknown>) =>
      logged.push(`${message} ${JSON.stringify(context ?? {})}`);
    const consumer = await runner({
      internalTopics: [topic],
      logger: { info: capture, warn: capture, error: capture },
    });
    const dlq = await watchDeadLetters();

    await waitFor(async () => (await notes()).length === 2 && dlq.messages.length === 2, {
      timeoutMs: 30_000,
      description: 'two effects and two dead letters',
    });
    expect(await notes()).toEqual(['good-1', 'good-2']);
    const [poison, invalid] = dlq.messages;
    expect(poison.value).toBe('{not json');
    expect(poison.key).toBe('poison');
    expect(poison.headers.origin).toBe('fuzzer');
    expect(poison.headers[DLQ_HEADERS.stage]).toBe('decode');
    expect(poison.headers[DLQ_HEADERS.error]).toMatch(/^value: not JSON/);
    expect(poison.headers[DLQ_HEADERS.sourceTopic]).toBe(topic);
    expect(poison.headers[DLQ_HEADERS.sourcePartition]).toBe('0');
    expect(poison.headers[DLQ_HEADERS.sourceOffset]).toBe('1');
    expect(invalid.headers[DLQ_HEADERS.stage]).toBe('validate');
    expect(invalid.headers[DLQ_HEADERS.error]).toContain('eventId: must be a non-empty string');
    expect(invalid.value).toBe(JSON.stringify(notEnvelope));

    await waitFor(() => consumer.lag().some((entry) => entry.committedOffset === '4'), {
      timeoutMs: 10_000,
      description: 'offset 4 committed',
    });
    expect(consumer.lag()).toEqual([
      { topic, partition: 0, highWatermark: '4', committedOffset: '4', lag: 0 },
    ]);
    expect(consumer.stats()).toMatchObject({
      processed: 2,
      deadLettered: 2,
      duplicatesSkipped: 0,
      deadLetteredByReason: { 'invalid-internal-event': 2, 'invalid-message': 0, 'handler-refused': 0 },
      lastInvalidInternalEvent: { topic, partition: 0, offset: '2', stage: 'validate' },
    });
    // Each refusal is logged with its position, never with what the record held.
    const refusals = logged.filter((line) => line.startsWith('internal event refused'));
    expect(refusals).toHaveLength(2);
    expect(refusals[0]).toContain(`"topic":"${topic}","partition":0,"offset":"1","stage":"decode"`);
    for (const line of refusals) expect(line).not.toMatch(/not json|world|hello/);
  });

  it('a transient handler failure is retried on the same record without skipping; a permanent one is dead-lettered', async () => {
    const records = ['one', 'two', 'refused', 'three'].map(envelope);
    let failuresLeft = 3;
    const consumer = await runner({
      handling: {
        kind: 'envelope',
        handle: async (event, tx) => {
          const note = (event.data as { note: string }).note;
          if (note === 'two' && failuresLeft-- > 0) {
            // What pg raises when the server shuts down under us.
            throw adminShutdown();
          }
          if (note === 'refused') throw new PermanentError('domain rule refused', 'data.note');
          await recordEffect(tx, event.eventId, note);
        },
      },
    });
    await send(records);
    const dlq = await watchDeadLetters();

    await waitFor(async () => (await notes()).length === 3 && dlq.messages.length === 1, {
      timeoutMs: 30_000,
      description: 'three effects, one dead letter',
    });
    expect(await notes()).toEqual(['one', 'two', 'three']);
    expect(consumer.stats()).toMatchObject({ processed: 3, transientRetries: 3, deadLettered: 1 });
    const refused = dlq.messages[0].headers;
    expect(refused[DLQ_HEADERS.stage]).toBe('handle');
    expect(refused[DLQ_HEADERS.error]).toBe('data.note: domain rule refused');
  });

  it('a version conflict of the handler is tried again at once in a new transaction; one that outlasts the tries is dead-lettered', async () => {
    const records = ['raced', 'hopeless', 'after'].map(envelope);
    let racesLeft = 2;
    const tries: string[] = [];
    const consumer = await runner({
      retry: retryPolicy({ conflictAttempts: 3, backoff: { initialMs: 50, maxMs: 200 } }),
      handling: {
        kind: 'envelope',
        handle: async (event, tx) => {
          const note = (event.data as { note: string }).note;
          tries.push(note);
          // Written before the append that loses the race: it must roll back with it.
          await recordEffect(tx, event.eventId, note);
          if ((note === 'raced' && racesLeft-- > 0) || note === 'hopeless') {
            throw new ConcurrencyError(`outcome-${event.incidentId}`, 1, 2);
          }
        },
      },
    });
    await send(records);
    const dlq = await watchDeadLetters();

    await waitFor(async () => (await notes()).length === 2 && dlq.messages.length === 1, {
      timeoutMs: 30_000,
      description: 'two effects, one dead letter',
    });
    expect(await notes()).toEqual(['raced', 'after']);
    expect(tries).toEqual(['raced', 'raced', 'raced', 'hopeless', 'hopeless', 'hopeless', 'after']);
    expect(consumer.stats()).toMatchObject({
      processed: 2,
      conflictRetries: 4,
      transientRetries: 0,
      deadLettered: 1,
    });
    expect(dlq.messages[0].headers[DLQ_HEADERS.stage]).toBe('handle');
  });

  it('partitions consumed concurrently: each keeps its order, a retrying one skips nothing, every offset is committed', async () => {
    const { topic: wide, drop } = await createTestTopic('consume-wide', 3);
    cleanups.push(drop);
    const byPartition = [
      ['a1', 'a2', 'a3'],
      ['b1', 'b2', 'b3'],
      ['c1', 'c2', 'c3'],
    ];
    // b1 and c1 each wait until the other has started: only partitions processed at the same time get past them.
    const started = new Set<string>();
    const meetsPartner = async (note: string, partner: string): Promise<void> => {
      started.add(note);
      const until = Date.now() + 5_000;
      while (!started.has(partner)) {
        if (Date.now() > until) throw new Error(`${note} never ran beside ${partner}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };
    // Sent before the consumer starts, so its first fetch holds every partition's records.
    await producer.send({
      topic: wide,
      messages: byPartition.flatMap((records, partition) =>
        records.map((note) => {
          const record = envelope(note);
          return { partition, key: record.incidentId, value: JSON.stringify(record) };
        }),
      ),
    });
    let failuresLeft = 3;
    const consumer = await runner({
      topics: [wide],
      partitionsConsumedConcurrently: 3,
      handling: {
        kind: 'envelope',
        handle: async (event, tx) => {
          const note = (event.data as { note: string }).note;
          if (note === 'a2' && failuresLeft-- > 0) {
            throw adminShutdown();
          }
          if (note === 'b1') await meetsPartner('b1', 'c1');
          if (note === 'c1') await meetsPartner('c1', 'b1');
          await recordEffect(tx, event.eventId, note);
        },
      },
    });

    await waitFor(async () => (await notes()).length === 9, {
      timeoutMs: 30_000,
      description: 'nine effects',
    });
    const done = await notes();
    for (const records of byPartition) expect(done.filter((note) => records.includes(note))).toEqual(records);
    await waitFor(() => consumer.lag().filter((entry) => entry.committedOffset === '3').length === 3, {
      timeoutMs: 10_000,
      description: 'offset 3 committed on every partition',
    });
    expect(consumer.lag().map((entry) => entry.lag)).toEqual([0, 0, 0]);
    expect(consumer.stats()).toMatchObject({
      processed: 9,
      transientRetries: 3,
      deadLettered: 0,
      duplicatesSkipped: 0,
    });
  });

  it('stats count a record only once its effect has committed (a waiter on them can read the effect)', async () => {
    // Every COMMIT of the runner's transactions is held back, as on a loaded machine: `processed` must not move
    // before the effect is visible (the relay crash test waited on these counters and then missed an effect).
    const slow = createPool({
      url: withCredentials(testOwnerUrl(), db.appRole, db.appRole),
      schema: db.schema,
      max: 2,
    });
    cleanups.push(() => slow.end());
    const connect = slow.connect.bind(slow) as () => Promise<PoolClient>;
    (slow as unknown as { connect: () => Promise<PoolClient> }).connect = async () => {
      const client = await connect();
      const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
      (client as unknown as { query: (...args: unknown[]) => Promise<unknown> }).query = async (...args) => {
        if (args[0] === 'COMMIT') await new Promise((resolve) => setTimeout(resolve, 800));
        return query(...args);
      };
      return client;
    };
    const record = envelope('durable');
    await producer.send({ topic, messages: [{ key: record.incidentId, value: JSON.stringify(record) }] });
    const consumer = await runner({ pool: slow });
    await waitFor(() => consumer.stats().processed === 1, {
      timeoutMs: 30_000,
      description: 'one record counted as processed',
    });
    expect(await notes()).toEqual(['durable']);
  });

  it('redelivery to a new consumer of the same group has no second effect, and raw records dedupe by their own key', async () => {
    const record = envelope('once');
    await producer.send({ topic, messages: [{ key: record.incidentId, value: JSON.stringify(record) }] });
    const groupId = uniqueName('group', '-');
    const first = await runner({ groupId });
    await waitFor(async () => (await notes()).length === 1, {
      timeoutMs: 30_000,
      description: 'first effect',
    });
    await first.stop();
    // Same record again (as a relay crash would publish it): the inbox absorbs it.
    await producer.send({ topic, messages: [{ key: record.incidentId, value: JSON.stringify(record) }] });
    const second = await runner({ groupId });
    await waitFor(() => second.stats().duplicatesSkipped === 1, {
      timeoutMs: 30_000,
      description: 'the duplicate skipped',
    });
    expect(await notes()).toEqual(['once']);

    // Raw inbound records (external systems): idempotency by (source system, external ref).
    const { topic: rawTopic, drop } = await createTestTopic('inbound', 1);
    cleanups.push(drop);
    const report = { source: { system: 'met-cad', externalRef: 'CAD-1' }, summary: 'x' };
    await producer.send({
      topic: rawTopic,
      messages: [
        { value: JSON.stringify(report) },
        { value: JSON.stringify({ ...report, summary: 'resent' }) },
      ],
    });
    type Report = typeof report;
    const raw = new ConsumerRunner<Report>({
      kafka,
      groupId: uniqueName('raw', '-'),
      topics: [rawTopic],
      pool: db.appPool,
      schema: db.schema,
      consumerConfig: FAST_CONSUMER,
      logger: silentLogger,
      handling: {
        kind: 'raw',
        decode: (value) => ({ ok: true, value: JSON.parse(value!.toString()) as Report }),
        dedupeKey: (message) => `${message.source.system}|${message.source.externalRef}`,
        handle: async (message, tx) => {
          await tx.query(`INSERT INTO "${db.schema}".effects (event_id, note) VALUES ($1, $2)`, [
            uuidv7(),
            message.summary,
          ]);
        },
      },
    });
    cleanups.push(() => raw.stop());
    await raw.start();
    await waitFor(() => raw.stats().duplicatesSkipped === 1, {
      timeoutMs: 30_000,
      description: 'the resent report skipped',
    });
    expect(await notes()).toEqual(['once', 'x']);
    const { rows } = await db.appPool.query(
      `SELECT dedupe_key FROM "${db.schema}".inbox WHERE dedupe_key IS NOT NULL`,
    );
    expect(rows).toEqual([{ dedupe_key: 'met-cad|CAD-1' }]);
  });
  describe('a fetch applied as one batch (issue 18): one transaction, a savepoint per record, one offset commit', () => {
    // The top-level transaction that wrote each effect (xmin would be each savepoint's own subtransaction).
    beforeEach(() =>
      db.ownerPool.query(
        `ALTER TABLE "${db.schema}".effects ADD COLUMN tx text NOT NULL DEFAULT pg_current_xact_id()::text`,
      ),
    );

    /** The transaction that wrote each effect, by note. */
    const transactionOf = async (): Promise<Record<string, string>> =>
      Object.fromEntries(
        (
          await db.appPool.query<{ note: string; tx: string }>(
            `SELECT note, tx FROM "${db.schema}".effects ORDER BY seq`,
          )
        ).rows.map((row) => [row.note, row.tx]),
      );

    // Sent before the consumer starts, so its first fetch holds them all.
    it('good records of one fetch commit in one transaction, and their offsets once after it', async () => {
      const records = Array.from({ length: 10 }, (_, i) => envelope(`n${i}`));
      await send(records);
      const consumer = await runner();
      await waitFor(async () => (await notes()).length === 10, {
        timeoutMs: 30_000,
        description: 'ten effects',
      });
      expect(await notes()).toEqual(records.map((_, i) => `n${i}`));
      expect(new Set(Object.values(await transactionOf())).size).toBe(1);
      await waitFor(() => consumer.lag().some((entry) => entry.committedOffset === '10'), {
        timeoutMs: 10_000,
        description: 'offset 10 committed',
      });
      expect(consumer.stats()).toMatchObject({ processed: 10, deadLettered: 0 });
    });

    it('a poison record between good ones: those before it commit together, it is dead-lettered, those after it follow', async () => {
      const [good1, good2, good3, good4] = ['g1', 'g2', 'g3', 'g4'].map(envelope);
      await producer.send({
        topic,
        messages: [
          ...[good1, good2].map((record) => ({ key: record.incidentId, value: JSON.stringify(record) })),
          { key: 'poison', value: Buffer.from('{not json') },
          ...[good3, good4].map((record) => ({ key: record.incidentId, value: JSON.stringify(record) })),
        ],
      });
      const consumer = await runner();
      const dlq = await watchDeadLetters();
      await waitFor(async () => (await notes()).length === 4 && dlq.messages.length === 1, {
        timeoutMs: 30_000,
        description: 'four effects and one dead letter',
      });
      expect(await notes()).toEqual(['g1', 'g2', 'g3', 'g4']);
      const tx = await transactionOf();
      expect(tx.g1).toBe(tx.g2);
      expect(tx.g3).toBe(tx.g4);
      expect(tx.g3).not.toBe(tx.g2);
      expect(dlq.messages[0].headers[DLQ_HEADERS.sourceOffset]).toBe('2');
      await waitFor(() => consumer.lag().some((entry) => entry.committedOffset === '5'), {
        timeoutMs: 10_000,
        description: 'offset 5 committed',
      });
      expect(consumer.stats()).toMatchObject({ processed: 4, deadLettered: 1 });
    });

    it("a handler's refusal rolls back to that record's savepoint only: its effect is gone, the others' stay", async () => {
      const records = ['one', 'refused', 'two'].map(envelope);
      await send(records);
      const consumer = await runner({
        handling: {
          kind: 'envelope',
          handle: async (event, tx) => {
            const note = (event.data as { note: string }).note;
            // Written before the refusal: it must be rolled back with it, and only it.
            await recordEffect(tx, event.eventId, note);
            if (note === 'refused') throw new PermanentError('domain rule refused', 'data.note');
          },
        },
      });
      const dlq = await watchDeadLetters();
      await waitFor(async () => (await notes()).length === 2 && dlq.messages.length === 1, {
        timeoutMs: 30_000,
        description: 'two effects and one dead letter',
      });
      expect(await notes()).toEqual(['one', 'two']);
      expect(dlq.messages[0].headers[DLQ_HEADERS.error]).toBe('data.note: domain rule refused');
      expect(consumer.stats()).toMatchObject({ processed: 2, deadLettered: 1 });
    });

    it('a transient failure in a batch: what came before commits, the record is retried, nothing after it is skipped or reordered', async () => {
      const records = ['one', 'two', 'flaky', 'three', 'four'].map(envelope);
      await send(records);
      let failuresLeft = 2;
      const consumer = await runner({
        handling: {
          kind: 'envelope',
          handle: async (event, tx) => {
            const note = (event.data as { note: string }).note;
            if (note === 'flaky' && failuresLeft-- > 0) {
              throw adminShutdown();
            }
            await recordEffect(tx, event.eventId, note);
          },
        },
      });
      await waitFor(async () => (await notes()).length === 5, {
        timeoutMs: 30_000,
        description: 'five effects',
      });
      expect(await notes()).toEqual(['one', 'two', 'flaky', 'three', 'four']);
      const tx = await transactionOf();
      expect(tx.one).toBe(tx.two);
      expect(consumer.stats()).toMatchObject({ processed: 5, transientRetries: 2, deadLettered: 0 });
    });

    it('stop() during a batch waits for the record in hand, not the rest of the fetch; the rest follows in order', async () => {
      const records = Array.from({ length: 20 }, (_, i) => envelope(`s${i}`));
      await send(records);
      const groupId = uniqueName('group', '-');
      const slowly = async (event: EventEnvelope, tx: PoolClient) => {
        await new Promise((resolve) => setTimeout(resolve, 150));
        await recordEffect(tx, event.eventId, (event.data as { note: string }).note);
      };
      const first = await runner({ groupId, handling: { kind: 'envelope', handle: slowly } });
      // The effects of a batch are visible once it commits; its stats count them only then too.
      await waitFor(() => first.stats().processed === 0 && first.lag().length > 0, {
        timeoutMs: 30_000,
        description: 'the first batch under way',
      });
      await new Promise((resolve) => setTimeout(resolve, 600));
      await first.stop();
      const applied = await notes();
      expect(applied.length).toBeGreaterThan(0);
      expect(applied.length).toBeLessThan(records.length);
      expect(applied).toEqual(records.slice(0, applied.length).map((_, i) => `s${i}`));
      expect(first.stats().processed).toBe(applied.length);

      const second = await runner({ groupId });
      await waitFor(async () => (await notes()).length === records.length, {
        timeoutMs: 30_000,
        description: 'the rest of the records',
      });
      expect(await notes()).toEqual(records.map((_, i) => `s${i}`));
      // kafkajs drops an offset commit once its consumer is stopping, so what the stopped batch applied may come
      // again: the inbox skips it.
      await waitFor(() => second.stats().processed === records.length - applied.length, {
        timeoutMs: 10_000,
        description: 'the rest counted processed, once each',
      });
      expect(second.stats().duplicatesSkipped).toBeLessThanOrEqual(applied.length);
    });

    it('a batch delivered again to the same group has no second effect', async () => {
      const records = ['a', 'b', 'c'].map(envelope);
      await send(records);
      const groupId = uniqueName('group', '-');
      const first = await runner({ groupId });
      await waitFor(async () => (await notes()).length === 3, {
        timeoutMs: 30_000,
        description: 'three effects',
      });
      await first.stop();
      // The same records again, as a relay that crashed before storing its checkpoint publishes them.
      await send(records);
      const second = await runner({ groupId });
      await waitFor(() => second.stats().duplicatesSkipped === 3, {
        timeoutMs: 30_000,
        description: 'the three duplicates skipped',
      });
      expect(await notes()).toEqual(['a', 'b', 'c']);
      expect(second.stats().processed).toBe(0);
    });
  });
});

/**
 * Issue 20, "Done when": a poison internal event followed by two good events of the same incident leaves all three in
 * the DLQ (two parked behind the first), the read model untouched for that incident, and after `npm run dlq --
 * redrive` (the bug fixed) or `npm run dlq -- skip` (the record skipped) the incident's read model equals a replay
 * from scratch. Real PostgreSQL and Kafka; outcomes' consumed read models (incident context and case timeline) fed
 * the way its incident-facts consumer feeds them, by a consumer runner whose group is named like the service's, so
 * the tool finds its schema; the tool runs in-process as `npm run dlq` runs it.
 */
import { captureCli } from '@rcrp/config';
import { DLQ_HEADERS, PARKING_HEADERS, validateEnvelope, type EventEnvelope } from '@rcrp/events';
import { sampleEnvelope } from '@rcrp/events/testing/sample-events';
import { ConsumerRunner, createIdempotentProducer, PermanentError, silentLogger } from '@rcrp/messaging';
import { applyConsumedEvent } from '@rcrp/projections';
import { consumerGroupId } from '@rcrp/runtime';
import {
  createTestSchema,
  createTestTopic,
  FAST_CONSUMER,
  testKafka,
  testOwnerUrl,
  waitFor,
  watchTopic,
  type CollectedMessage,
  type TestSchema,
  type TestTopic,
  type TopicWatch,
} from '@rcrp/testing';
import type { Producer } from 'kafkajs';
import type { Pool } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { CONSUMED_PROJECTIONS } from '../../apps/outcomes/src/messaging/incident-facts.controller';
import { migrations as outcomesMigrations } from '../../apps/outcomes/src/migrations';
import { DLQ_CLI } from '../../scripts/dlq/cli';

jest.setTimeout(120_000);

/** A personal field as our services publish it: ciphertext under the subject's key (well-formed; no key opens it). */
const CIPHERTEXT = 'enc:v1:subj-7f3c2a:AAECAwQFBgcICQoL:c2VhbGVkIGJ5IHRoZSBzdWJqZWN0IGtleQ==';

describe('sequenced dead letters: redrive and skip with npm run dlq (PostgreSQL + Kafka)', () => {
  const kafka = testKafka('rcrp-dlq-test');
  const cleanups: Array<() => Promise<unknown>> = [];
  let topic: TestTopic;
  let producer: Producer;
  let dlq: TopicWatch;
  let live: Store;
  /** Event ids the consumer refuses: "the bug". */
  const refused = new Set<string>();

  interface Store {
    db: TestSchema;
    runner: ConsumerRunner;
  }

  /** A schema laid out as outcomes' and a consumer applying both topics' events to its read models. */
  async function store(
    name: string,
    source: string,
    refuses: (event: EventEnvelope) => boolean,
  ): Promise<Store> {
    const db = await createTestSchema(name, 'rcrp_outcomes', { migrations: outcomesMigrations });
    cleanups.push(() => db.drop());
    const runner = new ConsumerRunner<EventEnvelope>({
      kafka,
      groupId: consumerGroupId(
        { service: 'outcomes', database: { url: testOwnerUrl(), schema: db.schema } } as never,
        'incident-facts',
      ),
      topics: [source],
      internalTopics: [source],
      pool: db.appPool,
      schema: db.schema,
      consumerConfig: FAST_CONSUMER,
      logger: silentLogger,
      handling: {
        kind: 'envelope',
        validate: validateEnvelope,
        handle: async (event, tx) => {
          if (refuses(event)) throw new PermanentError('a rule this consumer did not expect', 'type');
          for (const projection of CONSUMED_PROJECTIONS)
            await applyConsumedEvent(tx, db.schema, projection, event);
        },
      },
    });
    cleanups.push(() => runner.stop());
    await runner.start();
    return { db, runner };
  }

  beforeAll(async () => {
    topic = await createTestTopic('dlq-tool', 3);
    cleanups.push(() => topic.drop());
    producer = createIdempotentProducer(kafka);
    await producer.connect();
    cleanups.push(() => producer.disconnect());
    dlq = await watchTopic(topic.dlq, { fromBeginning: true });
    cleanups.push(() => dlq.stop());
    live = await store('dlq_live', topic.topic, (event) => refused.has(event.eventId));
  }, 120_000);

  afterAll(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  });

  /** An incident's report, amendment and withdrawal, as intake publishes them (personal fields encrypted). */
  function incident(): EventEnvelope[] {
    const incidentId = uuidv7();
    const common = { incidentId, streamId: `incident-${incidentId}` };
    const reported = sampleEnvelope('IncidentReported', { ...common, eventId: uuidv7(), streamVersion: 1 });
    const data = reported.data;
    return [
      {
        ...reported,
        data: {
          ...data,
          incidentId,
          subject: { ...data.subject, name: CIPHERTEXT, dateOfBirth: CIPHERTEXT },
          summary: CIPHERTEXT,
          location: { ...data.location, description: CIPHERTEXT },
        },
      },
      sampleEnvelope('IncidentDetailsAmended', {
        ...common,
        eventId: uuidv7(),
        streamVersion: 2,
        subjectRef: null,
        data: { incidentId, amendedAt: '2026-11-23T21:20:00Z', changes: { category: 'other' }, reason: 'x' },
      }),
      sampleEnvelope('IncidentWithdrawn', {
        ...common,
        eventId: uuidv7(),
        streamVersion: 3,
        data: { incidentId, withdrawnAt: '2026-11-23T21:30:00Z', reason: 'Reported in error' },
      }),
    ];
  }

  const publish = (to: string, events: readonly EventEnvelope[]) =>
    producer.send({
      topic: to,
      messages: events.map((event) => ({
        key: event.incidentId,
        value: JSON.stringify(event),
        headers: { 'event-id': event.eventId, 'event-type': event.type },
      })),
    });

  /** The incident's rows of both read models, as a replay would compare them. */
  async function readModel(pool: Pool, incidentId: string) {
    const context = await pool.query(`SELECT * FROM incident_context WHERE incident_id = $1`, [incidentId]);
    const timeline = await pool.query(
      `SELECT event_id, stream_id, stream_version, recorded_at, envelope FROM case_timeline
        WHERE incident_id = $1 ORDER BY stream_id, stream_version`,
      [incidentId],
    );
    return { context: context.rows, timeline: timeline.rows };
  }

  const deadLettersOf = (incidentId: string): CollectedMessage[] =>
    dlq.messages.filter((message) => message.key === incidentId);
  const positionOf = (message: CollectedMessage) => `${message.topic}/${message.partition}/${message.offset}`;

  const dlqTool = (...argv: string[]) => captureCli(DLQ_CLI, [...argv, '--actor', 'operator-17']);

  async function parkedIn(store: Store, incidentId: string) {
    const { rows } = await store.db.ownerPool.query(`SELECT * FROM parked WHERE incident_key = $1`, [
      incidentId,
    ]);
    return rows[0] ?? null;
  }

  /** A replay from scratch: a fresh schema and consumer group reading `source` from the beginning, no bug. */
  async function replayFromScratch(name: string, source: string, incidentId: string, timelineRows: number) {
    const replay = await store(name, source, () => false);
    await waitFor(
      async () => (await readModel(replay.db.appPool, incidentId)).timeline.length === timelineRows,
      {
        timeoutMs: 60_000,
        description: `the replay to apply the incident's ${timelineRows} events`,
      },
    );
    return readModel(replay.db.appPool, incidentId);
  }

  describe('a poison event, then two good ones of the same incident; the bug fixed; redrive', () => {
    const events = incident();
    const [poison] = events;
    const bystander = incident();

    beforeAll(async () => {
      refused.add(poison.eventId);
      await publish(topic.topic, [poison, bystander[0], events[1], bystander[1], events[2], bystander[2]]);
      await waitFor(
        async () =>
          deadLettersOf(poison.incidentId).length === 3 &&
          (await readModel(live.db.appPool, bystander[0].incidentId)).timeline.length === 3,
        { timeoutMs: 60_000, description: 'three dead letters, and the other incident applied' },
      );
    }, 90_000);

    it('leaves all three in the DLQ, two parked behind the first', () => {
      const [first, ...held] = deadLettersOf(poison.incidentId);
      expect(JSON.parse(first.value!).eventId).toBe(poison.eventId);
      expect(first.headers[DLQ_HEADERS.stage]).toBe('handle');
      expect(held.map((message) => message.headers[DLQ_HEADERS.stage])).toEqual(['parked', 'parked']);
      expect(held.map((message) => message.headers[PARKING_HEADERS.parkedBehind])).toEqual([
        positionOf(first),
        positionOf(first),
      ]);
    });

    it('leaves the read model untouched for that incident (and the other incident applied)', async () => {
      expect(await readModel(live.db.appPool, poison.incidentId)).toEqual({ context: [], timeline: [] });
      expect((await readModel(live.db.appPool, bystander[0].incidentId)).context).toHaveLength(1);
    });

    it('list shows the dead letters, their reasons grouped and the parked incident', async () => {
      const run = await dlqTool('list', topic.topic, '--json');
      expect(run).toMatchObject({ code: 0, stderr: '' });
      const [summary] = JSON.parse(run.stdout);
      expect(summary).toMatchObject({
        topic: topic.dlq,
        total: 3,
        awaiting: 3,
        reasons: expect.arrayContaining([
          { stage: 'handle', reason: 'type: a rule this consumer did not expect', count: 1 },
          { stage: 'parked', reason: 'held behind an earlier dead letter of its incident', count: 2 },
        ]),
        parked: [
          expect.objectContaining({
            incidentKey: poison.incidentId,
            deadLetter: positionOf(deadLettersOf(poison.incidentId)[0]),
            held: 2,
          }),
        ],
      });
      const text = await dlqTool('list', topic.dlq);
      expect(text.stdout).toContain(
        `${poison.incidentId}  behind ${positionOf(deadLettersOf(poison.incidentId)[0])}`,
      );
    });

    it('show prints the headers and the envelope with its personal fields still encrypted', async () => {
      const first = deadLettersOf(poison.incidentId)[0];
      const run = await dlqTool('show', topic.dlq, String(first.partition), first.offset);
      expect(run).toMatchObject({ code: 0, stderr: '' });
      expect(run.stdout).toContain(`x-error: type: a rule this consumer did not expect`);
      expect(run.stdout).toContain(`"eventId": "${poison.eventId}"`);
      expect(run.stdout).toContain(`"name": "${CIPHERTEXT}"`);
      expect(run.stdout).not.toMatch(/Jane Doe|Footbridge|railings/);
    });

    it('after the fix, redrive applies the three in order, unparks the incident, and equals a replay from scratch', async () => {
      refused.delete(poison.eventId);
      const run = await dlqTool('redrive', topic.topic, '--incident', poison.incidentId, '--wait', '60');
      expect(run.stderr).toBe('');
      expect(run.stdout).toContain('published 3 records of 1 incidents');
      expect(run.stdout).toContain('every released incident is unparked');
      expect(run.code).toBe(0);
      expect(await parkedIn(live, poison.incidentId)).toBeNull();
      const redriven = await readModel(live.db.appPool, poison.incidentId);
      expect(redriven.timeline.map((row) => row.event_id)).toEqual(events.map((event) => event.eventId));
      expect(redriven.context[0]).toMatchObject({ intake_version: 3, category: 'other', withdrawn: true });
      expect(redriven).toEqual(await replayFromScratch('dlq_replay', topic.topic, poison.incidentId, 3));
    });

    it('is idempotent: a second redrive publishes nothing and changes nothing; the decisions say who redrove', async () => {
      const before = await readModel(live.db.appPool, poison.incidentId);
      const run = await dlqTool('redrive', topic.topic, '--incident', poison.incidentId, '--wait', '5');
      expect(run).toMatchObject({ code: 0 });
      expect(run.stdout).toContain('published 0 records of 0 incidents');
      expect(await readModel(live.db.appPool, poison.incidentId)).toEqual(before);
      const { rows } = await live.db.ownerPool.query(
        `SELECT decision, actor FROM dead_letter_decisions WHERE incident_key = $1`,
        [poison.incidentId],
      );
      expect(rows).toEqual(Array.from({ length: 3 }, () => ({ decision: 'redriven', actor: 'operator-17' })));
    });
  });

  describe('a poison event, then two good ones of the same incident; the poison skipped', () => {
    const events = incident();
    const [poison] = events;

    beforeAll(async () => {
      refused.add(poison.eventId);
      await publish(topic.topic, events);
      await waitFor(() => deadLettersOf(poison.incidentId).length === 3, {
        timeoutMs: 60_000,
        description: 'three dead letters',
      });
    }, 90_000);

    it('skip records who skipped it and why, releases the two behind it, and equals a replay without it', async () => {
      expect(await readModel(live.db.appPool, poison.incidentId)).toEqual({ context: [], timeline: [] });
      const first = deadLettersOf(poison.incidentId)[0];
      const skipIt = () =>
        dlqTool(
          'skip',
          topic.dlq,
          String(first.partition),
          first.offset,
          '--reason',
          'report entered twice, INC-2291',
          '--wait',
          '60',
        );
      const run = await skipIt();
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`skipped ${positionOf(first)}`);
      expect(run.stdout).toContain('published 2 records of 1 incidents');
      expect(await parkedIn(live, poison.incidentId)).toBeNull();

      const { rows } = await live.db.ownerPool.query(
        `SELECT decision, actor, reason, event_id FROM dead_letter_decisions
          WHERE incident_key = $1 AND decision = 'skipped'`,
        [poison.incidentId],
      );
      expect(rows).toEqual([
        {
          decision: 'skipped',
          actor: 'operator-17',
          reason: 'report entered twice, INC-2291',
          event_id: poison.eventId,
        },
      ]);
      // Skipping again records nothing more.
      expect((await skipIt()).stdout).toContain('was already skipped');

      const skipped = await readModel(live.db.appPool, poison.incidentId);
      expect(skipped.timeline.map((row) => row.event_id)).toEqual([events[1].eventId, events[2].eventId]);
      const without = await createTestTopic('dlq-tool-replay', 3);
      cleanups.push(() => without.drop());
      await publish(without.topic, events.slice(1));
      expect(skipped).toEqual(
        await replayFromScratch('dlq_replay_skip', without.topic, poison.incidentId, 2),
      );
    });

    it('a redelivery of the skipped event is a duplicate: it does not park the incident again', async () => {
      const duplicates = live.runner.stats().duplicatesSkipped;
      await publish(topic.topic, [poison]);
      await waitFor(() => live.runner.stats().duplicatesSkipped === duplicates + 1, {
        timeoutMs: 30_000,
        description: 'the redelivered skipped event seen as a duplicate',
      });
      expect(await parkedIn(live, poison.incidentId)).toBeNull();
    });
  });
});

/**
 * Sequenced dead letters (issue 20) against the real PostgreSQL and Kafka: when a consumer dead-letters a record of an
 * internal topic, the later records of the same incident wait in the DLQ behind it (x-parked-behind) and other
 * incidents go on; a release (what `npm run dlq -- redrive` sets up) lets the redriven records through in order and
 * unparks the incident with the last one's effect; a redriven record that fails again parks the incident again; a
 * live record that arrives during a release is held and keeps the incident parked.
 */
import type { Kafka, Producer } from 'kafkajs';
import { v7 as uuidv7 } from 'uuid';
import { retryPolicy } from '@rcrp/database';
import { DLQ_HEADERS, PARKING_HEADERS, REDRIVE_HEADERS, type EventEnvelope } from '@rcrp/events';
import { ConsumerRunner, PermanentError, silentLogger } from '@rcrp/messaging';
import {
  createTestSchema,
  createTestTopic,
  eventSourcingTables,
  FAST_CONSUMER,
  testEvent,
  testKafka,
  uniqueName,
  waitFor,
  watchTopic,
  type CollectedMessage,
  type TestSchema,
  type TestTopic,
  type TopicWatch,
} from '@rcrp/testing';

jest.setTimeout(60_000);

describe('ConsumerRunner: parked incidents (PostgreSQL + Kafka)', () => {
  const kafka: Kafka = testKafka('rcrp-parking-test');
  let db: TestSchema;
  let topics: TestTopic;
  let producer: Producer;
  let dlq: TopicWatch;
  let consumer: ConsumerRunner;
  const groupId = uniqueName('parking', '-');
  /** Notes the handler refuses until the test "fixes the bug". */
  const refused = new Set<string>(['poison']);

  beforeAll(async () => {
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    db = await createTestSchema('parking', 'rcrp_outcomes', { migrations: eventSourcingTables });
    await db.ownerPool.query(
      `CREATE TABLE effects (seq serial PRIMARY KEY, incident_id uuid NOT NULL, note text NOT NULL)`,
    );
    await db.ownerPool.query(`GRANT SELECT, INSERT ON effects TO ${db.appRole}`);
    await db.ownerPool.query(`GRANT USAGE ON SEQUENCE effects_seq_seq TO ${db.appRole}`);
    topics = await createTestTopic('parking', 1);
    dlq = await watchTopic(topics.dlq, { fromBeginning: true });
    consumer = new ConsumerRunner<EventEnvelope>({
      kafka,
      groupId,
      topics: [topics.topic],
      internalTopics: [topics.topic],
      pool: db.appPool,
      schema: db.schema,
      consumerConfig: FAST_CONSUMER,
      retry: retryPolicy({ backoff: { initialMs: 50, maxMs: 200 } }),
      logger: silentLogger,
      handling: {
        kind: 'envelope',
        handle: async (event, tx) => {
          const note = (event.data as { note: string }).note;
          if (refused.has(note)) throw new PermanentError('this consumer cannot apply it yet', 'data.note');
          await tx.query(`INSERT INTO effects (incident_id, note) VALUES ($1, $2)`, [event.incidentId, note]);
        },
      },
    });
    await consumer.start();
  }, 60_000);

  afterAll(async () => {
    await consumer?.stop();
    await dlq?.stop();
    await producer?.disconnect();
    await topics?.drop();
    await db?.drop();
  });

  const event = (incidentId: string, note: string): EventEnvelope => ({
    ...testEvent(incidentId, 'IncidentWithdrawn', { note }),
    streamVersion: 1,
    recordedAt: new Date().toISOString(),
  });

  const send = (records: readonly EventEnvelope[], headers: Record<string, string>[] = []) =>
    producer.send({
      topic: topics.topic,
      messages: records.map((record, index) => ({
        key: record.incidentId,
        value: JSON.stringify(record),
        headers: { 'event-id': record.eventId, ...headers[index] },
      })),
    });

  const notesOf = async (incidentId: string): Promise<string[]> =>
    (
      await db.appPool.query(`SELECT note FROM effects WHERE incident_id = $1 ORDER BY seq`, [incidentId])
    ).rows.map((row) => row.note);

  const parkedRow = async (incidentId: string) =>
    (await db.ownerPool.query(`SELECT * FROM parked WHERE incident_key = $1`, [incidentId])).rows[0] ?? null;

  const deadLettersOf = (incidentId: string): CollectedMessage[] =>
    dlq.messages.filter((message) => message.key === incidentId);

  const positionOf = (message: CollectedMessage) => `${message.topic}/${message.partition}/${message.offset}`;

  /** What the redrive tool does, by hand: mark the release, then publish the dead letters again in order. */
  async function release(incidentId: string, records: CollectedMessage[]): Promise<string> {
    const releaseId = uuidv7();
    await db.ownerPool.query(
      `UPDATE parked SET release_id = $1, release_started_at = now(), held_during_release = 0
        WHERE incident_key = $2`,
      [releaseId, incidentId],
    );
    await producer.send({
      topic: topics.topic,
      messages: records.map((record, index) => ({
        key: record.key,
        value: record.value,
        headers: {
          'event-id': record.headers['event-id'],
          [REDRIVE_HEADERS.redrivenFrom]: positionOf(record),
          [REDRIVE_HEADERS.redriveId]: releaseId,
          ...(index === records.length - 1 ? { [REDRIVE_HEADERS.redriveLast]: 'true' } : {}),
        },
      })),
    });
    return releaseId;
  }

  describe('a poison record followed by two good records of the same incident, and another incident between', () => {
    const incident = uuidv7();
    const other = uuidv7();
    const records = [
      event(incident, 'poison'),
      event(other, 'other-1'),
      event(incident, 'second'),
      event(incident, 'third'),
      event(other, 'other-2'),
    ];

    beforeAll(async () => {
      await send(records);
      await waitFor(async () => deadLettersOf(incident).length === 3 && (await notesOf(other)).length === 2, {
        timeoutMs: 30_000,
        description: 'three dead letters of the incident and both records of the other',
      });
    });

    it('all three are in the DLQ in order: the refused one with its reason, the two after it parked behind it', () => {
      const [first, second, third] = deadLettersOf(incident);
      expect([first, second, third].map((message) => JSON.parse(message.value!).eventId)).toEqual(
        [records[0], records[2], records[3]].map((record) => record.eventId),
      );
      expect(first.headers[DLQ_HEADERS.stage]).toBe('handle');
      expect(first.headers[DLQ_HEADERS.error]).toBe('data.note: this consumer cannot apply it yet');
      expect(first.headers[PARKING_HEADERS.parkedBehind]).toBeUndefined();
      for (const held of [second, third]) {
        expect(held.headers[DLQ_HEADERS.stage]).toBe('parked');
        expect(held.headers[PARKING_HEADERS.parkedBehind]).toBe(positionOf(first));
      }
      for (const message of [first, second, third])
        expect(message.headers[PARKING_HEADERS.consumerGroup]).toBe(groupId);
    });

    it('nothing of the incident is applied; the other incident is applied in full', async () => {
      expect(await notesOf(incident)).toEqual([]);
      expect(await notesOf(other)).toEqual(['other-1', 'other-2']);
    });

    it('the incident is parked behind the first dead letter, and counted', async () => {
      expect(await parkedRow(incident)).toMatchObject({
        consumer_group: groupId,
        topic: topics.topic,
        dead_letter: positionOf(deadLettersOf(incident)[0]),
        source_offset: '0',
        held: 2,
        release_id: null,
      });
      expect(await consumer.parkedIncidents()).toBe(1);
      expect(consumer.stats()).toMatchObject({
        heldBehindDeadLetters: 2,
        deadLetteredByReason: { 'handler-refused': 1, parked: 2 },
      });
    });

    it('a later record of the parked incident is held too; of the other incident, applied', async () => {
      const later = event(incident, 'fourth');
      await send([later, event(other, 'other-3')]);
      await waitFor(async () => (await notesOf(other)).length === 3, {
        timeoutMs: 20_000,
        description: 'the other incident applied',
      });
      await waitFor(() => deadLettersOf(incident).length === 4, {
        timeoutMs: 20_000,
        description: 'the fourth record held',
      });
      expect(await notesOf(incident)).toEqual([]);
      expect((await parkedRow(incident)).held).toBe(3);
    });

    it('a redriven record that fails again parks the incident again behind its new dead letter, holding the rest', async () => {
      const before = deadLettersOf(incident);
      await release(incident, before);
      await waitFor(() => deadLettersOf(incident).length === 8, {
        timeoutMs: 20_000,
        description: 'the four redriven records dead-lettered again',
      });
      const again = deadLettersOf(incident).slice(4);
      expect(again[0].headers[DLQ_HEADERS.stage]).toBe('handle');
      expect(again.slice(1).map((message) => message.headers[PARKING_HEADERS.parkedBehind])).toEqual([
        positionOf(again[0]),
        positionOf(again[0]),
        positionOf(again[0]),
      ]);
      expect(await parkedRow(incident)).toMatchObject({
        dead_letter: positionOf(again[0]),
        release_id: null,
      });
      expect(await notesOf(incident)).toEqual([]);
    });

    it('with the bug fixed, a release applies the records in their order and its last record unparks the incident', async () => {
      refused.delete('poison');
      await release(incident, deadLettersOf(incident).slice(4));
      await waitFor(async () => (await parkedRow(incident)) === null, {
        timeoutMs: 20_000,
        description: 'the incident unparked',
      });
      expect(await notesOf(incident)).toEqual(['poison', 'second', 'third', 'fourth']);
      expect(await consumer.parkedIncidents()).toBe(0);
      // Unparked: the next record of the incident is applied at once.
      await send([event(incident, 'fifth')]);
      await waitFor(async () => (await notesOf(incident)).length === 5, {
        timeoutMs: 20_000,
        description: 'the fifth record applied',
      });
    });

    it('a redrive run twice has one effect: the inbox absorbs the second', async () => {
      await release(incident, deadLettersOf(incident).slice(4));
      const marker = event(incident, 'after-the-duplicates');
      await send([marker]);
      await waitFor(async () => (await notesOf(incident)).includes('after-the-duplicates'), {
        timeoutMs: 20_000,
        description: 'the marker applied after the duplicates',
      });
      expect(await notesOf(incident)).toEqual([
        'poison',
        'second',
        'third',
        'fourth',
        'fifth',
        'after-the-duplicates',
      ]);
    });
  });

  it('a live record that arrives while a release runs is held, and keeps the incident parked after it', async () => {
    refused.add('poison-2');
    const incident = uuidv7();
    await send([event(incident, 'poison-2'), event(incident, 'after')]);
    await waitFor(() => deadLettersOf(incident).length === 2, {
      timeoutMs: 20_000,
      description: 'two dead letters',
    });
    refused.delete('poison-2');
    // The live record is published after the release is marked and before its records: it is not one of them.
    const releaseId = uuidv7();
    await db.ownerPool.query(
      `UPDATE parked SET release_id = $1, release_started_at = now() WHERE incident_key = $2`,
      [releaseId, incident],
    );
    await send([event(incident, 'live-during-release')]);
    const batch = deadLettersOf(incident).slice(0, 2);
    await producer.send({
      topic: topics.topic,
      messages: batch.map((record, index) => ({
        key: record.key,
        value: record.value,
        headers: {
          [REDRIVE_HEADERS.redriveId]: releaseId,
          ...(index === batch.length - 1 ? { [REDRIVE_HEADERS.redriveLast]: 'true' } : {}),
        },
      })),
    });
    await waitFor(async () => (await notesOf(incident)).length === 2, {
      timeoutMs: 20_000,
      description: 'the released records applied',
    });
    await waitFor(async () => (await parkedRow(incident))?.release_id === null, {
      timeoutMs: 20_000,
      description: 'the release finished',
    });
    expect(await notesOf(incident)).toEqual(['poison-2', 'after']);
    expect(await parkedRow(incident)).toMatchObject({ held_during_release: 1, release_id: null });
    expect(deadLettersOf(incident).at(-1)!.headers[DLQ_HEADERS.stage]).toBe('parked');
  });
});

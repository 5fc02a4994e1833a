import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { kafkaHeadersOf, serialiseEnvelope, type EventEnvelope } from '@rcrp/events';
import { sampleEnvelope } from '@rcrp/events/testing/sample-events';
import { createTestTopic, testKafka, type TestTopic } from '@rcrp/testing';
import { parseCsv, replay } from './support';

jest.setTimeout(90_000);

const T0 = Date.parse('2026-01-10T12:00:00Z');
const EVENTS = 60;
const at = (second: number): string => new Date(T0 + second * 1000).toISOString();

/**
 * Event i is published with record time T0 + i s, but happened in reverse order (occurredAt = T0 - i min), so a
 * correct replay is sorted by occurredAt, not by offset or record time. Every third one is a report with a name,
 * date of birth and free text that must not come out.
 */
function eventNumber(index: number): EventEnvelope {
  const incidentId = uuidv7();
  const overrides = {
    eventId: uuidv7(),
    incidentId,
    occurredAt: new Date(T0 - index * 60_000).toISOString(),
    correlationId: `c-${index}`,
  };
  if (index % 3 === 0) {
    const report = sampleEnvelope('IncidentReported', { ...overrides, streamId: `incident-${incidentId}` });
    return { ...report, data: { ...report.data, incidentId } };
  }
  return sampleEnvelope('IncidentWithdrawn', {
    ...overrides,
    streamId: `incident-${incidentId}`,
    streamVersion: 2,
  });
}

describe('npm run replay -- --topic (real Kafka)', () => {
  let topic: TestTopic;
  const produced: EventEnvelope[] = [];

  beforeAll(async () => {
    topic = await createTestTopic('replay', 3);
    const producer = testKafka('replay-test-producer').producer();
    await producer.connect();
    for (let index = 0; index < EVENTS; index += 1) produced.push(eventNumber(index));
    await producer.send({
      topic: topic.topic,
      messages: [
        ...produced.map((event, index) => ({
          key: event.incidentId,
          value: serialiseEnvelope(event),
          headers: kafkaHeadersOf(event),
          timestamp: String(T0 + index * 1000),
        })),
        // Two poison messages after the valid ones (record times outside the bounded window below).
        { key: 'x', value: 'not json', timestamp: String(T0 + 100_000) },
        { key: 'y', value: JSON.stringify({ type: 'IncidentWithdrawn' }), timestamp: String(T0 + 101_000) },
      ],
    });
    await producer.disconnect();
  });
  afterAll(() => topic.drop());

  it('replays exactly the events produced, as NDJSON in event-time order, pseudonymised, reporting the invalid ones', async () => {
    const run = await replay(['--topic', topic.topic]);
    expect(run.code).toBe(0);
    const lines = run.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(EVENTS);
    expect(new Set(lines.map((line) => line.eventId))).toEqual(
      new Set(produced.map((event) => event.eventId)),
    );
    const times = lines.map((line) => Date.parse(line.occurredAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(run.stdout).not.toMatch(/Jane Doe|1990-04-01|railings|subj-7f3c2a/);
    expect(lines.find((line) => line.type === 'IncidentReported').subjectPseudonym).toMatch(/^psn-/);
    expect(run.stderr).toContain(`replay: ${EVENTS} events written`);
    expect(run.stderr).toContain('INVALID messages skipped: 2');
    expect(run.stderr).toContain(`IncidentReported: ${EVENTS / 3}`);
  });

  it('gives the same output when the sort goes through runs on disk (REPLAY_SORT_RUN_MB)', async () => {
    const inMemory = await replay(['--topic', topic.topic]);
    const onDisk = await replay(['--topic', topic.topic], { REPLAY_SORT_RUN_MB: '0.004' });
    expect(onDisk.code).toBe(0);
    expect(onDisk.stderr).toMatch(/sorted through \d+ runs on disk/);
    expect(inMemory.stderr).not.toContain('runs on disk');
    expect(onDisk.stdout).toBe(inMemory.stdout);
  });

  it('writes a CSV that parses back with one row per event and the same columns on every row', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'replay-')), 'events.csv');
    const run = await replay(['--topic', topic.topic, '--out', file]);
    expect(run.code).toBe(0);
    const rows = parseCsv(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
    const [header, ...body] = rows;
    expect(header.slice(0, 3)).toEqual(['occurredAt', 'recordedAt', 'type']);
    expect(header).toEqual(expect.arrayContaining(['data.subject.ageBand', 'data.category', 'actor.role']));
    expect(body).toHaveLength(EVENTS);
    for (const row of body) expect(row).toHaveLength(header.length);
    expect(new Set(body.map((row) => row[header.indexOf('eventId')]))).toEqual(
      new Set(produced.map((event) => event.eventId)),
    );
  });

  it('--from/--to select exactly the events whose record time is inside [from, to)', async () => {
    const run = await replay(['--topic', topic.topic, '--from', at(10), '--to', at(25)]);
    expect(run.code).toBe(0);
    const ids = run.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line).eventId);
    expect(new Set(ids)).toEqual(new Set(produced.slice(10, 25).map((event) => event.eventId)));
    expect(ids).toHaveLength(15);
    expect(run.stderr).not.toContain('INVALID');
  });

  it('--type keeps only the named types', async () => {
    const run = await replay(['--topic', topic.topic, '--type', 'IncidentReported', '--from', 'earliest']);
    const types = run.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line).type);
    expect(types).toEqual(Array(EVENTS / 3).fill('IncidentReported'));
  });

  it('never moves a consumer group: no group is left behind', async () => {
    const admin = testKafka('replay-test-admin').admin();
    await admin.connect();
    const { groups } = await admin.listGroups();
    await admin.disconnect();
    expect(groups.filter((group) => group.groupId.startsWith('rcrp-replay-'))).toEqual([]);
  });

  it('refuses an unknown topic with exit code 2', async () => {
    const run = await replay(['--topic', `${topic.topic}.missing`]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no such topic');
  });
});

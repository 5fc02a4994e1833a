import { v7 as uuidv7 } from 'uuid';
import { AuditLog } from '@rcrp/personal-data';
import { runMigrations } from '@rcrp/database';
import { EventStore } from '@rcrp/event-store';
import { personalFieldsOf, upcast, type EventEnvelope } from '@rcrp/events';
import { sampleEnvelope } from '@rcrp/events/testing/sample-events';
import { toKafkaMessage } from '@rcrp/messaging';
import { decodeMasterKey, PersonalDataCipher } from '@rcrp/personal-data';
import {
  createTestSchema,
  createTestTopic,
  testKafka,
  testOwnerUrl,
  type TestSchema,
  type TestTopic,
} from '@rcrp/testing';
import { migrations } from '../../../apps/intake/src/migrations';
import { replay } from './support';

jest.setTimeout(90_000);

const NAMES = ['Alice Example', 'Bohdan Example', 'Chidi Example'];
const REASON = 'IOPC request 2026/117';

/**
 * Intake's schema (throw-away, migrated for real) with reports appended through the real event store, so their
 * names, dates of birth and free text are encrypted per subject; the stored events are then produced to a
 * throw-away topic exactly as the relay would. Incident 0 also gets a withdrawal (same subject, personal reason).
 */
describe('npm run replay -- --include-personal-data --reason (real PostgreSQL and Kafka)', () => {
  let db: TestSchema;
  let topic: TestTopic;
  let audit: AuditLog;
  const incidents: string[] = [];
  const env = (): Record<string, string> => ({ DATABASE_SCHEMA: db.schema });

  beforeAll(async () => {
    db = await createTestSchema('replay_pd', 'rcrp_intake');
    await runMigrations({
      ownerUrl: testOwnerUrl(),
      schema: db.schema,
      migrations: migrations({ schema: db.schema, appRole: db.appRole }),
      log: () => {},
    });
    const cipher = new PersonalDataCipher({
      pool: db.appPool,
      schema: db.schema,
      masterKey: decodeMasterKey(process.env.PERSONAL_DATA_MASTER_KEY!),
    });
    const store = new EventStore({ pool: db.appPool, schema: db.schema, personalFieldsOf, cipher, upcast });
    for (const [index, name] of NAMES.entries()) {
      const incidentId = uuidv7();
      incidents.push(incidentId);
      const subjectRef = `subj-pd-${index}-${incidentId.slice(-6)}`;
      const report = sampleEnvelope('IncidentReported', {
        eventId: uuidv7(),
        incidentId,
        streamId: `incident-${incidentId}`,
        subjectRef,
      });
      const data = { ...report.data, incidentId, subject: { ...report.data.subject, name, ref: subjectRef } };
      const { streamVersion: _v, recordedAt: _r, ...event } = { ...report, data };
      await store.append(`incident-${incidentId}`, 'no-stream', [event]);
      if (index === 0) {
        const withdrawn = sampleEnvelope('IncidentWithdrawn', {
          eventId: uuidv7(),
          incidentId,
          streamId: `incident-${incidentId}`,
          subjectRef,
        });
        const {
          streamVersion: _w,
          recordedAt: _s,
          ...withdrawal
        } = { ...withdrawn, data: { ...withdrawn.data, incidentId, reason: 'Caller now safe at home' } };
        await store.append(`incident-${incidentId}`, 1, [withdrawal]);
      }
    }

    const stored: EventEnvelope[] = (await store.readAll(null, 100)).events.map((feed) => feed.event);
    expect(stored).toHaveLength(4);
    expect(JSON.stringify(stored)).toContain('enc:v1:');
    expect(JSON.stringify(stored)).not.toMatch(/Alice|Bohdan|Chidi|now safe/);

    topic = await createTestTopic('replay-pd', 3);
    const producer = testKafka('replay-pd-producer').producer();
    await producer.connect();
    await producer.send({ topic: topic.topic, messages: stored.map(toKafkaMessage) });
    await producer.disconnect();
    audit = new AuditLog({ pool: db.ownerPool, schema: db.schema });
  });
  afterAll(async () => {
    await topic?.drop();
    await db?.drop();
  });

  it('without the flags: the analyst view, no personal value, no ciphertext, nothing recorded', async () => {
    const run = await replay(['--topic', topic.topic], env());
    expect(run.code).toBe(0);
    expect(run.stdout.trimEnd().split('\n')).toHaveLength(4);
    expect(run.stdout).not.toMatch(/Alice|Bohdan|Chidi|now safe|1990-04-01|railings|enc:v1:/);
    expect(await audit.query()).toEqual([]);
  });

  it.each([
    [['--include-personal-data', '--service', 'intake'], /together/],
    [['--reason', REASON, '--service', 'intake'], /together/],
    [['--include-personal-data', '--reason', REASON], /needs --service/],
  ])('refuses %j with exit code 2, writing and recording nothing', async (flags, message) => {
    const run = await replay(['--topic', topic.topic, ...flags], env());
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
    expect(await audit.query()).toEqual([]);
  });

  it('with both: the clear values, and one read-audit entry per case and subject with actor and reason', async () => {
    const run = await replay(
      [
        '--topic',
        topic.topic,
        '--include-personal-data',
        '--reason',
        REASON,
        '--service',
        'intake',
        '--actor',
        'op-jsmith',
      ],
      env(),
    );
    expect(run.stderr).toContain(`recorded in ${db.schema}.read_audit`);
    expect(run.code).toBe(0);
    const lines = run.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as EventEnvelope);
    expect(lines).toHaveLength(4);
    const names = lines
      .filter((event) => event.type === 'IncidentReported')
      .map((event) => (event.data as { subject: { name: string } }).subject.name);
    expect(names.sort()).toEqual([...NAMES].sort());
    expect(run.stdout).toContain('Caller now safe at home');
    expect(run.stdout).not.toContain('enc:v1:');

    const entries = await audit.query();
    expect(entries).toHaveLength(3);
    expect(new Set(entries.map((entry) => entry.incidentId))).toEqual(new Set(incidents));
    for (const entry of entries) {
      expect(entry).toMatchObject({
        actor: { id: 'op-jsmith', role: 'operator' },
        reason: REASON,
        resource: `replay ${topic.topic} [earliest, end)`,
      });
      expect(entry.subjectRef).toMatch(/^subj-pd-/);
    }
    expect(await audit.verify()).toEqual({ ok: true, entries: 3 });
  });

  it('records nothing and writes nothing personal when the audit cannot be written', async () => {
    const before = (await audit.query()).length;
    await db.ownerPool.query(`REVOKE INSERT ON "${db.schema}".read_audit FROM ${db.appRole}`);
    try {
      const run = await replay(
        ['--topic', topic.topic, '--include-personal-data', '--reason', REASON, '--service', 'intake'],
        env(),
      );
      expect(run.code).toBe(1);
      expect(run.stdout).not.toMatch(/Alice|Bohdan|Chidi|now safe/);
    } finally {
      await db.ownerPool.query(`GRANT INSERT ON "${db.schema}".read_audit TO ${db.appRole}`);
    }
    expect(await audit.query()).toHaveLength(before);
  });
});

/**
 * The inbox transport (issue 19) against the real PostgreSQL and Kafka: an `@InboxEventPattern` controller in a
 * service booted like the real ones (HTTP auth guard installed), records of one incident in order: a good one, one
 * the handler refuses, one that meets a transient database failure twice, another good one. The refused record is
 * dead-lettered with its reason, the transient one retried (never skipped, never dead-lettered: Nest's RPC
 * exception layer must not swallow the original error), every effect written once in the record's transaction.
 */
import { Controller, DynamicModule, Module } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { AuthModule } from '@rcrp/auth';
import { AppConfig, ConfigModule } from '@rcrp/config';
import { runMigrations } from '@rcrp/database';
import { eventStoreMigrations } from '@rcrp/event-store';
import { DLQ_HEADERS, type EventEnvelope } from '@rcrp/events';
import { sampleEnvelope } from '@rcrp/events/testing/sample-events';
import { DependenciesModule, HealthModule } from '@rcrp/observability';
import { createIdempotentProducer } from '@rcrp/messaging';
import { messagingMigrations, PermanentError } from '@rcrp/messaging';
import { personalDataMigrations } from '@rcrp/personal-data';
import { projectionMigrations } from '@rcrp/projections';
import { EventSourcingModule, InboxContext, InboxEventPattern, InboxTransport } from '@rcrp/runtime';
import {
  createTestSchema,
  createTestTopic,
  testKafka,
  testOwnerUrl,
  waitFor,
  watchTopic,
  type TestSchema,
  type TestTopic,
  type TopicWatch,
  bootService,
  type RunningService,
} from '@rcrp/testing';
import type { Producer } from 'kafkajs';
import { v7 as uuidv7 } from 'uuid';

describe('InboxTransport (Nest microservice over the consumer runner; real PostgreSQL and Kafka)', () => {
  let schema: TestSchema;
  let source: TestTopic;
  let published: TestTopic;
  let service: RunningService;
  let producer: Producer;
  let dlq: TopicWatch;
  const attempts = new Map<string, number>();
  const contextTypes = new Set<string>();

  beforeAll(async () => {
    schema = await createTestSchema('inbox_transport', 'rcrp_triage');
    const ctx = { schema: schema.schema, appRole: schema.appRole };
    await runMigrations({
      ownerUrl: testOwnerUrl(),
      schema: schema.schema,
      migrations: [
        ...eventStoreMigrations(ctx),
        ...personalDataMigrations(ctx),
        ...messagingMigrations(ctx),
        ...projectionMigrations(ctx),
      ],
      log: () => undefined,
    });
    await schema.ownerPool.query(
      `CREATE TABLE effects (seq serial PRIMARY KEY, event_id uuid NOT NULL UNIQUE, note text NOT NULL)`,
    );
    await schema.ownerPool.query(`GRANT SELECT, INSERT ON effects TO ${schema.appRole}`);
    await schema.ownerPool.query(`GRANT USAGE ON SEQUENCE effects_seq_seq TO ${schema.appRole}`);
    [source, published] = await Promise.all([createTestTopic('inbox-source'), createTestTopic('inbox-out')]);
    dlq = await watchTopic(source.dlq);

    @Controller()
    class ProbeController {
      /** The note rides in the correlation id: any envelope field the validator leaves free. */
      @InboxEventPattern(source.topic, { consumer: 'probe' })
      async handle(@Payload() event: EventEnvelope, @Ctx() context: InboxContext): Promise<void> {
        const note = event.correlationId;
        attempts.set(note, (attempts.get(note) ?? 0) + 1);
        if (note === 'refused') throw new PermanentError('not for this consumer', 'correlationId');
        if (note === 'outage' && attempts.get(note)! <= 2) {
          throw Object.assign(new Error('terminating connection due to administrator command'), {
            code: '57P01',
          });
        }
        contextTypes.add(context.record.topic);
        await context.transaction.query(`INSERT INTO effects (event_id, note) VALUES ($1, $2)`, [
          event.eventId,
          note,
        ]);
      }
    }
    const probeModule = (config: AppConfig): DynamicModule => {
      @Module({
        imports: [
          ConfigModule.forConfig(config),
          AuthModule,
          HealthModule,
          DependenciesModule,
          EventSourcingModule.forService({ topic: published.topic }),
        ],
        controllers: [ProbeController],
      })
      class ProbeModule {}
      return { module: ProbeModule };
    };
    service = await bootService('triage', probeModule, { env: { DATABASE_SCHEMA: schema.schema } });
    producer = createIdempotentProducer(testKafka('inbox-transport-test'));
    await producer.connect();
  }, 60_000);

  afterAll(async () => {
    await producer?.disconnect();
    await dlq?.stop();
    await service?.close();
    await Promise.all([source?.drop(), published?.drop()]);
    await schema?.drop();
  });

  it('applies records in order in their transaction, dead-letters a refusal with its reason, retries an outage', async () => {
    const incidentId = uuidv7();
    const records = ['first', 'refused', 'outage', 'last'].map((note) => ({
      ...sampleEnvelope('IncidentWithdrawn'),
      eventId: uuidv7(),
      incidentId,
      streamId: `incident-${incidentId}`,
      correlationId: note,
    }));
    await producer.send({
      topic: source.topic,
      messages: records.map((record) => ({ key: incidentId, value: JSON.stringify(record) })),
    });

    const effects = await waitFor(
      async () => {
        const { rows } = await schema.ownerPool.query<{ note: string }>(
          'SELECT note FROM effects ORDER BY seq',
        );
        return rows.length === 3 ? rows.map((row) => row.note) : null;
      },
      { timeoutMs: 45_000, description: 'three effects' },
    );
    expect(effects).toEqual(['first', 'outage', 'last']);
    expect(attempts.get('outage')).toBe(3);

    const [deadLetter] = await dlq.waitFor((message) => message.key === incidentId, 1);
    expect(JSON.parse(deadLetter.value ?? '{}').correlationId).toBe('refused');
    expect(deadLetter.headers[DLQ_HEADERS.error]).toBe('correlationId: not for this consumer');
    expect(deadLetter.headers[DLQ_HEADERS.sourceTopic]).toBe(source.topic);

    const consumer = service.app.get(InboxTransport).consumer('probe');
    expect(consumer.stats()).toMatchObject({ processed: 3, deadLettered: 1, transientRetries: 2 });
    // The HTTP auth guard never saw the records (it would have refused each for want of a bearer token).
    expect([...contextTypes]).toEqual([source.topic]);
  });

  it('has no second effect for a redelivered record (the inbox)', async () => {
    const incidentId = uuidv7();
    const record = {
      ...sampleEnvelope('IncidentWithdrawn'),
      eventId: uuidv7(),
      incidentId,
      streamId: `incident-${incidentId}`,
      correlationId: 'twice',
    };
    const consumer = service.app.get(InboxTransport).consumer('probe');
    const skippedBefore = consumer.stats().duplicatesSkipped;
    for (let i = 0; i < 2; i++) {
      await producer.send({
        topic: source.topic,
        messages: [{ key: incidentId, value: JSON.stringify(record) }],
      });
    }
    await waitFor(() => consumer.stats().duplicatesSkipped > skippedBefore, { timeoutMs: 30_000 });
    const { rows } = await schema.ownerPool.query(
      `SELECT count(*)::int AS n FROM effects WHERE note = 'twice'`,
    );
    expect(rows[0].n).toBe(1);
  });
});

import { createServer, type AddressInfo, type Socket } from 'node:net';
import { ConfigResourceTypes } from 'kafkajs';
import { TOPICS } from '@rcrp/events';
import {
  checkKafka,
  createIdempotentProducer,
  createKafka,
  ensureTopics,
  KafkaUnavailableError,
  toHeaders,
} from '@rcrp/messaging';
import { collectMessages, createTestTopic, testKafka, uniqueName, type TestTopic } from '@rcrp/testing';

jest.setTimeout(60_000);

describe('libs/messaging kafka adapter against the real broker', () => {
  const kafka = testKafka('rcrp-kafka-int');
  let testTopic: TestTopic;

  beforeAll(async () => {
    testTopic = await createTestTopic('kafka-lib', 3);
  });

  afterAll(async () => {
    await testTopic?.drop();
  });

  it('produces with the idempotent producer and consumes the message back with key and headers', async () => {
    const producer = createIdempotentProducer(kafka);
    await producer.connect();
    try {
      await producer.send({
        topic: testTopic.topic,
        messages: [
          {
            key: 'incident-1',
            value: JSON.stringify({ type: 'IncidentReported' }),
            headers: toHeaders({ 'event-type': 'IncidentReported', 'schema-version': 1, traceparent: null }),
          },
          {
            key: 'incident-1',
            value: JSON.stringify({ type: 'IncidentWithdrawn' }),
            headers: toHeaders({ 'event-type': 'IncidentWithdrawn' }),
          },
        ],
      });
    } finally {
      await producer.disconnect();
    }

    const messages = await collectMessages(testTopic.topic, 2, 20_000);
    expect(messages.map((message) => [message.key, message.headers])).toEqual([
      ['incident-1', { 'event-type': 'IncidentReported', 'schema-version': '1' }],
      ['incident-1', { 'event-type': 'IncidentWithdrawn' }],
    ]);
    // Same key, same partition, produced order kept.
    expect(new Set(messages.map((message) => message.partition)).size).toBe(1);
    expect(JSON.parse(messages[0].value ?? 'null')).toEqual({ type: 'IncidentReported' });
  });

  it('ensureTopics is idempotent and reports a partition count that differs instead of changing it', async () => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const topic = uniqueName('test.ensure', '.').replace(/_/g, '-');
      const first = await ensureTopics(admin, [{ topic, configs: { 'retention.ms': '-1' } }], 2);
      expect(first).toEqual({ created: [topic], existing: [], partitionMismatches: [] });
      const again = await ensureTopics(admin, [topic], 2);
      expect(again).toEqual({ created: [], existing: [topic], partitionMismatches: [] });
      const other = await ensureTopics(admin, [topic], 4);
      expect(other.partitionMismatches).toEqual([{ topic, expected: 4, actual: 2 }]);
      await admin.deleteTopics({ topics: [topic] });
    } finally {
      await admin.disconnect();
    }
  });

  it('the system topics exist with the configured partitions and keep events forever (scripts/infra/ensure-topics.ts)', async () => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const partitions = Number(process.env.KAFKA_PARTITIONS ?? '6');
      const topics = [TOPICS.intakeEvents, `${TOPICS.intakeEvents}.dlq`, TOPICS.incidentsInbound];
      const metadata = await admin.fetchTopicMetadata({ topics });
      expect(metadata.topics.map((topic) => topic.partitions.length)).toEqual(topics.map(() => partitions));
      const configs = await admin.describeConfigs({
        includeSynonyms: false,
        resources: topics.map((name) => ({
          type: ConfigResourceTypes.TOPIC,
          name,
          configNames: ['retention.ms'],
        })),
      });
      for (const resource of configs.resources) {
        expect(resource.configEntries.find((entry) => entry.configName === 'retention.ms')?.configValue).toBe(
          '-1',
        );
      }
    } finally {
      await admin.disconnect();
    }
  });

  it('checkKafka resolves against the running broker', async () => {
    await expect(checkKafka(kafka, 5_000)).resolves.toBeUndefined();
  });

  it('checkKafka rejects quickly when nothing listens, whatever the client retry settings', async () => {
    // A closed port, and a client configured with the service's (long) retry schedule.
    const nowhere = createKafka({ brokers: ['127.0.0.1:1'], clientId: 'rcrp-kafka-int-down', logLevel: 0 });
    const started = Date.now();
    await expect(checkKafka(nowhere, 1_500)).rejects.toBeInstanceOf(KafkaUnavailableError);
    // Not a speed test: the service's retry schedule would take about 30 s; the check must not follow it.
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('checkKafka gives up on time when something accepts connections but never answers', async () => {
    // Accepts and never reads: such a socket never sees the probe's FIN, so it stays half-open (CLOSE-WAIT) and
    // server.close() would wait for it forever, an open handle that kept jest alive. Destroy what it accepted.
    const accepted = new Set<Socket>();
    const silent = createServer((socket) => void accepted.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = silent.address() as AddressInfo;
      const hung = createKafka({
        brokers: [`127.0.0.1:${port}`],
        clientId: 'rcrp-kafka-int-hung',
        logLevel: 0,
      });
      const started = Date.now();
      await expect(checkKafka(hung, 800)).rejects.toBeInstanceOf(KafkaUnavailableError);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      for (const socket of accepted) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});

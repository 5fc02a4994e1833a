/**
 * `npm run bench:replay`: replay throughput (events/s) of the replay CLI's topic path on >= 1,000,000 small valid
 * envelopes, NDJSON to /dev/null. The bench topic is filled once and reused. Writes bench/results/replay.json.
 */
import { readFileSync } from 'node:fs';
import { writeFileSync, mkdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { Writable } from 'node:stream';
import { logLevel } from 'kafkajs';
import { v7 as uuidv7 } from 'uuid';
import { kafkaHeadersOf, serialiseEnvelope } from '@rcrp/events';
import { sampleEnvelope } from '@rcrp/events/testing/sample-events';
import { createKafka, createIdempotentProducer, ensureTopics, parseBrokers } from '@rcrp/messaging';
import { runTopicReplay } from '@rcrp/replay';

const TOPIC = 'rcrp.bench.replay.v1';
const EVENTS = Number(process.env.BENCH_REPLAY_EVENTS ?? 1_000_000);
const PARTITIONS = 6;
const MASTER_KEY = Buffer.alloc(32, 1).toString('base64');

async function main(): Promise<void> {
  const kafka = createKafka({
    brokers: parseBrokers(process.env.KAFKA_BROKERS),
    clientId: 'rcrp-bench-replay',
    logLevel: logLevel.ERROR,
  });
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, [TOPIC], PARTITIONS);
  const present = (await admin.fetchTopicOffsets(TOPIC)).reduce(
    (sum, p) => sum + Number(BigInt(p.high) - BigInt(p.low)),
    0,
  );
  await admin.disconnect();

  if (present < EVENTS) {
    const producer = createIdempotentProducer(kafka);
    await producer.connect();
    const started = Date.now();
    for (let sent = present; sent < EVENTS; ) {
      const batch = Math.min(1_000, EVENTS - sent);
      const messages = Array.from({ length: batch }, (_, index) => {
        const incidentId = uuidv7();
        const event = sampleEnvelope('CallWithdrawn', {
          eventId: uuidv7(),
          incidentId,
          streamId: `triage-${incidentId}`,
          occurredAt: new Date(Date.UTC(2026, 0, 1) + (sent + index) * 1000).toISOString(),
          data: { incidentId, withdrawnAt: '2026-01-01T00:00:00Z' } as never,
        });
        return { key: incidentId, value: serialiseEnvelope(event), headers: kafkaHeadersOf(event) };
      });
      await producer.send({ topic: TOPIC, messages });
      sent += batch;
      if (sent % 100_000 === 0)
        process.stderr.write(
          `bench: produced ${sent}/${EVENTS} (${Math.round((sent - present) / ((Date.now() - started) / 1000))}/s)\n`,
        );
    }
    await producer.disconnect();
  }

  const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
  const progress = { start: () => undefined, advance: () => undefined, stop: () => undefined };
  const cpuBefore = process.cpuUsage();
  const summary = await runTopicReplay(
    {
      kind: 'topics',
      topics: [TOPIC],
      from: null,
      to: null,
      types: null,
      out: null,
      format: 'ndjson',
      personalData: null,
    },
    { kafka, masterKey: MASTER_KEY, stdout: sink, progress },
  );
  const eventsPerSecond = Math.round(summary.events / (summary.durationMs / 1000));
  // The machine is shared: wall-clock rate depends on the others' load, CPU time per event much less so.
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMicrosPerEvent = Math.round(((cpu.user + cpu.system) / summary.events) * 10) / 10;
  const result = {
    date: new Date().toISOString(),
    topic: TOPIC,
    partitions: PARTITIONS,
    events: summary.events,
    invalid: summary.invalid,
    durationMs: summary.durationMs,
    eventsPerSecond,
    targetEventsPerSecond: 50_000,
    cpuMicrosPerEvent,
    eventsPerCpuSecond: Math.round(1e6 / cpuMicrosPerEvent),
    loadAverage1m: Math.round(loadavg()[0] * 10) / 10,
    // The process's high-water mark (getrusage maxrss, KiB), not a sample at the end.
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    sortRuns: summary.sortRuns,
    output: 'NDJSON to a discarding stream (as /dev/null), pseudonymised analyst view',
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    node: process.version,
    kafkajs: (
      JSON.parse(readFileSync(require.resolve('kafkajs/package.json'), 'utf8')) as { version: string }
    ).version,
    broker: 'Apache Kafka 3.9.2 (KRaft, single node, same machine)',
  };
  const path = resolve(__dirname, 'results', 'replay.json');
  mkdirSync(resolve(__dirname, 'results'), { recursive: true });
  writeFileSync(path, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:replay failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});

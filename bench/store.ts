/**
 * `npm run bench:store`: throughput of the event store on the local PostgreSQL, written to bench/results/store.json.
 *
 * Workloads (each time-boxed so the whole run stays well under two minutes):
 * - single-event appends with 1 and with 16 concurrent writers over 1,000 streams (each writer owns its streams,
 *   so the figures measure the store, not conflict retries), personal fields encrypted as in production;
 * - batched appends of 100 events to new streams;
 * - readAll from the start, as stored (what the outbox relay does) and decoded (decrypt + upcast);
 * - a baseline of plain single-row INSERTs into a bare jsonb table with the same concurrency.
 * Runs in a throw-away schema of `rcrp_test` (BENCH_DATABASE_OWNER_URL / BENCH_DATABASE_URL override it).
 */
import { cpus, loadavg } from 'node:os';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { runMigrations } from '@rcrp/database';
import { EventStore, NewEvent } from '@rcrp/event-store';
import { PersonalDataCipher, decodeMasterKey, generateMasterKey } from '@rcrp/personal-data';
import { migrations } from '../apps/intake/src/migrations';

const OWNER_URL =
  process.env.BENCH_DATABASE_OWNER_URL ?? 'postgres://rcrp_owner:rcrp_owner@127.0.0.1:5432/rcrp_test';
const APP_ROLE = 'rcrp_intake';
const APP_URL =
  process.env.BENCH_DATABASE_URL ?? `postgres://${APP_ROLE}:${APP_ROLE}@127.0.0.1:5432/rcrp_test`;
const STREAMS = 1_000;
const PHASE_SECONDS = Number(process.env.BENCH_PHASE_SECONDS ?? 8);
const BATCH_SIZE = 100;
const PERSONAL_FIELDS = ['subject.name', 'summary'];

interface Figure {
  events: number;
  appends: number;
  seconds: number;
  eventsPerSecond: number;
  appendLatencyMs?: { p50: number; p99: number };
}

async function main(): Promise<void> {
  const loadAtStart = loadavg().map(round);
  const schema = `bench_store_${randomBytes(3).toString('hex')}`;
  const ownerPool = new Pool({ connectionString: OWNER_URL, max: 17 });
  const appPool = new Pool({ connectionString: APP_URL, max: 17 });
  try {
    await ownerPool.query(`CREATE SCHEMA "${schema}"`);
    await migrate(schema);
    const cipher = new PersonalDataCipher({
      pool: appPool,
      schema,
      masterKey: decodeMasterKey(generateMasterKey()),
    });
    const store = new EventStore({ pool: appPool, schema, cipher, personalFieldsOf: () => PERSONAL_FIELDS });
    const streams = Array.from({ length: STREAMS }, () => uuidv7());
    const versions = new Map<string, number>();

    log(`schema ${schema}, ${PHASE_SECONDS}s per phase`);
    const single1 = await singleAppends(store, streams, versions, 1);
    log(`single appends, 1 writer: ${single1.eventsPerSecond} events/s`);
    const single16 = await singleAppends(store, streams, versions, 16);
    log(`single appends, 16 writers: ${single16.eventsPerSecond} events/s`);
    // NOTIFY serialises commits (PostgreSQL takes a database-wide lock for it until commit): measure its cost.
    await ownerPool.query(`ALTER TABLE "${schema}".events DISABLE TRIGGER events_notify`);
    const single16NoNotify = await singleAppends(store, streams, versions, 16);
    await ownerPool.query(`ALTER TABLE "${schema}".events ENABLE TRIGGER events_notify`);
    log(`single appends, 16 writers, NOTIFY trigger disabled: ${single16NoNotify.eventsPerSecond} events/s`);
    const batched = await batchAppends(store);
    log(`batched appends (${BATCH_SIZE}): ${batched.eventsPerSecond} events/s`);
    const readRaw = await readAllFromStart(store, false);
    log(`readAll as stored: ${readRaw.eventsPerSecond} events/s`);
    const readDecoded = await readAllFromStart(store, true);
    log(`readAll decoded: ${readDecoded.eventsPerSecond} events/s`);
    await ownerPool.query(
      `CREATE TABLE "${schema}".plain_events (position bigserial PRIMARY KEY, stream_id text, data jsonb)`,
    );
    const plain1 = await plainInserts(ownerPool, schema, 1);
    const plain16 = await plainInserts(ownerPool, schema, 16);
    log(
      `plain INSERT baseline: ${plain1.eventsPerSecond} (1 writer), ${plain16.eventsPerSecond} (16 writers) rows/s`,
    );
    const verify = await timed(async () => (await store.verifyAll()).events);

    const { rows } = await ownerPool.query<{ version: string }>('SHOW server_version');
    const result = {
      date: new Date().toISOString(),
      machine: {
        cpuCount: cpus().length,
        cpuModel: cpus()[0]?.model ?? 'unknown',
        node: process.version,
        postgres: rows[0].version,
        loadAverage1mAtStart: loadAtStart[0],
        note: 'PostgreSQL on the same machine; the CPU is shared with the benchmark process (and with anything else running).',
      },
      workload: {
        streams: STREAMS,
        phaseSeconds: PHASE_SECONDS,
        batchSize: BATCH_SIZE,
        event:
          'IncidentReported-like payload (~400 bytes JSON) with 2 personal fields encrypted (AES-256-GCM, per-subject key)',
        singleAppends:
          'each writer owns a disjoint slice of the 1,000 streams and appends one event at the known version',
        batchedAppends: `${BATCH_SIZE} events per append to a new stream ('no-stream')`,
        readAll:
          'gap-safe readAll from the start in pages of 1,000: as stored (relay) and decoded (decrypt + upcast)',
        baseline:
          'plain single-row INSERT of the same JSON into a bare table (no hash, no version check, no encryption)',
      },
      results: {
        singleAppends1Writer: single1,
        singleAppends16Writers: single16,
        singleAppends16WritersWithoutNotifyTrigger: single16NoNotify,
        batchedAppends100: batched,
        readAllAsStored: readRaw,
        readAllDecoded: readDecoded,
        plainInsert1Writer: plain1,
        plainInsert16Writers: plain16,
        verifyAll: {
          events: verify.value,
          seconds: verify.seconds,
          eventsPerSecond: rate(verify.value, verify.seconds),
        },
      },
    };
    const out = resolve(__dirname, 'results', 'store.json');
    writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
    log(`written ${out}`);
  } finally {
    await appPool.end();
    await ownerPool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await ownerPool.end();
  }
}

async function migrate(schema: string): Promise<void> {
  await runMigrations({
    ownerUrl: OWNER_URL,
    schema,
    migrations: migrations({ schema, appRole: APP_ROLE }),
    log: () => {},
  });
}

function event(incidentId: string, streamId: string): NewEvent {
  return {
    eventId: uuidv7(),
    type: 'IncidentReported',
    schemaVersion: 1,
    incidentId,
    streamId,
    occurredAt: new Date().toISOString(),
    actor: { id: 'PC-4821', role: 'officer' },
    correlationId: uuidv7(),
    causationId: null,
    traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    subjectRef: `subj-${incidentId}`,
    data: {
      category: 'concern-for-welfare',
      location: { kind: 'public-place', borough: 'Lambeth' },
      subject: { name: 'Jane Doe', sex: 'female' },
      presentingConcerns: ['suicidal-ideation'],
      summary: 'Person standing outside the railings, talking about ending their life.',
    },
  };
}

async function singleAppends(
  store: EventStore,
  streams: readonly string[],
  versions: Map<string, number>,
  writers: number,
): Promise<Figure> {
  const latencies: number[] = [];
  const deadline = Date.now() + PHASE_SECONDS * 1000;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      const mine = streams.filter((_, index) => index % writers === writer);
      for (let i = 0; Date.now() < deadline; i += 1) {
        const incidentId = mine[i % mine.length];
        const streamId = `incident-${incidentId}`;
        const version = versions.get(streamId) ?? 0;
        const t0 = process.hrtime.bigint();
        const result = await store.append(streamId, version, [event(incidentId, streamId)]);
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        versions.set(streamId, result.nextVersion);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { ...figure(latencies.length, latencies.length, seconds), appendLatencyMs: percentiles(latencies) };
}

async function batchAppends(store: EventStore): Promise<Figure> {
  const latencies: number[] = [];
  const deadline = Date.now() + PHASE_SECONDS * 1000;
  const started = process.hrtime.bigint();
  while (Date.now() < deadline) {
    const incidentId = uuidv7();
    const streamId = `incident-${incidentId}`;
    const batch = Array.from({ length: BATCH_SIZE }, () => event(incidentId, streamId));
    const t0 = process.hrtime.bigint();
    await store.append(streamId, 'no-stream', batch);
    latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    ...figure(latencies.length * BATCH_SIZE, latencies.length, seconds),
    appendLatencyMs: percentiles(latencies),
  };
}

async function readAllFromStart(store: EventStore, decode: boolean): Promise<Figure> {
  const started = process.hrtime.bigint();
  let checkpoint = null;
  let events = 0;
  let pages = 0;
  for (;;) {
    const page: Awaited<ReturnType<EventStore['readAll']>> = await store.readAll(checkpoint, 1000, {
      decode,
    });
    if (page.events.length === 0) break;
    events += page.events.length;
    pages += 1;
    checkpoint = page.checkpoint;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return figure(events, pages, seconds);
}

async function plainInserts(pool: Pool, schema: string, writers: number): Promise<Figure> {
  const deadline = Date.now() + Math.max(2, PHASE_SECONDS / 2) * 1000;
  const latencies: number[] = [];
  const payload = JSON.stringify(event(uuidv7(), 'incident-x'));
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (Date.now() < deadline) {
        const t0 = process.hrtime.bigint();
        await pool.query(`INSERT INTO "${schema}".plain_events (stream_id, data) VALUES ($1, $2)`, [
          's',
          payload,
        ]);
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { ...figure(latencies.length, latencies.length, seconds), appendLatencyMs: percentiles(latencies) };
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = process.hrtime.bigint();
  const value = await work();
  return { value, seconds: round(Number(process.hrtime.bigint() - started) / 1e9) };
}

function figure(events: number, appends: number, seconds: number): Figure {
  return { events, appends, seconds: round(seconds), eventsPerSecond: rate(events, seconds) };
}

function percentiles(samples: number[]): { p50: number; p99: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
  return { p50: at(0.5), p99: at(0.99) };
}

function rate(events: number, seconds: number): number {
  return Math.round(events / seconds);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function log(message: string): void {
  process.stdout.write(`[bench:store] ${message}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`[bench:store] failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});

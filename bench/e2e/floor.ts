/**
 * The floor pipeline of `npm run bench:e2e` (issue 18, point 5): what this machine does with the same reports and no
 * framework, no encryption, no inbox, no event store. Written for the benchmark only. One file, three roles, each
 * its own process (`node -r ts-node/register bench/e2e/floor.ts <role>`), started by saturation.ts over IPC:
 *
 * - `server`: a bare Node HTTP server; POST /incidents inserts the report into a plain table and produces it to
 *   Kafka (key = the new incident id), then answers 201 { incidentId };
 * - `triage`, `outcomes`: a bare kafkajs consumer each, inserting every fetched batch into a plain table of its own
 *   in one statement (the floor's "triage queue" and "outcomes timeline").
 *
 * Each sends { ready: true } once it can take load (listening, or joined to its group).
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { Pool } from 'pg';

export const FLOOR_SCHEMA = 'bench_floor';
export const FLOOR_TOPIC = 'rcrp.bench.floor.v1';
export type FloorRole = 'server' | 'triage' | 'outcomes';

/** The plain tables (owner role, created by saturation.ts before the roles start). */
export const FLOOR_TABLES_SQL = [
  `CREATE SCHEMA IF NOT EXISTS ${FLOOR_SCHEMA}`,
  `CREATE TABLE IF NOT EXISTS ${FLOOR_SCHEMA}.reports (incident_id uuid PRIMARY KEY, report jsonb NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS ${FLOOR_SCHEMA}.triage_calls (incident_id uuid PRIMARY KEY)`,
  `CREATE TABLE IF NOT EXISTS ${FLOOR_SCHEMA}.case_timeline (incident_id uuid PRIMARY KEY)`,
];

const TABLE_OF: Record<Exclude<FloorRole, 'server'>, string> = {
  triage: `${FLOOR_SCHEMA}.triage_calls`,
  outcomes: `${FLOOR_SCHEMA}.case_timeline`,
};

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

async function server(pool: Pool, kafka: Kafka): Promise<void> {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const http = createServer((request, response) => {
    if (request.method !== 'POST' || request.url !== '/incidents') {
      response.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const incidentId = randomUUID();
      const answer = (status: number, body: unknown) =>
        response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      (async () => {
        JSON.parse(text);
        await pool.query(`INSERT INTO ${FLOOR_SCHEMA}.reports (incident_id, report) VALUES ($1, $2)`, [
          incidentId,
          text,
        ]);
        await producer.send({ topic: FLOOR_TOPIC, messages: [{ key: incidentId, value: text }] });
        answer(201, { incidentId });
      })().catch((error: Error) => answer(503, { error: error.message }));
    });
  });
  http.keepAliveTimeout = 60_000;
  await new Promise<void>((done) => http.listen(Number(env('FLOOR_PORT')), '127.0.0.1', done));
}

async function consumer(role: 'triage' | 'outcomes', pool: Pool, kafka: Kafka): Promise<void> {
  const consumer = kafka.consumer({ groupId: env('FLOOR_GROUP'), maxWaitTimeInMs: 20 });
  await consumer.connect();
  await consumer.subscribe({ topic: FLOOR_TOPIC, fromBeginning: false });
  const joined = new Promise<void>((done) => consumer.on(consumer.events.GROUP_JOIN, () => done()));
  await consumer.run({
    eachBatch: async ({ batch }) => {
      const ids = batch.messages.map((message) => message.key?.toString('utf8')).filter(Boolean);
      if (ids.length === 0) return;
      await pool.query(
        `INSERT INTO ${TABLE_OF[role]} (incident_id) SELECT unnest($1::uuid[]) ON CONFLICT DO NOTHING`,
        [ids],
      );
    },
  });
  await joined;
}

async function main(): Promise<void> {
  const role = process.argv[2] as FloorRole;
  const pool = new Pool({ connectionString: env('FLOOR_DATABASE_URL'), max: 10 });
  const kafka = new Kafka({
    clientId: `rcrp-bench-floor-${role}`,
    brokers: env('KAFKA_BROKERS').split(','),
    logLevel: logLevel.NOTHING,
  });
  if (role === 'server') await server(pool, kafka);
  else if (role === 'triage' || role === 'outcomes') await consumer(role, pool, kafka);
  else throw new Error(`unknown floor role ${role}`);
  process.send?.({ ready: true });
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`floor ${process.argv[2]} failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
}

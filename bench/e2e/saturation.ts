/**
 * Issue 18, point 5: where each pipeline saturates on this machine, and what it costs below that. Our system and the
 * floor (floor.ts) are driven by the same open-loop generator (load.ts), one after the other, at rising rates; a
 * step passes with zero errors (every request 2xx, every incident in both read models) and p99 from 201 to the
 * triage read model under 1 s, and the search stops at the first step that does not. Then each pipeline is
 * measured at half of *our* saturation: latency percentiles, CPU per incident for each of its processes and for
 * PostgreSQL and Kafka (utime + stime from /proc), and peak RSS.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { Pool } from 'pg';
import { runLoad, type RequestRecord } from './load';
import { ReadModelProbe } from './probe';
import { readMemory } from './services';
import { FLOOR_SCHEMA, FLOOR_TABLES_SQL, FLOOR_TOPIC, type FloorRole } from './floor';

const ROOT = resolve(__dirname, '..', '..');
const P99_LIMIT_MS = 1000;

export interface Pipeline {
  name: 'ours' | 'floor';
  port: number;
  token: string;
  probe: ReadModelProbe;
  /** The pipeline's own processes by name (CPU and RSS counted each); PostgreSQL and Kafka are added. */
  pids: Record<string, number | undefined>;
  body: (phase: string) => (index: number) => unknown;
}

export interface SaturationOptions {
  steps: readonly number[];
  stepSeconds: number;
  timeoutMs: number;
  /** How long after a step's load its incidents may still arrive. */
  drainMs: number;
  log: (message: string) => void;
}

export interface StepResult {
  rate: number;
  requests: number;
  errors: number;
  toTriageP99Ms: number;
  passed: boolean;
}

export async function findSaturation(
  pipeline: Pipeline,
  options: SaturationOptions,
): Promise<{ reportsPerSecond: number; steps: StepResult[] }> {
  const steps: StepResult[] = [];
  let reportsPerSecond = 0;
  for (const rate of options.steps) {
    const { errors, toTriage, records } = await loadStep(
      pipeline,
      rate,
      options.stepSeconds,
      options,
      `s${rate}`,
    );
    const passed = errors === 0 && toTriage.p99 < P99_LIMIT_MS;
    steps.push({ rate, requests: records.length, errors, toTriageP99Ms: toTriage.p99, passed });
    options.log(
      `${pipeline.name} ${rate}/s: ${errors} errors, p99 to triage ${toTriage.p99} ms: ${passed ? 'passed' : 'saturated'}`,
    );
    if (!passed) break;
    reportsPerSecond = rate;
  }
  // What an overloaded step left on its way is worked off before anything else is measured.
  await pipeline.probe.drain(options.drainMs * 3).catch(() => undefined);
  pipeline.probe.reset();
  return { reportsPerSecond, steps };
}

/** One pipeline at `rate` for `seconds`: latency, CPU per incident per process, peak RSS. */
export async function measureAt(
  pipeline: Pipeline,
  rate: number,
  seconds: number,
  options: SaturationOptions,
) {
  const processes = { ...pipeline.pids, postgres: undefined, kafka: kafkaPid() };
  const cpuBefore = cpuByProcess(processes);
  const rss = new PeakRss(pipeline.pids);
  rss.start();
  const { errors, toTriage, toOutcomes, created } = await loadStep(
    pipeline,
    rate,
    seconds,
    options,
    `m${rate}`,
  );
  rss.stop();
  const cpuAfter = cpuByProcess(processes);
  const cpuMsPerIncident = Object.fromEntries(
    Object.keys(cpuAfter).map((name) => [
      name,
      round(cpuSpent(cpuBefore[name], cpuAfter[name]) / Math.max(created, 1), 2),
    ]),
  );
  return {
    rate,
    seconds,
    created,
    errors,
    toTriageQueueMs: toTriage,
    toOutcomesTimelineMs: toOutcomes,
    cpuMsPerIncident,
    cpuNote:
      'utime+stime over the load and its drain, divided by the incidents created; postgres is every postgres process on the machine (other engineers’ tests included), kafka the broker JVM',
    peakRssMb: rss.peaks(),
  };
}

/**
 * Twice the saturation rate: what an overloaded pipeline answers. Refusals should be 503 with Retry-After and quick
 * (issue 18: p99 under 50 ms, from the moment each request was sent), and every accepted report must still reach
 * both read models (none lost).
 */
export async function overloadAt(
  pipeline: Pipeline,
  rate: number,
  seconds: number,
  options: SaturationOptions,
) {
  const { probe } = pipeline;
  // The accepted ones may queue behind the overload: they get longer to arrive.
  const load = await loadStep(pipeline, rate, seconds, options, `o${rate}`, options.drainMs * 6);
  const refused = load.records.filter(
    (record) => record.outcome.kind === 'non2xx' && record.outcome.status === 503,
  );
  const accepted = load.records.filter((record) => record.outcome.kind === 'ok').length;
  return {
    rate,
    seconds,
    requests: load.records.length,
    accepted,
    refused503: refused.length,
    refused503WithRetryAfter: refused.filter(
      (record) => record.outcome.kind === 'non2xx' && record.outcome.retryAfter,
    ).length,
    otherFailures: load.records.length - accepted - refused.length,
    refusalMsFromSent: percentiles(refused.map((record) => record.doneAt - record.sentAt)),
    acceptedNeverInTriageQueue: probe.pendingCount('triage'),
    acceptedNeverInOutcomesTimeline: probe.pendingCount('outcomes'),
    acceptedToTriageQueueMs: percentiles(probe.delays('triage')),
  };
}

async function loadStep(
  pipeline: Pipeline,
  rate: number,
  seconds: number,
  options: SaturationOptions,
  phase: string,
  drainMs = options.drainMs,
) {
  const { probe } = pipeline;
  probe.reset();
  const load = await runLoad({
    port: pipeline.port,
    token: pipeline.token,
    rate,
    seconds,
    timeoutMs: options.timeoutMs,
    body: pipeline.body(phase),
    onCreated: (id, at) => probe.track(id, at),
  });
  await probe.drain(drainMs);
  const failed = load.records.filter((record: RequestRecord) => record.outcome.kind !== 'ok').length;
  const errors = failed + probe.pendingCount('triage') + probe.pendingCount('outcomes');
  const created = load.records.length - failed;
  return {
    records: load.records,
    errors,
    created,
    toTriage: percentiles(probe.delays('triage')),
    toOutcomes: percentiles(probe.delays('outcomes')),
  };
}

export interface RunningFloor {
  port: number;
  pids: Record<string, number | undefined>;
  stop(): Promise<void>;
}

/** The floor's tables and topic, then its three processes, each waited for until it says it is ready. */
export async function startFloor(
  ownerUrl: string,
  brokers: string[],
  port: number,
  runId: string,
): Promise<RunningFloor> {
  const owner = new Pool({ connectionString: ownerUrl, max: 1 });
  try {
    for (const sql of FLOOR_TABLES_SQL) await owner.query(sql);
  } finally {
    await owner.end();
  }
  const admin = new Kafka({
    clientId: 'rcrp-bench-floor-admin',
    brokers,
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    const partitions = Number(process.env.KAFKA_PARTITIONS ?? 6);
    await admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic: FLOOR_TOPIC, numPartitions: partitions }],
    });
  } finally {
    await admin.disconnect();
  }
  const children: Array<[FloorRole, ChildProcess]> = [];
  const start = (role: FloorRole) => {
    const child = fork(resolve(__dirname, 'floor.ts'), [role], {
      cwd: ROOT,
      execArgv: ['-r', 'ts-node/register/transpile-only'],
      env: {
        ...process.env,
        FLOOR_PORT: String(port),
        FLOOR_GROUP: `bench-floor-${role}-${runId}`,
        FLOOR_DATABASE_URL: ownerUrl,
        KAFKA_BROKERS: brokers.join(','),
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    children.push([role, child]);
    return new Promise<void>((ready, failed) => {
      child.once('message', () => ready());
      child.once('exit', (code) => failed(new Error(`floor ${role} exited (${code}) before it was ready`)));
    });
  };
  await Promise.all((['triage', 'outcomes', 'server'] as const).map(start));
  return {
    port,
    pids: Object.fromEntries(children.map(([role, child]) => [`floor-${role}`, child.pid])),
    stop: async () => {
      await Promise.all(
        children.map(
          ([, child]) =>
            new Promise<void>((done) => {
              if (child.exitCode !== null || child.signalCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}

export const FLOOR_QUERIES = {
  triage: `SELECT incident_id::text AS id FROM ${FLOOR_SCHEMA}.triage_calls WHERE incident_id = ANY($1::uuid[])`,
  outcomes: `SELECT incident_id::text AS id FROM ${FLOOR_SCHEMA}.case_timeline WHERE incident_id = ANY($1::uuid[])`,
};

/** The broker JVM on this machine (whichever checkout started it). */
function kafkaPid(): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('kafka.Kafka')) return Number(entry);
    } catch {
      // Gone meanwhile.
    }
  }
  return undefined;
}

/** utime + stime in ms (100 ticks/s on Linux) per process; `postgres` (pid undefined) is every postgres process. */
function cpuByProcess(processes: Record<string, number | undefined>): Record<string, Map<number, number>> {
  return Object.fromEntries(
    Object.entries(processes).map(([name, pid]) => [
      name,
      name === 'postgres' ? postgresCpuMs() : new Map(pid === undefined ? [] : [[pid, cpuMsOf(pid)]]),
    ]),
  );
}

/** CPU spent between two readings; a backend that exited in between is left out rather than counted negative. */
function cpuSpent(before: Map<number, number>, after: Map<number, number>): number {
  if (after.size === 0) return Number.NaN;
  let total = 0;
  for (const [pid, ms] of after) {
    if (Number.isFinite(ms)) total += ms - (before.get(pid) ?? 0);
  }
  return total;
}

function cpuMsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

function postgresCpuMs(): Map<number, number> {
  const byPid = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') continue;
    } catch {
      continue;
    }
    const ms = cpuMsOf(Number(entry));
    if (Number.isFinite(ms)) byPid.set(Number(entry), ms);
  }
  return byPid;
}

class PeakRss {
  private readonly peak = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly pids: Record<string, number | undefined>) {}

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), 500);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.sample();
  }

  peaks(): Record<string, number> {
    return Object.fromEntries([...this.peak].map(([name, mb]) => [name, round(mb, 1)]));
  }

  private sample(): void {
    for (const [name, pid] of Object.entries(this.pids)) {
      const reading = pid === undefined ? null : readMemory(pid);
      if (reading) this.peak.set(name, Math.max(this.peak.get(name) ?? 0, reading.rssMb));
    }
  }
}

function percentiles(values: readonly number[]): { count: number; p50: number; p99: number } {
  const sorted = Float64Array.from(values).sort();
  const at = (q: number) =>
    sorted.length === 0
      ? Number.NaN
      : round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)], 1);
  return { count: sorted.length, p50: at(0.5), p99: at(0.99) };
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/**
 * `npm run bench:e2e [-- --rate 200 --seconds 60]`: the whole system under a steady surge of incident reports.
 *
 * Starts intake, triage and outcomes as three node processes (built first if dist/ is stale) against the running
 * Kafka and a fresh `rcrp_bench` database, offers `--rate` POST /incidents per second for `--seconds` (open loop, after a
 * warm-up that is not counted), and measures per incident the time from its 201 to its row in triage's queue read
 * model and in outcomes' timeline read model, each service's RSS, and the errors. Writes bench/results/e2e.json.
 * The services are stopped with SIGTERM on every exit path, Ctrl-C included.
 *
 * Options: --rate N (200), --seconds N (60), --warmup N (5), --probe-ms N (10), --timeout-ms N (10000),
 * --give-up-s N (30: how long after the load an incident may still appear), --profile <svc,...> (V8 --cpu-prof of
 * those services, written to .run/bench-profiles/ when they stop), --no-build (use dist/ as it is), --out <file>
 * (default bench/results/e2e.json; use another for exploratory or profiled runs), --stalled-seconds N (20; 0 skips
 * it): after the measured load, a second phase at the same rate with triage's `triage_advice` read model stalled
 * on purpose (its table refuses every row, one advice is given), to show the live queue's latency beside the normal
 * figure (issue 15: one projection must never delay another).
 * --steps 25,50,... (default 25,50,100,150,200,300; empty skips it) and --step-seconds N (30): then the saturation
 * search of issue 18 (bench/e2e/saturation.ts): ours at rising rates until a step has errors or p99 to the triage
 * read model of 1 s or more, ours measured at half its saturation, our services stopped, the floor pipeline
 * (bench/e2e/floor.ts) searched and measured the same way; `saturation` in the results, with `ratioToFloor`.
 * A short run: --seconds 10 --stalled-seconds 0 --steps 25,50,100 --step-seconds 10.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { signDevelopmentToken } from '@rcrp/auth';
import { loadAuthConfig } from '@rcrp/config';
import { openEventStream, type OpenEventStream } from '@rcrp/testing';
import { REPORT_EXAMPLE } from '../apps/intake/src/http/examples';
import { runLoad, type LoadResult, type RequestRecord } from './e2e/load';
import { waitForNoBacklog, type Backlog } from './e2e/consumer-backlog';
import { ReadModelProbe, type ReadModel } from './e2e/probe';
import {
  FLOOR_QUERIES,
  findSaturation,
  measureAt,
  overloadAt,
  startFloor,
  type Pipeline,
} from './e2e/saturation';
import {
  buildIfStale,
  readMemory,
  RssSampler,
  SERVICES,
  ServiceStartError,
  startService,
  stopService,
  waitReady,
  type RunningService,
  type ServiceName,
} from './e2e/services';

const ROOT = resolve(__dirname, '..');
/**
 * A database of the benchmark's own, made anew on every run: what earlier runs or `npm start` left (a queue of
 * thousands of waiting calls, read models of every size) neither slows this run nor hides its calls from the live
 * queue stream, which shows the first 500.
 */
const BENCH_DATABASE = 'rcrp_bench';
const OWNER_URL =
  process.env.DATABASE_OWNER_URL ?? `postgres://rcrp_owner:rcrp_owner@127.0.0.1:5432/${BENCH_DATABASE}`;
/** Not npm start's 3001-3003, so a running `npm start` does not collide with the benchmark. */
const BENCH_PORTS: Record<ServiceName, number> = { intake: 3101, triage: 3102, outcomes: 3103 };
const TARGETS = { p99ToTriageMs: 100, errors: 0, rssMbPerService: 250 };
const READY_TIMEOUT_MS = 120_000;
/** The consumers join their groups after /health/ready: the warm-up's incidents must arrive within this. */
const WARMUP_DRAIN_MS = 90_000;
const IDLE_SAMPLE_MS = 5_000;
const KAFKA_BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092')
  .split(',')
  .map((broker) => broker.trim());
/** A previous run's leftover records are worked off before measuring (see consumer-backlog.ts). */
const BACKLOG_DRAIN_MS = 300_000;
const databaseOf = (url: string): string => new URL(url).pathname.slice(1);

interface Options {
  rate: number;
  seconds: number;
  warmup: number;
  probeMs: number;
  timeoutMs: number;
  giveUpS: number;
  profile: ServiceName[];
  build: boolean;
  stalledSeconds: number;
  out: string;
  /** Rising rates of the saturation search (issue 18); empty skips it and the floor. */
  steps: number[];
  stepSeconds: number;
}

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      rate: { type: 'string', default: '200' },
      seconds: { type: 'string', default: '60' },
      warmup: { type: 'string', default: '5' },
      'probe-ms': { type: 'string', default: '10' },
      'timeout-ms': { type: 'string', default: '10000' },
      'give-up-s': { type: 'string', default: '30' },
      profile: { type: 'string' },
      'no-build': { type: 'boolean', default: false },
      'stalled-seconds': { type: 'string', default: '20' },
      steps: { type: 'string', default: '25,50,100,150,200,300' },
      'step-seconds': { type: 'string', default: '30' },
      out: { type: 'string', default: resolve(__dirname, 'results', 'e2e.json') },
    },
  });
  const positive = (name: string, raw: string | undefined): number => {
    const value = Number(raw);
    if (!Number.isFinite(value) || value < 0)
      throw new Error(`--${name} must be a non-negative number, got ${raw}`);
    return value;
  };
  const profile = values.profile ? values.profile.split(',').map((name) => name.trim()) : [];
  for (const name of profile) {
    if (!(SERVICES as readonly string[]).includes(name))
      throw new Error(`--profile takes a comma list of ${SERVICES.join(', ')}`);
  }
  return {
    rate: positive('rate', values.rate),
    seconds: positive('seconds', values.seconds),
    warmup: positive('warmup', values.warmup),
    probeMs: positive('probe-ms', values['probe-ms']),
    timeoutMs: positive('timeout-ms', values['timeout-ms']),
    giveUpS: positive('give-up-s', values['give-up-s']),
    profile: profile as ServiceName[],
    build: !values['no-build'],
    stalledSeconds: positive('stalled-seconds', values['stalled-seconds']),
    out: resolve(values.out ?? resolve(__dirname, 'results', 'e2e.json')),
    steps: (values.steps ?? '')
      .split(',')
      .filter((step) => step.trim() !== '')
      .map((step) => positive('steps', step)),
    stepSeconds: positive('step-seconds', values['step-seconds']),
  };
}

/** Kafka up (scripts/infra/up.sh if not), development secrets present, a fresh rcrp_bench database migrated. */
function prepareInfrastructure(): void {
  const run = (what: string, command: string, args: string[]) => {
    const result = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8' });
    if (result.status !== 0) throw new ServiceStartError(`${what} failed:\n${result.stdout}${result.stderr}`);
  };
  if (spawnSync('bash', ['scripts/infra/kafka.sh', 'status'], { cwd: ROOT }).status !== 0) {
    log('Kafka is down: bash scripts/infra/up.sh');
    run('scripts/infra/up.sh', 'bash', ['scripts/infra/up.sh']);
  }
  run('scripts/ensure-env.ts', 'npx', [
    'ts-node',
    '--transpile-only',
    '-r',
    'tsconfig-paths/register',
    'scripts/ensure-env.ts',
  ]);
  log(`making a fresh database ${BENCH_DATABASE}`);
  const fresh = spawnSync('bash', ['scripts/infra/postgres.sh'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, RCRP_DATABASES: BENCH_DATABASE, RCRP_RESET_DATABASE: BENCH_DATABASE },
  });
  if (fresh.status !== 0)
    throw new ServiceStartError(`scripts/infra/postgres.sh failed:\n${fresh.stdout}${fresh.stderr}`);
  log(`migrating database ${BENCH_DATABASE}`);
  run('migrate', 'npm', ['run', '-s', 'migrate', '--', '--database', BENCH_DATABASE]);
}

function portOf(name: ServiceName): number {
  const configured = process.env[`${name.toUpperCase()}_PORT`];
  return configured ? Number(configured) : BENCH_PORTS[name];
}

/** A realistic CAD report (personal fields included, so intake encrypts as in production), unique per request. */
function reportBody(runId: string, phase: string): (index: number) => unknown {
  return (index) => ({
    ...REPORT_EXAMPLE,
    source: { system: 'met-cad', externalRef: `BENCH-${runId}-${phase}-${index}` },
    reportedAt: new Date().toISOString(),
  });
}

function percentiles(values: readonly number[]): {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
} {
  const sorted = Float64Array.from(values).sort();
  const at = (q: number) =>
    sorted.length === 0
      ? Number.NaN
      : round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]);
  return {
    count: sorted.length,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    max: sorted.length === 0 ? Number.NaN : round(sorted[sorted.length - 1]),
  };
}

function round(value: number, digits = 1): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** utime + stime of a process in ms (clock ticks are 100/s on Linux). */
function cpuMsOf(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

function versionOf(pkg: string): string {
  try {
    return (
      JSON.parse(readFileSync(resolve(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
  } catch {
    return 'unknown';
  }
}

function kafkaVersion(): string {
  const pom = readFileSync(resolve(ROOT, 'infra', 'kafka', 'pom.xml'), 'utf8');
  return /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(pom)?.[1] ?? 'unknown';
}

function errorsOf(records: RequestRecord[]): {
  non2xx: Record<string, number>;
  timeouts: number;
  network: Record<string, number>;
} {
  const non2xx: Record<string, number> = {};
  const network: Record<string, number> = {};
  let timeouts = 0;
  for (const { outcome } of records) {
    if (outcome.kind === 'non2xx') non2xx[outcome.status] = (non2xx[outcome.status] ?? 0) + 1;
    else if (outcome.kind === 'timeout') timeouts += 1;
    else if (outcome.kind === 'network') network[outcome.code] = (network[outcome.code] ?? 0) + 1;
  }
  return { non2xx, timeouts, network };
}

function log(message: string): void {
  process.stderr.write(`[bench:e2e] ${message}\n`);
}

async function main(): Promise<void> {
  const options = parseOptions();
  const loadAtStart = loadavg().map((value) => round(value, 2));
  log(`load average at start: ${loadAtStart.join(' ')} on ${cpus().length} CPUs`);
  prepareInfrastructure();
  if (options.build) buildIfStale(log);

  const running: RunningService[] = [];
  let stopping: Promise<unknown> | null = null;
  const stopAll = () =>
    (stopping ??= Promise.all(
      running.map(async (service) => {
        const { exitCode, signal, killed } = await stopService(service);
        const how = killed
          ? 'killed after ignoring SIGTERM for 15 s'
          : exitCode !== null
            ? `exit code ${exitCode}`
            : `signal ${signal}`;
        log(`${service.name} stopped (${how}); its output: ${service.logPath}`);
        return { service: service.name, exitCode, signal, killed };
      }),
    ));
  const onSignal = (signal: NodeJS.Signals) => {
    log(`${signal}: stopping the services`);
    void stopAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  let probe: ReadModelProbe | null = null;
  let queueStream: OpenEventStream | null = null;
  try {
    const profileDir = resolve(ROOT, '.run', 'bench-profiles');
    if (options.profile.length > 0) mkdirSync(profileDir, { recursive: true });
    for (const name of SERVICES) {
      const nodeFlags = options.profile.includes(name) ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
      // A stalled projection is reported after 2 s (default 30), so the stalled phase can wait for readiness to say so.
      const env = {
        ...process.env,
        LOG_LEVEL: 'warn',
        HEALTH_PROJECTION_STALL_SECONDS: '2',
        DATABASE_URL: `postgres://rcrp_${name}:rcrp_${name}@127.0.0.1:5432/${BENCH_DATABASE}`,
      };
      running.push(startService(name, portOf(name), env, nodeFlags));
    }
    await Promise.all(running.map((service) => waitReady(service, READY_TIMEOUT_MS)));
    log(`ready: ${running.map((s) => `${s.name} :${s.port} (pid ${s.process.pid})`).join(', ')}`);

    const backlogAtStart: Backlog = await waitForNoBacklog(
      KAFKA_BROKERS,
      databaseOf(OWNER_URL),
      BACKLOG_DRAIN_MS,
      log,
    );

    const token = await signDevelopmentToken(loadAuthConfig(), {
      sub: 'PC-BENCH',
      role: 'officer',
      ttl: '2h',
    });
    probe = await ReadModelProbe.connect(OWNER_URL, options.probeMs);
    probe.start();
    // What a clinician's console sees (issue 16): each new call's `added` event on the live queue stream.
    const clinicianToken = await signDevelopmentToken(loadAuthConfig(), {
      sub: 'RN-BENCH',
      role: 'clinician',
      ttl: '2h',
    });
    queueStream = await openEventStream(`http://127.0.0.1:${running[1].port}/triage/queue/stream`, {
      authorization: `Bearer ${clinicianToken}`,
    });
    const streamedAt = new Map<string, number>();
    const createdAt = new Map<string, number>();
    let streamCounted = false;
    queueStream.onEvent((event) => {
      if (event.event !== 'added') return;
      const id = (event.data as { incidentId?: string }).incidentId;
      if (id && !streamedAt.has(id)) streamedAt.set(id, performance.now());
    });
    // CPU the services burn doing nothing (timers, heartbeats, polling), so the per-incident cost can be separated.
    const idleStart = new Map(running.map((s) => [s.name, cpuMsOf(s.process.pid)]));
    await new Promise((done) => setTimeout(done, IDLE_SAMPLE_MS));
    const idleCpuMsPerSecond = new Map(
      running.map((s) => [
        s.name,
        ((cpuMsOf(s.process.pid) - (idleStart.get(s.name) ?? NaN)) / IDLE_SAMPLE_MS) * 1000,
      ]),
    );
    const sampler = new RssSampler(running);
    sampler.start();
    const runId = randomUUID().slice(0, 8);
    const intake = running[0];
    const activeProbe = probe;

    // Warm-up: the JIT, the pools, the consumer groups' joins. Its incidents must all arrive before measuring.
    if (options.warmup > 0) {
      log(`warm-up: ${options.rate}/s for ${options.warmup} s (not counted)`);
      const warm = await runLoad({
        port: intake.port,
        token,
        rate: options.rate,
        seconds: options.warmup,
        timeoutMs: options.timeoutMs,
        body: reportBody(runId, 'warm'),
        onCreated: (id, at) => activeProbe.track(id, at),
      });
      const warmErrors = warm.records.filter((record) => record.outcome.kind !== 'ok').length;
      await activeProbe.drain(WARMUP_DRAIN_MS);
      const stuck = activeProbe.pendingCount('triage') + activeProbe.pendingCount('outcomes');
      log(
        `warm-up done: ${warm.records.length} requests, ${warmErrors} errors, ${stuck} not yet in a read model`,
      );
      for (const failure of warm.failureSamples.slice(0, 2))
        log(`warm-up failure: ${failure.status} ${failure.body}`);
      if (stuck > 0)
        throw new Error(
          `${stuck} warm-up incidents never reached a read model within ${WARMUP_DRAIN_MS / 1000} s`,
        );
      activeProbe.reset();
    }

    const cpuBefore = new Map(running.map((s) => [s.name, cpuMsOf(s.process.pid)]));
    log(`load: ${options.rate}/s for ${options.seconds} s`);
    const load: LoadResult = await runLoad({
      port: intake.port,
      token,
      rate: options.rate,
      seconds: options.seconds,
      timeoutMs: options.timeoutMs,
      body: reportBody(runId, 'run'),
      onCreated: (id, at) => {
        activeProbe.track(id, at);
        createdAt.set(id, at);
      },
    });
    streamCounted = true;
    const cpuAfterLoad = new Map(running.map((s) => [s.name, cpuMsOf(s.process.pid)]));
    const loadWallMs = performance.now() - load.startedAt;
    log(
      `load done; waiting up to ${options.giveUpS} s for ${activeProbe.pendingCount('triage')} / ${activeProbe.pendingCount('outcomes')} incidents still on their way to triage / outcomes`,
    );
    await activeProbe.drain(options.giveUpS * 1000);
    sampler.stop();
    const loadAtEnd = loadavg().map((value) => round(value, 2));
    const memory = Object.fromEntries(
      running.map((s) => {
        const reading = s.process.pid === undefined ? null : readMemory(s.process.pid);
        return [
          s.name,
          {
            peakRssMbSampled: round(sampler.peakRssMb.get(s.name) ?? Number.NaN),
            vmHwmMbAtEnd: round(reading?.hwmMb ?? Number.NaN),
            samples: sampler.samples.get(s.name) ?? 0,
          },
        ];
      }),
    );
    const loadSeconds = (load.lastDueAt - load.startedAt) / 1000;
    const lastDone = Math.max(...load.records.map((r) => r.doneAt));
    const created = load.records.filter((r) => r.outcome.kind === 'ok' && r.outcome.status === 201).length;
    const errors = {
      ...errorsOf(load.records),
      neverInTriageQueue: activeProbe.pendingCount('triage'),
      neverInOutcomesTimeline: activeProbe.pendingCount('outcomes'),
      createdWithoutReadableId:
        created - activeProbe.delays('triage').length - activeProbe.pendingCount('triage'),
    };
    const errorCount =
      Object.values(errors.non2xx).reduce((a, b) => a + b, 0) +
      errors.timeouts +
      Object.values(errors.network).reduce((a, b) => a + b, 0) +
      errors.neverInTriageQueue +
      errors.neverInOutcomesTimeline;
    const toTriage = percentiles(activeProbe.delays('triage'));
    // Pushed to the stream: 201 -> `added` on GET /triage/queue/stream (target: within 1 s).
    const streamDelays = [...createdAt].flatMap(([id, at]) => {
      const seen = streamedAt.get(id);
      return seen === undefined ? [] : [Math.max(0, seen - at)];
    });
    const toQueueStream = {
      ...percentiles(streamDelays),
      neverStreamed: streamCounted ? createdAt.size - streamDelays.length : null,
      targetMs: 1000,
    };
    const toOutcomes = percentiles(activeProbe.delays('outcomes'));
    const resolution = (model: ReadModel) => ({
      pollEveryMs: options.probeMs,
      gapBetweenQueriesMs: percentiles(activeProbe.gaps(model)),
      queryMs: percentiles(activeProbe.queryMs(model)),
    });
    const peakRss = Object.fromEntries(running.map((s) => [s.name, memory[s.name].peakRssMbSampled]));
    const result = {
      date: new Date().toISOString(),
      command: [
        'npm run bench:e2e',
        ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : []),
      ].join(' '),
      workload: {
        endpoint:
          'POST /incidents (officer token, CAD report with a unique external reference and personal fields)',
        rateTarget: options.rate,
        seconds: options.seconds,
        warmupSeconds: options.warmup,
        requests: load.records.length,
        scheduling: 'open loop: request i due at start + i/rate, latency counted from when it was due',
        requestTimeoutMs: options.timeoutMs,
        giveUpAfterLoadSeconds: options.giveUpS,
        services:
          'three node processes (node dist/apps/<svc>/main.js), LOG_LEVEL=warn, database rcrp_bench (made anew for the run), Kafka 127.0.0.1:9092',
        profiled: options.profile.length > 0 ? options.profile : null,
        consumerConcurrency: Number(process.env.KAFKA_CONSUMER_CONCURRENCY ?? 3),
        backlogDrainedBeforeStart: backlogAtStart,
      },
      targets: TARGETS,
      targetsMet: {
        p99ToTriage: toTriage.p99 <= TARGETS.p99ToTriageMs,
        p99ToQueueStreamWithin1s: toQueueStream.p99 <= 1000,
        zeroErrors: errorCount === 0,
        rss: Object.values(peakRss).every((mb) => mb <= TARGETS.rssMbPerService),
      },
      toTriageQueueMs: toTriage,
      toQueueStreamMs: toQueueStream,
      toOutcomesTimelineMs: toOutcomes,
      probe: {
        method:
          'per read model, one indexed query every pollEveryMs over the ids still pending (owner role): triage.triage_calls by incident_id, outcomes.case_timeline by incident_id; an incident is credited at the issue time of the first query that returns it, so each figure is an upper bound, at most one gap between queries too high',
        triage: resolution('triage'),
        outcomes: resolution('outcomes'),
      },
      requestLatencyMs: {
        fromDue: percentiles(load.records.map((r) => r.doneAt - r.dueAt)),
        fromSent: percentiles(load.records.map((r) => r.doneAt - r.sentAt)),
        generatorMaxSendLagMs: round(load.maxSendLagMs),
      },
      achieved: {
        // N requests due over (N - 1) intervals.
        offeredPerSecond: round((load.records.length - 1) / Math.max(loadSeconds, 1e-9), 1),
        createdPerSecond: round(created / ((lastDone - load.startedAt) / 1000), 1),
        created,
      },
      errors: { total: errorCount, ...errors, firstFailures: load.failureSamples },
      memoryMb: memory,
      peakRssMb: peakRss,
      cpu: Object.fromEntries(
        running.map((s) => {
          const duringLoad = (cpuAfterLoad.get(s.name) ?? NaN) - (cpuBefore.get(s.name) ?? NaN);
          const idlePerSecond = idleCpuMsPerSecond.get(s.name) ?? NaN;
          return [
            s.name,
            {
              msDuringLoad: round(duringLoad, 0),
              idleMsPerSecond: round(idlePerSecond),
              // Work the load caused, per 201 (the incident then also passes through triage and outcomes).
              msPerCreatedIncident: round(
                (duringLoad - (idlePerSecond * loadWallMs) / 1000) / Math.max(created, 1),
                2,
              ),
            },
          ];
        }),
      ),
      machine: {
        cpuCount: cpus().length,
        cpuModel: cpus()[0]?.model,
        loadAverageAtStart: loadAtStart,
        loadAverageAtEnd: loadAtEnd,
        note: 'shared machine: other engineers run builds, tests and benchmarks on the same CPUs',
      },
      versions: {
        node: process.version,
        rcrp: (JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { version: string })
          .version,
        '@nestjs/core': versionOf('@nestjs/core'),
        kafkajs: versionOf('kafkajs'),
        pg: versionOf('pg'),
        '@opentelemetry/sdk-node': versionOf('@opentelemetry/sdk-node'),
        kafka: kafkaVersion(),
        postgres: await postgresVersion(),
      },
    };
    if (options.stalledSeconds > 0) {
      const stalled = await stalledProjectionPhase({
        intakePort: intake.port,
        triagePort: running[1].port,
        officerToken: token,
        rate: options.rate,
        seconds: options.stalledSeconds,
        timeoutMs: options.timeoutMs,
        giveUpS: options.giveUpS,
        probe: activeProbe,
        body: reportBody(runId, 'stalled'),
      });
      Object.assign(result, {
        withProjectionStalled: {
          ...stalled,
          ratioToNormal: {
            p50: round(stalled.toTriageQueueMs.p50 / toTriage.p50, 2),
            p99: round(stalled.toTriageQueueMs.p99 / toTriage.p99, 2),
          },
        },
      });
    }
    if (options.steps.length > 0) {
      Object.assign(result, {
        saturation: await saturationPhase({
          options,
          ours: {
            name: 'ours',
            port: intake.port,
            token,
            probe: activeProbe,
            pids: Object.fromEntries(running.map((s) => [s.name, s.process.pid])),
            body: (phase) => reportBody(runId, phase),
          },
          stopOurs: stopAll,
          runId,
        }),
      });
    }
    const path = options.out;
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    log(`written ${path}`);
  } finally {
    queueStream?.close();
    await probe?.close();
    await stopAll();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}

/** Fixed for the floor's server, beside the services' 3101-3103. */
const FLOOR_PORT = 3109;

/**
 * Issue 18: ours and the floor at rising rates until each saturates, each then measured at half of our saturation
 * (the floor after our services are stopped, so the two never share the CPUs).
 */
async function saturationPhase(input: {
  options: Options;
  ours: Pipeline;
  stopOurs: () => Promise<unknown>;
  runId: string;
}) {
  const { options, ours } = input;
  const search = {
    steps: options.steps,
    stepSeconds: options.stepSeconds,
    timeoutMs: options.timeoutMs,
    drainMs: Math.min(options.giveUpS, 10) * 1000,
    log,
  };
  log(`saturation: ours at ${options.steps.join(', ')}/s, ${options.stepSeconds} s each`);
  const oursSaturation = await findSaturation(ours, search);
  const halfRate = Math.max(1, Math.floor((oursSaturation.reportsPerSecond || options.steps[0]) / 2));
  log(`ours saturates at ${oursSaturation.reportsPerSecond}/s; measuring both at ${halfRate}/s`);
  const oursAtHalf = await measureAt(ours, halfRate, options.stepSeconds, search);
  const overloadRate = 2 * Math.max(oursSaturation.reportsPerSecond, options.steps[0]);
  log(`ours at twice its saturation: ${overloadRate}/s`);
  const oursOverloaded = await overloadAt(ours, overloadRate, options.stepSeconds, search);
  await input.stopOurs();

  const floor = await startFloor(OWNER_URL, KAFKA_BROKERS, FLOOR_PORT, input.runId);
  const floorProbe = await ReadModelProbe.connect(OWNER_URL, options.probeMs, FLOOR_QUERIES);
  floorProbe.start();
  try {
    const floorPipeline: Pipeline = {
      name: 'floor',
      port: floor.port,
      token: 'unused',
      probe: floorProbe,
      pids: floor.pids,
      body: (phase) => reportBody(input.runId, `floor-${phase}`),
    };
    log(`saturation: floor at ${options.steps.join(', ')}/s`);
    const floorSaturation = await findSaturation(floorPipeline, search);
    const floorAtHalf = await measureAt(floorPipeline, halfRate, options.stepSeconds, search);
    return {
      method:
        'same open-loop generator, ours then the floor, rising rates; a step passes with zero errors and p99 201 -> triage read model < 1 s; each measured at half of our saturation',
      steps: options.steps,
      stepSeconds: options.stepSeconds,
      floor: {
        what: 'bare node:http server: INSERT into a plain table, produce to Kafka (key = incident id), 201; two bare kafkajs consumers inserting each fetched batch into a plain table (the floor triage queue and outcomes timeline); no framework, no encryption, no inbox, no event store',
        saturation: floorSaturation,
        atHalfOfOurSaturation: floorAtHalf,
      },
      ours: {
        saturation: oursSaturation,
        atHalfOfOurSaturation: oursAtHalf,
        atTwiceOurSaturation: oursOverloaded,
      },
      ratioToFloor:
        floorSaturation.reportsPerSecond > 0
          ? round(oursSaturation.reportsPerSecond / floorSaturation.reportsPerSecond, 2)
          : null,
      saturatedWithinSteps: {
        ours: oursSaturation.steps.some((step) => !step.passed),
        floor: floorSaturation.steps.some((step) => !step.passed),
      },
    };
  } finally {
    await floorProbe.close();
    await floor.stop();
  }
}

const STALL_CONSTRAINT = 'bench_stalled_projection_refuses_every_row';

interface StalledPhaseOptions {
  intakePort: number;
  triagePort: number;
  officerToken: string;
  rate: number;
  seconds: number;
  timeoutMs: number;
  giveUpS: number;
  probe: ReadModelProbe;
  body: (index: number) => unknown;
}

/**
 * The same load with `triage.triage_advice` unable to apply an event: its table gets a CHECK constraint that refuses
 * every row, then one call is answered and advised through the API. Readiness must name the stalled projection
 * before the load starts and still at its end (else the phase did not measure what it says). The constraint is
 * dropped on every exit path, and the projection then applies the advice.
 */
async function stalledProjectionPhase(options: StalledPhaseOptions) {
  const { Client } = await import('pg');
  const owner = new Client({ connectionString: OWNER_URL });
  await owner.connect();
  const triage = `http://127.0.0.1:${options.triagePort}`;
  const clinician = await signDevelopmentToken(loadAuthConfig(), {
    sub: 'RN-BENCH',
    role: 'clinician',
    ttl: '1h',
  });
  const stalledNames = async (): Promise<string[]> => {
    const ready = (await (await fetch(`${triage}/health/ready`)).json()) as {
      checks?: { projections?: { details?: { stalled?: Array<{ projection: string }> } } };
    };
    return (ready.checks?.projections?.details?.stalled ?? []).map((entry) => entry.projection);
  };
  const waitUntil = async (what: string, predicate: () => Promise<boolean>, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await predicate())) {
      if (Date.now() > deadline) throw new Error(`stalled phase: timed out waiting for ${what}`);
      await new Promise((done) => setTimeout(done, 200));
    }
  };
  const postJson = async (url: string, token: string, body: unknown) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`stalled phase: POST ${url} answered ${response.status}`);
    return (await response.json()) as Record<string, unknown>;
  };
  try {
    const { incidentId } = await postJson(
      `http://127.0.0.1:${options.intakePort}/incidents`,
      options.officerToken,
      options.body(-1),
    );
    await waitUntil(
      'the advised call to be queued',
      async () =>
        (
          await fetch(`${triage}/triage/${String(incidentId)}`, {
            headers: { authorization: `Bearer ${clinician}` },
          })
        ).status === 200,
      30_000,
    );
    await owner.query(
      `ALTER TABLE triage.triage_advice ADD CONSTRAINT ${STALL_CONSTRAINT} CHECK (false) NOT VALID`,
    );
    await postJson(`${triage}/triage/${String(incidentId)}/answer`, clinician, {
      profession: 'registered-nurse',
    });
    await postJson(`${triage}/triage/${String(incidentId)}/advice`, clinician, {
      profession: 'registered-nurse',
      recommendation: 'refer-to-crisis-team',
      rationale: 'Benchmark: the advice the stalled read model cannot take.',
    });
    await waitUntil(
      'readiness to name triage_advice as stalled',
      async () => (await stalledNames()).includes('triage_advice'),
      60_000,
    );
    options.probe.reset();
    log(`stalled phase: triage_advice stalled; ${options.rate}/s for ${options.seconds} s`);
    const load = await runLoad({
      port: options.intakePort,
      token: options.officerToken,
      rate: options.rate,
      seconds: options.seconds,
      timeoutMs: options.timeoutMs,
      body: options.body,
      onCreated: (id, at) => options.probe.track(id, at),
    });
    await options.probe.drain(options.giveUpS * 1000);
    const stillStalled = (await stalledNames()).includes('triage_advice');
    if (!stillStalled)
      throw new Error('stalled phase: triage_advice recovered during the load; not a stalled run');
    return {
      projection: 'triage.triage_advice',
      how: 'CHECK (false) NOT VALID on triage.triage_advice, then one AdviceGiven through the API; readiness named it stalled before and after the load',
      seconds: options.seconds,
      requests: load.records.length,
      errors: errorsOf(load.records),
      neverInTriageQueue: options.probe.pendingCount('triage'),
      toTriageQueueMs: percentiles(options.probe.delays('triage')),
    };
  } finally {
    await owner.query(`ALTER TABLE triage.triage_advice DROP CONSTRAINT IF EXISTS ${STALL_CONSTRAINT}`);
    await owner.end();
  }
}

async function postgresVersion(): Promise<string> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: OWNER_URL });
  await client.connect();
  try {
    return (await client.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version;
  } finally {
    await client.end();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:e2e failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});

/**
 * `npm run bench:store`: our event store side by side with Emmett's PostgreSQL event store and plain INSERT
 * statements, on the same local PostgreSQL in the same run (issue 10, "Store vs peers").
 *
 * Each system runs in its own child process (bench/store/subject-process.ts) and its own throw-away schema of
 * `rcrp_test`. The workloads are interleaved, ours / Emmett / plain, ours / Emmett / plain, ... for BENCH_ROUNDS
 * rounds of BENCH_PHASE_SECONDS each, and the medians are reported: the machine is shared and noisy, and
 * interleaving spreads the noise over all three instead of penalising whoever ran during a burst.
 * Writes bench/results/store.json. BENCH_CPU_PROF=<ours|emmett|plainSql> writes a V8 CPU profile of that
 * subject's process to .run/bench-profiles/.
 */
import { fork, ChildProcess } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Pool } from 'pg';
import { median, ratio, round } from './lib/stats';
import { OWNER_URL } from './store/bench-database';
import { PERSONAL_FIELDS } from './store/sample-event';
import { SUBJECT_NAMES, SubjectName } from './store/subject';
import type { SubjectReply, SubjectRequest } from './store/subject-process';
import {
  APPEND_WORKLOADS,
  BATCH_SIZE,
  Figure,
  READ_LIMIT,
  READ_PAGE_SIZE,
  STREAMS,
  WorkloadName,
} from './store/workloads';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PHASE_SECONDS = Number(process.env.BENCH_PHASE_SECONDS ?? 4);
const PROFILED = process.env.BENCH_CPU_PROF as SubjectName | undefined;
/** Targets of issue 10 for every append workload. */
const TARGET_TO_EMMETT = 1.2;
const TARGET_TO_PLAIN_SQL = 0.5;

type Request = SubjectRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/** A subject's child process, with request/reply over IPC. */
class SubjectProcess {
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void }
  >();
  private readonly child: ChildProcess;

  constructor(readonly name: SubjectName) {
    const profile =
      PROFILED === name
        ? ['--cpu-prof', `--cpu-prof-dir=${resolve(__dirname, '..', '.run', 'bench-profiles')}`]
        : [];
    this.child = fork(resolve(__dirname, 'store', 'subject-process.ts'), [name], {
      execArgv: [...profile, '-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('message', (reply: SubjectReply) => {
      const waiter = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (reply.ok) waiter?.resolve(reply.value);
      else waiter?.reject(new Error(`${name}: ${reply.error}`));
    });
    this.child.on('exit', (code) => {
      for (const waiter of this.pending.values())
        waiter.reject(new Error(`${name} process exited (${code})`));
      this.pending.clear();
    });
  }

  request<T>(request: Request): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolvePromise, reject) => {
      this.pending.set(id, { resolve: resolvePromise as (value: unknown) => void, reject });
      this.child.send({ ...request, id });
    });
  }

  /** Waits for the child to end on its own (a CPU profile is written at exit), then kills it. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    await new Promise<void>((resolveExit) => {
      const timer = setTimeout(() => {
        this.child.kill();
        resolveExit();
      }, 10_000);
      this.child.once('exit', () => {
        clearTimeout(timer);
        resolveExit();
      });
    });
  }
}

async function main(): Promise<void> {
  const loadAtStart = round(loadavg()[0], 2);
  const subjects = SUBJECT_NAMES.map((name) => new SubjectProcess(name));
  const samples = new Map<WorkloadName, Map<SubjectName, Figure[]>>();
  const record = (workload: WorkloadName, subject: SubjectName, result: Figure) => {
    const bySubject = samples.get(workload) ?? new Map<SubjectName, Figure[]>();
    samples.set(workload, bySubject);
    bySubject.set(subject, [...(bySubject.get(subject) ?? []), result]);
  };
  const started = Date.now();
  try {
    await Promise.all(subjects.map((subject) => subject.request({ kind: 'setup' })));
    log(`${ROUNDS} rounds x ${PHASE_SECONDS}s per phase, subjects interleaved: ${SUBJECT_NAMES.join(' / ')}`);
    for (let roundNumber = 1; roundNumber <= ROUNDS; roundNumber += 1) {
      for (const workload of APPEND_WORKLOADS) {
        for (const subject of subjects) {
          const result = await subject.request<Figure>({ kind: 'run', workload, seconds: PHASE_SECONDS });
          record(workload, subject.name, result);
          log(`round ${roundNumber} ${workload} ${subject.name}: ${result.eventsPerSecond} events/s`);
        }
      }
    }
    // Reads after all appends, so each subject reads everything it stored (roughly the same volume for each).
    for (let roundNumber = 1; roundNumber <= ROUNDS; roundNumber += 1) {
      for (const subject of subjects) {
        const result = await subject.request<Figure>({
          kind: 'run',
          workload: 'readAllFromStart',
          seconds: 0,
        });
        record('readAllFromStart', subject.name, result);
        log(
          `round ${roundNumber} readAllFromStart ${subject.name}: ${result.eventsPerSecond} events/s (${result.events} events)`,
        );
      }
    }
    const versions = Object.assign(
      {},
      ...(await Promise.all(
        subjects.map((subject) => subject.request<Record<string, string>>({ kind: 'versions' })),
      )),
    ) as Record<string, string>;
    await Promise.all(subjects.map((subject) => subject.request({ kind: 'teardown' })));

    const results = summarise(samples);
    const output = {
      date: new Date().toISOString(),
      command: [
        ...(process.env.BENCH_ROUNDS ? [`BENCH_ROUNDS=${process.env.BENCH_ROUNDS}`] : []),
        ...(process.env.BENCH_PHASE_SECONDS
          ? [`BENCH_PHASE_SECONDS=${process.env.BENCH_PHASE_SECONDS}`]
          : []),
        'npm run bench:store',
      ].join(' '),
      durationSeconds: Math.round((Date.now() - started) / 1000),
      machine: {
        cpuCount: cpus().length,
        cpuModel: cpus()[0]?.model ?? 'unknown',
        node: process.version,
        postgres: await serverVersion(),
        loadAverage1mAtStart: loadAtStart,
        loadAverage1mAtEnd: round(loadavg()[0], 2),
        note: 'PostgreSQL, the benchmark and anything else running share these CPUs; figures are medians of interleaved rounds.',
      },
      versions,
      workload: {
        rounds: ROUNDS,
        phaseSeconds: PHASE_SECONDS,
        order:
          'per round: each append workload against ours, emmett, plainSql in turn; then readAllFromStart likewise',
        streams: STREAMS,
        batchSize: BATCH_SIZE,
        readPageSize: READ_PAGE_SIZE,
        poolSize: 17,
        event: `IncidentReported-like envelope (~600 bytes JSON); ours encrypts ${PERSONAL_FIELDS.join(', ')} per subject (AES-256-GCM) as intake does, the peers store them in clear`,
        singleAppends:
          'each writer owns a disjoint slice of the 1,000 streams and appends one event at the known version',
        batchedAppends: `one writer, ${BATCH_SIZE} events per append to a new stream`,
        readAllFromStart: `the first ${READ_LIMIT} events from position 0 in pages of ${READ_PAGE_SIZE}, after ANALYZE: ours through readAll (gap-safe, as stored), Emmett through readMessagesBatch (gap-safe too), plain SQL by position. Capped because Emmett's feed query has no index on its order and sorts the whole table per page (EXPLAIN ANALYZE: a bitmap scan of every row and a top-N sort, ~0.6 s per page at 160,000 events)`,
        ours: '@rcrp/event-store as intake runs it: app role, hash chain, unique (stream, version) and event id, immutability and NOTIFY triggers, personal fields encrypted (a data key per subject, so per incident: created on its first event, looked up again once the 2 s key cache has expired)',
        oursClear: 'the same store and schema with no personal fields declared: the same work as the peers',
        emmett: 'getPostgreSQLEventStore + appendToStream(expectedStreamVersion), own schema, own migration',
        plainSql:
          'single-row INSERT (a batch: one multi-row INSERT) into a bare table: no constraint but the primary key, no trigger, no hash',
      },
      targets: { appendsToEmmett: TARGET_TO_EMMETT, appendsToPlainSql: TARGET_TO_PLAIN_SQL },
      results,
    };
    const out = resolve(__dirname, 'results', 'store.json');
    mkdirSync(resolve(__dirname, 'results'), { recursive: true });
    writeFileSync(out, `${JSON.stringify(output, null, 2)}\n`);
    for (const [workload, row] of Object.entries(results)) {
      log(
        `${workload}: ours ${row.ours.eventsPerSecond}, ours clear ${row.oursClear.eventsPerSecond}, emmett ${row.emmett.eventsPerSecond}, plain ${row.plainSql.eventsPerSecond} events/s; ` +
          `ours/emmett ${row.oursToEmmett}x, ours/plain ${row.oursToPlainSql}x, ours clear/emmett ${row.oursClearToEmmett}x, ours clear/plain ${row.oursClearToPlainSql}x`,
      );
    }
    log(`written ${out} in ${output.durationSeconds}s`);
  } catch (error) {
    // Best effort: drop the throw-away schemas of the subjects still alive, then report the failure.
    await Promise.allSettled(subjects.map((subject) => subject.request({ kind: 'teardown' })));
    throw error;
  } finally {
    await Promise.all(subjects.map((subject) => subject.stop()));
  }
}

function summarise(samples: Map<WorkloadName, Map<SubjectName, Figure[]>>) {
  const results: Record<string, ReturnType<typeof row>> = {};
  for (const [workload, bySubject] of samples) results[workload] = row(workload, bySubject);
  return results;
}

function row(workload: WorkloadName, bySubject: Map<SubjectName, Figure[]>) {
  const summary = (name: SubjectName) => {
    const figures = bySubject.get(name) ?? [];
    const latencies = figures.flatMap((figure) => (figure.latencyMs ? [figure.latencyMs] : []));
    return {
      eventsPerSecond: Math.round(median(figures.map((figure) => figure.eventsPerSecond))),
      samples: figures.map((figure) => figure.eventsPerSecond),
      events: figures.reduce((sum, figure) => sum + figure.events, 0),
      ...(latencies.length > 0
        ? {
            latencyMsMedian: {
              p50: round(median(latencies.map((latency) => latency.p50))),
              p99: round(median(latencies.map((latency) => latency.p99))),
            },
          }
        : {}),
    };
  };
  const ours = summary('ours');
  const oursClear = summary('oursClear');
  const emmett = summary('emmett');
  const plainSql = summary('plainSql');
  const oursToEmmett = ratio(ours.eventsPerSecond, emmett.eventsPerSecond);
  const oursToPlainSql = ratio(ours.eventsPerSecond, plainSql.eventsPerSecond);
  const isAppend = APPEND_WORKLOADS.includes(workload);
  const oursClearToEmmett = ratio(oursClear.eventsPerSecond, emmett.eventsPerSecond);
  const oursClearToPlainSql = ratio(oursClear.eventsPerSecond, plainSql.eventsPerSecond);
  return {
    ours,
    oursClear,
    emmett,
    plainSql,
    oursToEmmett,
    oursToPlainSql,
    oursClearToEmmett,
    oursClearToPlainSql,
    ...(isAppend
      ? {
          targetsMet: {
            toEmmett: oursToEmmett >= TARGET_TO_EMMETT,
            toPlainSql: oursToPlainSql >= TARGET_TO_PLAIN_SQL,
            clearToEmmett: oursClearToEmmett >= TARGET_TO_EMMETT,
            clearToPlainSql: oursClearToPlainSql >= TARGET_TO_PLAIN_SQL,
          },
        }
      : {}),
  };
}

async function serverVersion(): Promise<string> {
  const pool = new Pool({ connectionString: OWNER_URL, max: 1 });
  try {
    const { rows } = await pool.query<{ server_version: string }>('SHOW server_version');
    return rows[0].server_version;
  } finally {
    await pool.end();
  }
}

function log(message: string): void {
  process.stdout.write(`[bench:store] ${message}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`[bench:store] failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});

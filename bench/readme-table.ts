/**
 * Renders bench/results/*.json as the README's benchmark section (between `<!-- bench:start -->` and
 * `<!-- bench:end -->`). Parts without a results file are listed as not yet measured; parts whose file has a
 * shape this renderer does not know are shown by their headline figure only.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const START_MARKER = '<!-- bench:start -->';
export const END_MARKER = '<!-- bench:end -->';

interface StoreRow {
  ours: { eventsPerSecond: number; latencyMsMedian?: { p50: number; p99: number } };
  emmett: { eventsPerSecond: number };
  plainSql: { eventsPerSecond: number };
  oursClear: { eventsPerSecond: number };
  oursToEmmett: number;
  oursToPlainSql: number;
  oursClearToEmmett: number;
  oursClearToPlainSql: number;
  targetsMet?: { toEmmett: boolean; toPlainSql: boolean; clearToEmmett: boolean; clearToPlainSql: boolean };
}

interface StoreResults {
  date: string;
  machine: { cpuCount: number; node: string; postgres: string; loadAverage1mAtStart: number };
  versions: Record<string, string>;
  workload: { rounds: number; phaseSeconds: number };
  targets: { appendsToEmmett: number; appendsToPlainSql: number };
  results: Record<string, StoreRow>;
}

const WORKLOAD_LABELS: Record<string, string> = {
  singleAppends1Writer: 'single-event appends, 1 writer',
  singleAppends16Writers: 'single-event appends, 16 writers',
  batchedAppends100: '100-event batch appends',
  readAllFromStart: 'read all from position 0',
};

export function benchmarkSection(resultsDir: string): string {
  return [
    storeSection(readJson(resultsDir, 'store')),
    replaySection(readJson(resultsDir, 'replay')),
    e2eSection(readJson(resultsDir, 'e2e')),
  ].join('\n\n');
}

/** `readme` with the text between the markers replaced (markers added in a "Benchmarks" section if absent). */
export function withBenchmarkSection(readme: string, section: string): string {
  const block = `${START_MARKER}\n${section}\n${END_MARKER}`;
  const start = readme.indexOf(START_MARKER);
  const end = readme.indexOf(END_MARKER);
  if (start >= 0 && end > start)
    return readme.slice(0, start) + block + readme.slice(end + END_MARKER.length);
  const heading =
    '\n## Benchmarks\n\n`npm run bench` regenerates this section from `bench/results/*.json`.\n\n';
  return `${readme.trimEnd()}\n${heading}${block}\n`;
}

function storeSection(store: StoreResults | null): string {
  if (!store) return '### Event store vs peers\n\nNot measured yet (`npm run bench:store`).';
  const mark = (met: boolean | undefined) => (met === undefined ? '' : met ? ' ✓' : ' ✗');
  const rows = Object.entries(store.results).map(([workload, row]) => {
    const latency = row.ours.latencyMsMedian
      ? ` (p50 ${row.ours.latencyMsMedian.p50} ms, p99 ${row.ours.latencyMsMedian.p99} ms)`
      : '';
    return `| ${WORKLOAD_LABELS[workload] ?? workload} | ${row.ours.eventsPerSecond}${latency} | ${row.oursClear.eventsPerSecond} | ${row.emmett.eventsPerSecond} | ${row.plainSql.eventsPerSecond} | ${row.oursToEmmett}×${mark(row.targetsMet?.toEmmett)} / ${row.oursClearToEmmett}×${mark(row.targetsMet?.clearToEmmett)} | ${row.oursToPlainSql}×${mark(row.targetsMet?.toPlainSql)} / ${row.oursClearToPlainSql}×${mark(row.targetsMet?.clearToPlainSql)} |`;
  });
  const versions = Object.entries(store.versions)
    .map(([name, version]) => `${name} ${version}`)
    .join(', ');
  return [
    '### Event store vs peers (events/s, median of interleaved rounds)',
    '',
    `${store.date.slice(0, 10)}, ${store.machine.cpuCount} CPUs shared with PostgreSQL ${store.machine.postgres} and everything else (1-min load ${store.machine.loadAverage1mAtStart} at start), Node ${store.machine.node}, ${versions}; ${store.workload.rounds} rounds × ${store.workload.phaseSeconds} s. Targets for appends: ≥ ${store.targets.appendsToEmmett}× Emmett and ≥ ${store.targets.appendsToPlainSql}× plain INSERT (✓ met, ✗ missed). Workload details in \`bench/results/store.json\`.`,
    '',
    '| workload | ours (as intake: personal fields encrypted) | ours, no personal fields | Emmett | plain INSERT | ours / Emmett (encrypted / clear) | ours / plain (encrypted / clear) |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...rows,
  ].join('\n');
}

function replaySection(replay: Record<string, unknown> | null): string {
  if (!replay) return '### Replay\n\nNot measured yet (`npm run bench:replay`).';
  const target =
    typeof replay.targetEventsPerSecond === 'number' ? ` (target ≥ ${replay.targetEventsPerSecond})` : '';
  const rss = typeof replay.peakRssMb === 'number' ? `, peak RSS ${replay.peakRssMb} MB` : '';
  return `### Replay\n\n${String(replay.eventsPerSecond)} events/s over ${String(replay.events)} events${target}${rss}; ${String(replay.date ?? '').slice(0, 10)}. Details in \`bench/results/replay.json\`.`;
}

function e2eSection(e2e: Record<string, unknown> | null): string {
  if (!e2e) return '### End to end\n\nNot measured yet (the end-to-end load test is not built).';
  return `### End to end\n\nSee \`bench/results/e2e.json\` (${String(e2e.date ?? '').slice(0, 10)}).`;
}

function readJson<T = Record<string, unknown>>(dir: string, part: string): T | null {
  const path = resolve(dir, `${part}.json`);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as T) : null;
}

import { v7 as uuidv7 } from 'uuid';
import { percentiles, round } from '../lib/stats';
import { sampleEvent } from './sample-event';
import type { BenchSubject } from './subject';

export type WorkloadName =
  | 'singleAppends1Writer'
  | 'singleAppends16Writers'
  | 'batchedAppends100'
  | 'readAllFromStart';

export const APPEND_WORKLOADS: readonly WorkloadName[] = [
  'singleAppends1Writer',
  'singleAppends16Writers',
  'batchedAppends100',
];

export const STREAMS = 1_000;
export const BATCH_SIZE = 100;
export const READ_PAGE_SIZE = 1_000;
/**
 * Reads stop after this many events: Emmett's global read has no index on its order (transaction id, global
 * position), so each page sorts the whole table and reading everything grows quadratically with the run's volume.
 */
export const READ_LIMIT = 20_000;

export interface Figure {
  events: number;
  operations: number;
  seconds: number;
  eventsPerSecond: number;
  latencyMs?: { p50: number; p99: number };
}

/** State a subject keeps across rounds: its 1,000 streams and their versions. */
export class WorkloadRunner {
  private readonly streams = Array.from({ length: STREAMS }, () => uuidv7());
  private readonly versions = new Map<string, number>();
  private analysed = false;

  constructor(private readonly subject: BenchSubject) {}

  run(workload: WorkloadName, seconds: number): Promise<Figure> {
    switch (workload) {
      case 'singleAppends1Writer':
        return this.singleAppends(1, seconds);
      case 'singleAppends16Writers':
        return this.singleAppends(16, seconds);
      case 'batchedAppends100':
        return this.batchedAppends(seconds);
      case 'readAllFromStart':
        return this.readAll();
    }
  }

  /** Each writer owns a disjoint slice of the streams and appends one event at the known version (no conflicts). */
  private async singleAppends(writers: number, seconds: number): Promise<Figure> {
    const latencies: number[] = [];
    const deadline = Date.now() + seconds * 1000;
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: writers }, async (_, writer) => {
        const mine = this.streams.filter((_, index) => index % writers === writer);
        for (let i = 0; Date.now() < deadline; i += 1) {
          const incidentId = mine[i % mine.length];
          const streamId = `incident-${incidentId}`;
          const t0 = process.hrtime.bigint();
          const next = await this.subject.append(streamId, this.versions.get(streamId) ?? 0, [
            sampleEvent(incidentId, streamId),
          ]);
          latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
          this.versions.set(streamId, next);
        }
      }),
    );
    return figure(latencies.length, latencies, started);
  }

  /** One writer, 100 events per append to a new stream. */
  private async batchedAppends(seconds: number): Promise<Figure> {
    const latencies: number[] = [];
    const deadline = Date.now() + seconds * 1000;
    const started = process.hrtime.bigint();
    while (Date.now() < deadline) {
      const incidentId = uuidv7();
      const streamId = `incident-${incidentId}`;
      const batch = Array.from({ length: BATCH_SIZE }, () => sampleEvent(incidentId, streamId));
      const t0 = process.hrtime.bigint();
      await this.subject.append(streamId, 0, batch);
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    return figure(latencies.length * BATCH_SIZE, latencies, started);
  }

  private async readAll(): Promise<Figure> {
    if (!this.analysed) await this.subject.analyze();
    this.analysed = true;
    const started = process.hrtime.bigint();
    const events = await this.subject.readAllFromStart(READ_PAGE_SIZE, READ_LIMIT);
    return figure(events, [], started, Math.ceil(events / READ_PAGE_SIZE));
  }
}

function figure(events: number, latencies: number[], started: bigint, operations = latencies.length): Figure {
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    events,
    operations,
    seconds: round(seconds),
    eventsPerSecond: Math.round(events / seconds),
    ...(latencies.length > 0 ? { latencyMs: percentiles(latencies) } : {}),
  };
}

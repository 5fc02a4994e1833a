/**
 * When each created incident becomes visible in triage's queue read model (`triage.triage_calls`, one row per
 * call, written by triage's projection of its CallQueued) and in outcomes' timeline read model
 * (`outcomes.case_timeline`, one row per intake/triage event of the incident). One indexed query per read model
 * every `intervalMs` over the ids still pending, on the owner role: no HTTP polling per incident.
 *
 * A row first seen by the query issued at T is credited at T: it committed before that query's snapshot and, if it
 * was pending at the previous query (issued at T'), after T'. So each figure is an upper bound at most T - T' too
 * high; `resolution()` reports that gap as measured.
 */
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';

export type ReadModel = 'triage' | 'outcomes';

/** The system's read models; the floor pipeline (floor.ts) passes its own plain tables. */
export const READ_MODEL_QUERIES: Record<ReadModel, string> = {
  triage: 'SELECT incident_id::text AS id FROM triage.triage_calls WHERE incident_id = ANY($1::uuid[])',
  outcomes:
    'SELECT DISTINCT incident_id::text AS id FROM outcomes.case_timeline WHERE incident_id = ANY($1::uuid[])',
};

class ModelWatcher {
  /** incident id -> when its 201 arrived. */
  readonly pending = new Map<string, number>();
  /** Delay (ms) from the 201 to the first query that saw the row, per incident. */
  readonly delays: number[] = [];
  /** Gaps between consecutive queries while something was pending: the measurement's resolution. */
  readonly gaps: number[] = [];
  readonly queryMs: number[] = [];
  private inFlight = false;
  private lastIssuedAt: number | null = null;

  constructor(
    private readonly client: Client,
    private readonly sql: string,
  ) {}

  async poll(): Promise<void> {
    if (this.inFlight) return;
    if (this.pending.size === 0) {
      this.lastIssuedAt = null;
      return;
    }
    this.inFlight = true;
    const ids = [...this.pending.keys()];
    const issuedAt = performance.now();
    if (this.lastIssuedAt !== null) this.gaps.push(issuedAt - this.lastIssuedAt);
    this.lastIssuedAt = issuedAt;
    try {
      const { rows } = await this.client.query<{ id: string }>(this.sql, [ids]);
      this.queryMs.push(performance.now() - issuedAt);
      for (const { id } of rows) {
        const createdAt = this.pending.get(id);
        if (createdAt === undefined) continue;
        this.delays.push(Math.max(0, issuedAt - createdAt));
        this.pending.delete(id);
      }
    } finally {
      this.inFlight = false;
    }
  }
}

export class ReadModelProbe {
  private readonly watchers: Record<ReadModel, ModelWatcher>;
  private timer: NodeJS.Timeout | null = null;
  private failure: Error | null = null;

  private constructor(
    private readonly clients: Client[],
    private readonly intervalMs: number,
    queries: Record<ReadModel, string>,
  ) {
    this.watchers = {
      triage: new ModelWatcher(clients[0], queries.triage),
      outcomes: new ModelWatcher(clients[1], queries.outcomes),
    };
  }

  /** One connection per read model, so the two queries never wait for each other. */
  static async connect(
    ownerUrl: string,
    intervalMs: number,
    queries: Record<ReadModel, string> = READ_MODEL_QUERIES,
  ): Promise<ReadModelProbe> {
    const clients = [new Client({ connectionString: ownerUrl }), new Client({ connectionString: ownerUrl })];
    await Promise.all(clients.map((client) => client.connect()));
    return new ReadModelProbe(clients, intervalMs, queries);
  }

  start(): void {
    this.timer = setInterval(() => {
      for (const watcher of Object.values(this.watchers)) {
        watcher.poll().catch((error: Error) => {
          this.failure ??= error;
        });
      }
    }, this.intervalMs);
  }

  track(incidentId: string, createdAt: number): void {
    this.watchers.triage.pending.set(incidentId, createdAt);
    this.watchers.outcomes.pending.set(incidentId, createdAt);
  }

  pendingCount(model: ReadModel): number {
    return this.watchers[model].pending.size;
  }

  /** Waits until nothing is pending or `timeoutMs` passed; throws if a probe query failed. */
  async drain(timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (
      performance.now() < deadline &&
      (this.pendingCount('triage') > 0 || this.pendingCount('outcomes') > 0)
    ) {
      if (this.failure) throw this.failure;
      await new Promise((done) => setTimeout(done, 50));
    }
    if (this.failure) throw this.failure;
  }

  delays(model: ReadModel): number[] {
    return this.watchers[model].delays;
  }

  gaps(model: ReadModel): number[] {
    return this.watchers[model].gaps;
  }

  queryMs(model: ReadModel): number[] {
    return this.watchers[model].queryMs;
  }

  /** Forget everything measured so far (after the warm-up). */
  reset(): void {
    for (const watcher of Object.values(this.watchers)) {
      watcher.pending.clear();
      watcher.delays.length = 0;
      watcher.gaps.length = 0;
      watcher.queryMs.length = 0;
    }
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await Promise.allSettled(this.clients.map((client) => client.end()));
  }
}

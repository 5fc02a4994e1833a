import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** What the relay reports about its backlog (`OutboxRelay.backlog()`). */
export interface RelayBacklogSource {
  backlog(): Promise<{ pending: number; oldestPendingAgeMs: number }>;
}

/** A consumer group of the service (`ConsumerRunner`): lag per assigned partition and its counters. */
export interface ConsumerSource {
  lag(): ReadonlyArray<{ topic: string; partition: number; lag: number }>;
  /** `deadLetteredByReason`: `invalid-internal-event`, `invalid-message`, `handler-refused` (libs/messaging). */
  stats(): { deadLettered: number; deadLetteredByReason?: Readonly<Record<string, number>> };
  /** Incidents held back behind a dead letter, over all instances (issue 20); absent for consumers that never park. */
  parkedIncidents?(): Promise<number>;
}

/** Events of the service's store not yet applied, per projection; and which projections are stalled. */
export interface ProjectionLagSource {
  projectionLag(): Promise<ReadonlyArray<{ projection: string; pending: number }>>;
  /** Each projection of this process and whether it has been failing past the stall threshold (issue 15). */
  status?(): ReadonlyArray<{ name: string; stalled: boolean }>;
}

/** Buckets for request durations: most answers take milliseconds, a slow database tens of seconds. */
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * One service's Prometheus metrics (DESIGN §8, issue 9), in a registry of its own so several services can share a
 * process (the e2e tests). Counters are incremented where things happen; lags are read from their sources at
 * scrape time, so a scrape always shows the present.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  /** Events appended to the store, by stream type. */
  readonly appends: Counter<'stream_type'>;
  /** Optimistic-concurrency conflicts on append (a stale `If-Match`, a race), by stream type. */
  readonly conflicts: Counter<'stream_type'>;
  /** Deadline events the service emitted (the outcomes service's detention clock), by event type. */
  readonly deadlineEventsEmitted: Counter<'type'>;
  /** Errors that reached the process guard (a bug: every known failure is handled where it happens), by kind. */
  readonly unhandledErrors: Counter<'kind'>;
  private readonly relays: RelayBacklogSource[] = [];
  private readonly consumers = new Map<string, ConsumerSource>();
  private readonly projections: ProjectionLagSource[] = [];

  constructor(readonly service: string) {
    this.registry.setDefaultLabels({ service });
    // Process memory, CPU, handles and event-loop lag (`nodejs_eventloop_lag_seconds`).
    collectDefaultMetrics({ register: this.registry });
    const registers = [this.registry];
    this.httpDuration = new Histogram({
      name: 'rcrp_http_request_duration_seconds',
      help: 'HTTP request duration by method, matched route and status code',
      labelNames: ['method', 'route', 'status'],
      buckets: HTTP_BUCKETS,
      registers,
    });
    this.appends = new Counter({
      name: 'rcrp_events_appended_total',
      help: 'Events appended to the event store',
      labelNames: ['stream_type'],
      registers,
    });
    this.conflicts = new Counter({
      name: 'rcrp_append_conflicts_total',
      help: 'Appends refused by optimistic concurrency (stale If-Match or a race)',
      labelNames: ['stream_type'],
      registers,
    });
    this.deadlineEventsEmitted = new Counter({
      name: 'rcrp_deadline_events_emitted_total',
      help: 'Deadline events emitted by the detention clock, by event type',
      labelNames: ['type'],
      registers,
    });
    this.unhandledErrors = new Counter({
      name: 'rcrp_unhandled_errors_total',
      help: 'Unhandled promise rejections and uncaught exceptions logged by the process guard instead of ending the process',
      labelNames: ['kind'],
      registers,
    });
    this.defineScrapeTimeMetrics(registers);
  }

  observeRelay(source: RelayBacklogSource): void {
    this.relays.push(source);
  }

  /** `name` is the consumer's purpose (`intake-events`), a label of its lag and DLQ metrics. */
  observeConsumer(name: string, source: ConsumerSource): void {
    this.consumers.set(name, source);
  }

  observeProjections(source: ProjectionLagSource): void {
    this.projections.push(source);
  }

  /** The text exposition format. */
  metrics(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private defineScrapeTimeMetrics(registers: Registry[]): void {
    // A source that cannot answer (database down) leaves its series out of this scrape rather than failing it.
    const relays = this.relays;
    let backlog: { pending: number; oldestPendingAgeMs: number } | null = null;
    new Gauge({
      name: 'rcrp_relay_pending_events',
      help: 'Events committed to the store and not yet published by the outbox relay',
      registers,
      async collect() {
        this.reset();
        backlog = null;
        for (const relay of relays) {
          backlog = await relay.backlog().catch(() => null);
          if (backlog) this.set(backlog.pending);
        }
      },
    });
    new Gauge({
      name: 'rcrp_relay_oldest_pending_age_seconds',
      help: 'Age of the oldest event not yet published by the outbox relay (0 when none)',
      registers,
      collect() {
        this.reset();
        // Read after rcrp_relay_pending_events (registration order), from the same query.
        if (backlog) this.set(backlog.oldestPendingAgeMs / 1000);
      },
    });
    const consumers = this.consumers;
    new Gauge({
      name: 'rcrp_consumer_lag',
      help: 'Records not yet processed and committed, per consumer, topic and partition',
      labelNames: ['consumer', 'topic', 'partition'],
      registers,
      collect() {
        this.reset();
        for (const [consumer, source] of consumers) {
          for (const entry of source.lag()) {
            this.set({ consumer, topic: entry.topic, partition: String(entry.partition) }, entry.lag);
          }
        }
      },
    });
    new Counter({
      name: 'rcrp_dlq_messages_total',
      help: 'Records this process sent to a dead-letter topic, per consumer and reason (invalid-internal-event: a contract mismatch between our own services, an alarm)',
      labelNames: ['consumer', 'reason'],
      registers,
      collect() {
        this.reset();
        for (const [consumer, source] of consumers) {
          const stats = source.stats();
          const byReason = stats.deadLetteredByReason ?? { unclassified: stats.deadLettered };
          for (const [reason, count] of Object.entries(byReason)) this.inc({ consumer, reason }, count);
        }
      },
    });
    new Gauge({
      name: 'rcrp_parked_incidents',
      help: 'Incidents a consumer holds back behind a dead letter until it is redriven or skipped (npm run dlq), over all instances',
      labelNames: ['consumer'],
      registers,
      async collect() {
        this.reset();
        for (const [consumer, source] of consumers) {
          if (!source.parkedIncidents) continue;
          const parked = await source.parkedIncidents().catch(() => null);
          if (parked !== null) this.set({ consumer }, parked);
        }
      },
    });
    const projections = this.projections;
    new Gauge({
      name: 'rcrp_projection_lag_events',
      help: 'Events in the store not yet applied to each read model',
      labelNames: ['projection'],
      registers,
      async collect() {
        this.reset();
        for (const source of projections) {
          const lags = await source.projectionLag().catch(() => []);
          for (const { projection, pending } of lags) this.set({ projection }, pending);
        }
      },
    });
    new Gauge({
      name: 'rcrp_projection_stalled',
      help: 'Whether a read model has been unable to apply a stored event for longer than the stall threshold (1) or not (0)',
      labelNames: ['projection'],
      registers,
      collect() {
        this.reset();
        for (const source of projections) {
          for (const { name, stalled } of source.status?.() ?? [])
            this.set({ projection: name }, stalled ? 1 : 0);
        }
      },
    });
  }
}

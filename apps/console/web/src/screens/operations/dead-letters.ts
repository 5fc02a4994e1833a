/** One sample of a Prometheus text exposition: `name{label="value"} 3`. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** The samples of a `GET /metrics` answer (comments and malformed lines skipped). */
export function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = SAMPLE.exec(line.trim());
    if (!match) continue;
    const value = Number(match[3]);
    if (Number.isNaN(value)) continue;
    const labels: Record<string, string> = {};
    for (const label of (match[2] ?? '').matchAll(LABEL)) labels[label[1]] = label[2].replace(/\\(.)/g, '$1');
    samples.push({ name: match[1], labels, value });
  }
  return samples;
}

/** What `GET /health/ready` says of the `parked-incidents` check (libs/observability parked-incidents-check.ts). */
export interface ParkedCheck {
  status: string;
  counts: Record<string, number>;
}

export function parkedCheckOf(readiness: unknown): ParkedCheck | null {
  const check = (readiness as { checks?: Record<string, unknown> } | null)?.checks?.['parked-incidents'] as
    | { status?: unknown; details?: { counts?: unknown } }
    | undefined;
  if (!check || typeof check.status !== 'string') return null;
  const counts = check.details?.counts;
  return {
    status: check.status,
    counts:
      typeof counts === 'object' && counts !== null
        ? Object.fromEntries(
            Object.entries(counts).filter((entry): entry is [string, number] => typeof entry[1] === 'number'),
          )
        : {},
  };
}

/** One consumer of one service: the topics it reads, what it dead-lettered and what it holds back. */
export interface DeadLetterRow {
  service: string;
  consumer: string;
  /** From `rcrp_consumer_lag{consumer,topic}`: empty until the consumer has partitions. */
  topics: string[];
  /** `rcrp_dlq_messages_total` of this process (since it started), by reason; null when metrics were not read. */
  deadLettered: number | null;
  byReason: Record<string, number>;
  /** Incidents parked behind a dead letter, over all instances (readiness check, else `rcrp_parked_incidents`). */
  parked: number | null;
}

/**
 * The dead-letter counts of one service, one row per consumer, from its `GET /metrics` and `GET /health/ready`
 * (either may be missing: the row says what is known).
 */
export function deadLetterRows(service: string, metrics: string | null, readiness: unknown): DeadLetterRow[] {
  const samples = metrics === null ? [] : parseMetrics(metrics);
  const parkedCheck = parkedCheckOf(readiness);
  const rows = new Map<string, DeadLetterRow>();
  const row = (consumer: string): DeadLetterRow => {
    let found = rows.get(consumer);
    if (!found) {
      found = {
        service,
        consumer,
        topics: [],
        deadLettered: metrics === null ? null : 0,
        byReason: {},
        parked: null,
      };
      rows.set(consumer, found);
    }
    return found;
  };
  for (const sample of samples) {
    const consumer = sample.labels.consumer;
    if (!consumer) continue;
    if (sample.name === 'rcrp_consumer_lag' && sample.labels.topic) {
      const entry = row(consumer);
      if (!entry.topics.includes(sample.labels.topic)) entry.topics.push(sample.labels.topic);
    } else if (sample.name === 'rcrp_dlq_messages_total') {
      const entry = row(consumer);
      const reason = sample.labels.reason ?? 'unclassified';
      entry.byReason[reason] = (entry.byReason[reason] ?? 0) + sample.value;
      entry.deadLettered = (entry.deadLettered ?? 0) + sample.value;
    } else if (sample.name === 'rcrp_parked_incidents') {
      row(consumer).parked = sample.value;
    }
  }
  for (const [consumer, count] of Object.entries(parkedCheck?.counts ?? {})) row(consumer).parked = count;
  return [...rows.values()].sort((a, b) => a.consumer.localeCompare(b.consumer));
}

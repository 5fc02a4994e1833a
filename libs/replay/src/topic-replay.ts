import type { Kafka, KafkaMessage } from 'kafkajs';
import type { Writable } from 'node:stream';
import type { EventEnvelope } from '@rcrp/events';
import type { PersonalDataCipher } from '@rcrp/personal-data';
import { analystPseudonymiser, analystRecordOfOwned } from './analyst-record';
import type { TopicReplayCommand } from './cli-args';
import { addColumnsOf } from './csv';
import { checkReplayEnvelope } from './envelope-check';
import { openOutput, RecordWriter } from './output-writer';
import { eventsInRanges, planPartitionRanges, type PartitionRange } from './partition-ranges';
import type { ReplayProgress } from './progress';
import { readPartitionRanges } from './read-partitions';
import { ReplaySorter, type SortItem } from './replay-sorter';

/** `--include-personal-data`: how to decrypt, and how to record each read before it is written. */
export interface PersonalDataReplay {
  /** Decrypts with the owning service's keys. */
  cipher: PersonalDataCipher;
  /**
   * Records the access to these events' personal data (they are about to be written, decrypted). Called before
   * each batch is written; when it fails, the batch is not written and the replay fails.
   */
  recordAccess(events: readonly EventEnvelope[]): Promise<void>;
}

export interface TopicReplayDependencies {
  kafka: Kafka;
  /** Base64 master key: the pseudonyms are keyed with it. */
  masterKey: string;
  stdout: Writable;
  progress: ReplayProgress;
  /** Only for `--include-personal-data`. */
  personalData?: PersonalDataReplay;
  /** Memory for one sorted run before it goes to a temporary file (replay-sorter.ts); tests make it small. */
  sortRunBytes?: number;
}

export interface InvalidMessage {
  /** `topic/partition@offset`; never the value, which may hold personal data. */
  at: string;
  reason: string;
}

export interface TopicReplaySummary {
  events: number;
  perType: Record<string, number>;
  /** Read but not written because `--type` left them out. */
  filteredOut: number;
  invalid: number;
  /** The first few invalid messages, for the operator to look up. */
  invalidSamples: InvalidMessage[];
  /** Sorted runs written to temporary files (0: the selection was sorted in memory). */
  sortRuns: number;
  durationMs: number;
}

const INVALID_SAMPLES = 20;
/** Events decrypted, recorded and written together (one key lookup, one round of audit entries). */
const DECRYPT_BATCH = 500;
/** Shown where a personal value cannot be decrypted (another service's subject, or a lost key). */
export const UNDECRYPTABLE = '[undecryptable]';

/**
 * Reads the planned offsets of every topic, keeps the events of the selected types (envelope checked and upcast
 * to the current schema version, envelope-check.ts), puts them into replay order (event-order.ts) through a
 * bounded-memory external sort (replay-sorter.ts) and streams them out.
 */
export async function runTopicReplay(
  command: TopicReplayCommand,
  deps: TopicReplayDependencies,
): Promise<TopicReplaySummary> {
  const started = Date.now();
  const pseudonyms = analystPseudonymiser(deps.masterKey);
  const pseudonymCache = new Map<string, string | null>();
  const types = command.types ? new Set(command.types) : null;
  const fromMs = command.from?.getTime() ?? null;
  const toMs = command.to?.getTime() ?? null;
  const csv = command.format === 'csv' ? { columns: new Set<string>(), prefixes: new Set<string>() } : null;
  const summary: TopicReplaySummary = {
    events: 0,
    perType: {},
    filteredOut: 0,
    invalid: 0,
    invalidSamples: [],
    sortRuns: 0,
    durationMs: 0,
  };
  const sorter = new ReplaySorter(deps.sortRunBytes);

  const invalid = (range: PartitionRange, message: KafkaMessage, reason: string): void => {
    summary.invalid += 1;
    if (summary.invalidSamples.length < INVALID_SAMPLES) {
      summary.invalidSamples.push({ at: `${range.topic}/${range.partition}@${message.offset}`, reason });
    }
  };

  let read = 0;
  const onMessage = (range: PartitionRange, message: KafkaMessage): void => {
    read += 1;
    // Offsets-for-times assumes record times grow with offsets; a producer may set its own, so check each one.
    const timestamp = Number(message.timestamp);
    if ((fromMs !== null && timestamp < fromMs) || (toMs !== null && timestamp >= toMs)) return;
    if (!message.value) return invalid(range, message, 'empty value');
    let raw: unknown;
    try {
      raw = JSON.parse(message.value.toString('utf8'));
    } catch {
      return invalid(range, message, 'not valid JSON');
    }
    const checked = checkReplayEnvelope(raw);
    if (!checked.ok) return invalid(range, message, checked.reason);
    const event = checked.event;
    if (types && !types.has(event.type)) {
      summary.filteredOut += 1;
      return;
    }
    // With personal data the event is kept as published (fields still encrypted) and decrypted only as it is written.
    const record = deps.personalData ? event : analystRecordOfOwned(event, pseudonyms, pseudonymCache);
    if (csv) addColumnsOf(record as Record<string, unknown>, csv.columns, csv.prefixes);
    summary.perType[event.type] = (summary.perType[event.type] ?? 0) + 1;
    summary.events += 1;
    sorter.add({
      occurredAt: Date.parse(event.occurredAt),
      recordedAt: Date.parse(event.recordedAt),
      topicIndex: range.topicIndex,
      partition: range.partition,
      offset: Number(message.offset),
      type: event.type,
      json: Buffer.from(JSON.stringify(record), 'utf8'),
    });
  };
  const onBatchEnd = async (): Promise<void> => {
    deps.progress.advance(read);
    read = 0;
    await sorter.spillIfFull();
  };

  try {
    const admin = deps.kafka.admin();
    await admin.connect();
    let ranges: PartitionRange[];
    try {
      ranges = await planPartitionRanges(admin, command.topics, command.from, command.to);
    } finally {
      await admin.disconnect();
    }
    deps.progress.start(eventsInRanges(ranges));
    try {
      await readPartitionRanges(deps.kafka, ranges, onMessage, onBatchEnd);
    } finally {
      deps.progress.stop();
    }

    const output = openOutput(command.out, deps.stdout);
    try {
      const writer = new RecordWriter(command.format, output.stream, csv ?? undefined);
      if (deps.personalData) await writeDecrypted(sorter.sorted(), deps.personalData, writer);
      else for await (const item of sorter.sorted()) await writer.write(item.json);
      await writer.end();
    } finally {
      await output.close();
    }
    summary.sortRuns = sorter.spilledRuns;
  } finally {
    await sorter.dispose();
  }
  summary.durationMs = Date.now() - started;
  return summary;
}

/**
 * Decrypts in batches (one key lookup per batch), records the access, then writes the batch: no decrypted value
 * is written before its access is recorded. A value that cannot be decrypted is marked, never printed as ciphertext.
 */
async function writeDecrypted(
  items: AsyncIterable<SortItem>,
  personal: PersonalDataReplay,
  writer: RecordWriter,
): Promise<void> {
  let batch: EventEnvelope[] = [];
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const events = batch;
    batch = [];
    let data: unknown[];
    try {
      data = await personal.cipher.decryptMany(events.map((event) => event.data));
    } catch {
      data = await Promise.all(
        events.map((event) =>
          personal.cipher.decryptFields(event.data).catch(() => markUndecryptable(event.data)),
        ),
      );
    }
    await personal.recordAccess(events);
    for (const [position, event] of events.entries())
      await writer.write(Buffer.from(JSON.stringify({ ...event, data: data[position] }), 'utf8'));
  };
  for await (const item of items) {
    batch.push(JSON.parse(item.json.toString('utf8')) as EventEnvelope);
    if (batch.length >= DECRYPT_BATCH) await flush();
  }
  await flush();
}

function markUndecryptable(value: unknown): unknown {
  if (typeof value === 'string') return value.startsWith('enc:v1:') ? UNDECRYPTABLE : value;
  if (Array.isArray(value)) return value.map(markUndecryptable);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, member]) => [key, markUndecryptable(member)]));
}

/** The summary as the lines printed to stderr at the end. */
export function formatSummary(summary: TopicReplaySummary): string {
  const sorting = summary.sortRuns > 0 ? ` (sorted through ${summary.sortRuns} runs on disk)` : '';
  const lines = [
    `replay: ${summary.events} events written in ${(summary.durationMs / 1000).toFixed(1)} s${sorting}`,
  ];
  for (const [type, count] of Object.entries(summary.perType).sort(([a], [b]) => a.localeCompare(b)))
    lines.push(`  ${type}: ${count}`);
  if (summary.filteredOut > 0) lines.push(`  left out by --type: ${summary.filteredOut}`);
  if (summary.invalid > 0) {
    lines.push(`  INVALID messages skipped: ${summary.invalid}`);
    for (const sample of summary.invalidSamples) lines.push(`    ${sample.at}: ${sample.reason}`);
  }
  return `${lines.join('\n')}\n`;
}

import type { Kafka, KafkaMessage } from 'kafkajs';
import type { Writable } from 'node:stream';
import { validateEnvelope, type EventEnvelope } from '@rcrp/events';
import type { PersonalDataCipher } from '@rcrp/personal-data';
import { analystPseudonymiser, analystRecordOf } from './analyst-record';
import type { TopicReplayCommand } from './cli-args';
import { compareOrderKeys, type OrderKey } from './event-order';
import { openOutput, writeRecords } from './output-writer';
import { eventsInRanges, planPartitionRanges, type PartitionRange } from './partition-ranges';
import type { ReplayProgress } from './progress';
import { readPartitionRanges } from './read-partitions';

export interface TopicReplayDependencies {
  kafka: Kafka;
  /** Base64 master key: the pseudonyms are keyed with it. */
  masterKey: string;
  stdout: Writable;
  progress: ReplayProgress;
  /**
   * Only for `--include-personal-data`: decrypts with the owning service's keys. The caller has already recorded
   * the access.
   */
  cipher?: PersonalDataCipher;
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
  durationMs: number;
}

interface Selected extends OrderKey {
  type: string;
  /** The record to write, as JSON (strings are far smaller on the heap than parsed objects). */
  json: string;
}

const INVALID_SAMPLES = 20;
/** Shown where a personal value cannot be decrypted (another service's subject, or a lost key). */
export const UNDECRYPTABLE = '[undecryptable]';

/**
 * Reads the planned offsets of every topic, keeps the valid events of the selected types (upcast to the current
 * schema version), sorts them into replay order (event-order.ts) and writes them. The selection is held in memory
 * to sort it: about the size of the output.
 */
export async function runTopicReplay(command: TopicReplayCommand, deps: TopicReplayDependencies): Promise<TopicReplaySummary> {
  const started = Date.now();
  const pseudonyms = analystPseudonymiser(deps.masterKey);
  const types = command.types ? new Set(command.types) : null;
  const fromMs = command.from?.getTime() ?? null;
  const toMs = command.to?.getTime() ?? null;
  const summary: TopicReplaySummary = { events: 0, perType: {}, filteredOut: 0, invalid: 0, invalidSamples: [], durationMs: 0 };
  const selected: Selected[] = [];

  const invalid = (range: PartitionRange, message: KafkaMessage, reason: string): void => {
    summary.invalid += 1;
    if (summary.invalidSamples.length < INVALID_SAMPLES) {
      summary.invalidSamples.push({ at: `${range.topic}/${range.partition}@${message.offset}`, reason });
    }
  };

  const onMessage = (range: PartitionRange, message: KafkaMessage): void => {
    deps.progress.advance(1);
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
    const decoded = validateEnvelope(raw);
    if (!decoded.ok) {
      return invalid(range, message, decoded.errors.slice(0, 3).map((error) => `${error.path}: ${error.reason}`).join('; '));
    }
    const event = decoded.value as EventEnvelope;
    if (types && !types.has(event.type)) {
      summary.filteredOut += 1;
      return;
    }
    const occurredAt = Date.parse(event.occurredAt);
    const recordedAt = Date.parse(event.recordedAt);
    selected.push({
      occurredAt,
      recordedAt,
      topicIndex: range.topicIndex,
      partition: range.partition,
      offset: Number(message.offset),
      type: event.type,
      json: JSON.stringify(deps.cipher ? event : analystRecordOf(event, pseudonyms)),
    });
  };

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
    await readPartitionRanges(deps.kafka, ranges, onMessage);
  } finally {
    deps.progress.stop();
  }

  selected.sort(compareOrderKeys);
  for (const { type } of selected) summary.perType[type] = (summary.perType[type] ?? 0) + 1;
  summary.events = selected.length;
  const lines = deps.cipher ? await decryptLines(selected, deps.cipher) : selected.map((record) => record.json);
  selected.length = 0;

  const output = openOutput(command.out, deps.stdout);
  try {
    await writeRecords(lines, command.format, output.stream);
  } finally {
    await output.close();
  }
  summary.durationMs = Date.now() - started;
  return summary;
}

/** Decrypts in batches (one key lookup per batch); a value that cannot be decrypted is marked, never printed as ciphertext. */
async function decryptLines(selected: readonly Selected[], cipher: PersonalDataCipher): Promise<string[]> {
  const lines: string[] = [];
  for (let index = 0; index < selected.length; index += 500) {
    const batch = selected.slice(index, index + 500).map((record) => JSON.parse(record.json) as EventEnvelope);
    let data: unknown[];
    try {
      data = await cipher.decryptMany(batch.map((event) => event.data));
    } catch {
      data = await Promise.all(batch.map((event) => cipher.decryptFields(event.data).catch(() => markUndecryptable(event.data))));
    }
    batch.forEach((event, position) => lines.push(JSON.stringify({ ...event, data: data[position] })));
  }
  return lines;
}

function markUndecryptable(value: unknown): unknown {
  if (typeof value === 'string') return value.startsWith('enc:v1:') ? UNDECRYPTABLE : value;
  if (Array.isArray(value)) return value.map(markUndecryptable);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, member]) => [key, markUndecryptable(member)]));
}

/** The summary as the lines printed to stderr at the end. */
export function formatSummary(summary: TopicReplaySummary): string {
  const lines = [`replay: ${summary.events} events written in ${(summary.durationMs / 1000).toFixed(1)} s`];
  for (const [type, count] of Object.entries(summary.perType).sort(([a], [b]) => a.localeCompare(b))) lines.push(`  ${type}: ${count}`);
  if (summary.filteredOut > 0) lines.push(`  left out by --type: ${summary.filteredOut}`);
  if (summary.invalid > 0) {
    lines.push(`  INVALID messages skipped: ${summary.invalid}`);
    for (const sample of summary.invalidSamples) lines.push(`    ${sample.at}: ${sample.reason}`);
  }
  return `${lines.join('\n')}\n`;
}

import type { IHeaders, KafkaMessage } from 'kafkajs';
import { DLQ_HEADERS, EVENT_HEADERS, PARKING_HEADERS, REDRIVE_HEADERS } from '@rcrp/events';
import { headersToRecord } from '../kafka/headers';
import { deadLetterPosition } from '../consumer/parking';

/** A record of a `<topic>.dlq` as the operators' tool reads it. */
export interface DeadLetterRecord {
  /** `<dlq topic>/<partition>/<offset>`. */
  position: string;
  topic: string;
  partition: number;
  offset: string;
  /** When it was dead-lettered (the DLQ record's timestamp). */
  at: Date;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
  stage: string;
  error: string;
  source: { topic: string; partition: number; offset: string };
  /** The consumer group that refused or held it; null for dead letters written before issue 20. */
  consumerGroup: string | null;
  /** Set on a record held behind an earlier dead letter of its incident. */
  parkedBehind: string | null;
  /** The envelope's event id (header, else the JSON value), when there is one: the inbox key. */
  eventId: string | null;
}

/** What the DLQ and the tool add to a record: stripped again before it is published to its source topic. */
const ADDED_HEADERS: readonly string[] = [
  ...Object.values(DLQ_HEADERS),
  ...Object.values(PARKING_HEADERS),
  ...Object.values(REDRIVE_HEADERS),
];

export function deadLetterRecordOf(
  topic: string,
  partition: number,
  message: KafkaMessage,
): DeadLetterRecord {
  const headers = headersToRecord(message.headers);
  const sourceTopic = headers[DLQ_HEADERS.sourceTopic] ?? topic.replace(/\.dlq$/, '');
  return {
    position: deadLetterPosition(topic, partition, message.offset),
    topic,
    partition,
    offset: message.offset,
    at: new Date(Number(message.timestamp)),
    key: message.key ? message.key.toString('utf8') : null,
    value: message.value,
    headers,
    stage: headers[DLQ_HEADERS.stage] ?? 'unknown',
    error: headers[DLQ_HEADERS.error] ?? '',
    source: {
      topic: sourceTopic,
      partition: Number(headers[DLQ_HEADERS.sourcePartition] ?? partition),
      offset: headers[DLQ_HEADERS.sourceOffset] ?? '-1',
    },
    consumerGroup: headers[PARKING_HEADERS.consumerGroup] ?? null,
    parkedBehind: headers[PARKING_HEADERS.parkedBehind] ?? null,
    eventId: headers[EVENT_HEADERS.eventId] ?? eventIdInValue(message.value),
  };
}

/** The record's own headers, as its producer wrote them: what a redrive publishes again. */
export function originalHeaders(record: DeadLetterRecord): IHeaders {
  const headers: IHeaders = {};
  for (const [name, value] of Object.entries(record.headers))
    if (!ADDED_HEADERS.includes(name)) headers[name] = value;
  return headers;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function eventIdInValue(value: Buffer | null): string | null {
  if (!value) return null;
  try {
    const parsed = JSON.parse(value.toString('utf8')) as { eventId?: unknown };
    return typeof parsed.eventId === 'string' && UUID.test(parsed.eventId) ? parsed.eventId : null;
  } catch {
    return null;
  }
}

/** A consumer group of our services, `rcrp-<service>.<database>.<schema>.<purpose>` (libs/runtime consumerGroupId). */
export interface ConsumerGroupName {
  groupId: string;
  service: string;
  database: string;
  schema: string;
  purpose: string;
}

export function parseConsumerGroup(groupId: string): ConsumerGroupName | null {
  const match = /^rcrp-([a-z]+)\.([A-Za-z0-9_-]+)\.([a-z_][a-z0-9_]*)\.([A-Za-z0-9_-]+)$/.exec(groupId);
  if (!match) return null;
  const [, service, database, schema, purpose] = match;
  return { groupId, service, database, schema, purpose };
}

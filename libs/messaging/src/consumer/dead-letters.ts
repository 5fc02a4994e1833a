import type { IHeaders, KafkaMessage, Producer } from 'kafkajs';
import { DLQ_HEADERS, deadLetterTopic, PARKING_HEADERS } from '@rcrp/events';

/** Where the record failed; `parked`: it was not tried, an earlier record of its incident is a dead letter. */
export type DeadLetterStage = 'decode' | 'validate' | 'handle' | 'parked';

/**
 * Why a record was dead-lettered, as metrics and readiness count it. `invalid-internal-event`: another service of
 * this system published an event this consumer cannot decode or validate, a contract mismatch between our own
 * services (issue 15) and an alarm, not routine like an external system's malformed report (`invalid-message`).
 */
export const DEAD_LETTER_REASONS = [
  'invalid-internal-event',
  'invalid-message',
  'handler-refused',
  'parked',
] as const;
export type DeadLetterCategory = (typeof DEAD_LETTER_REASONS)[number];

export function deadLetterCategoryOf(
  stage: DeadLetterStage,
  topic: string,
  internalTopics: readonly string[],
): DeadLetterCategory {
  if (stage === 'parked') return 'parked';
  if (stage === 'handle') return 'handler-refused';
  return internalTopics.includes(topic) ? 'invalid-internal-event' : 'invalid-message';
}

export interface DeadLetterReason {
  stage: DeadLetterStage;
  /** `field: reason` (or the error's message for handler failures). */
  error: string;
  /** The consumer group that refused or held the record (x-consumer-group): whose parking and decisions it is. */
  consumerGroup?: string;
  /** A held record: the first dead letter of its incident, `<dlq topic>/<partition>/<offset>` (x-parked-behind). */
  parkedBehind?: string;
}

/** Where a dead letter was written. */
export interface DeadLetterWritten {
  topic: string;
  partition: number;
  offset: string;
}

/**
 * Publishes a refused record to `<topic>.dlq` (DESIGN §1): the original key, bytes and headers, plus the
 * reason and where it came from, so an operator can fix and replay it. Never drops: a failed publish throws,
 * and the runner retries before committing the source offset.
 */
export async function publishDeadLetter(
  producer: Producer,
  source: { topic: string; partition: number; message: KafkaMessage },
  reason: DeadLetterReason,
): Promise<DeadLetterWritten> {
  const headers: IHeaders = {
    ...(source.message.headers ?? {}),
    [DLQ_HEADERS.error]: reason.error,
    [DLQ_HEADERS.stage]: reason.stage,
    [DLQ_HEADERS.sourceTopic]: source.topic,
    [DLQ_HEADERS.sourcePartition]: String(source.partition),
    [DLQ_HEADERS.sourceOffset]: source.message.offset,
  };
  if (reason.consumerGroup) headers[PARKING_HEADERS.consumerGroup] = reason.consumerGroup;
  if (reason.parkedBehind) headers[PARKING_HEADERS.parkedBehind] = reason.parkedBehind;
  const topic = deadLetterTopic(source.topic);
  const [written] = await producer.send({
    topic,
    messages: [{ key: source.message.key, value: source.message.value, headers }],
  });
  return { topic, partition: written.partition, offset: written.baseOffset ?? '-1' };
}

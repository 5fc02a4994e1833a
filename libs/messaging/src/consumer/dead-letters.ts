import type { IHeaders, KafkaMessage, Producer } from 'kafkajs';
import { DLQ_HEADERS, deadLetterTopic } from '@rcrp/events';

export type DeadLetterStage = 'decode' | 'validate' | 'handle';

export interface DeadLetterReason {
  stage: DeadLetterStage;
  /** `field: reason` (or the error's message for handler failures). */
  error: string;
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
): Promise<void> {
  const headers: IHeaders = {
    ...(source.message.headers ?? {}),
    [DLQ_HEADERS.error]: reason.error,
    [DLQ_HEADERS.stage]: reason.stage,
    [DLQ_HEADERS.sourceTopic]: source.topic,
    [DLQ_HEADERS.sourcePartition]: String(source.partition),
    [DLQ_HEADERS.sourceOffset]: source.message.offset,
  };
  await producer.send({
    topic: deadLetterTopic(source.topic),
    messages: [{ key: source.message.key, value: source.message.value, headers }],
  });
}

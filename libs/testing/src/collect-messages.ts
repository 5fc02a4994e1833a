import type { IHeaders, KafkaMessage } from 'kafkajs';
import { headersToRecord } from '@rcrp/messaging';
import { FAST_CONSUMER } from './fast-consumer';
import { testKafka } from './test-env';
import { uniqueName } from './unique-name';
import { WaitForTimeoutError } from './wait-for';

export interface CollectedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  /** Headers decoded as UTF-8 strings. */
  headers: Record<string, string>;
  rawHeaders: IHeaders;
}

/** A consumed record as tests read it: key, value and headers as strings. */
export function toCollected(topic: string, partition: number, message: KafkaMessage): CollectedMessage {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key?.toString('utf8') ?? null,
    value: message.value?.toString('utf8') ?? null,
    headers: headersToRecord(message.headers),
    rawHeaders: message.headers ?? {},
  };
}

/**
 * Reads `topic` from the beginning with a fresh consumer group until `count` messages arrived, then stops. Each
 * record counts once, by (partition, offset): a rebalance of the collector's own group may hand it records again.
 * Rejects with WaitForTimeoutError (saying how many did arrive) if they do not within `timeoutMs`.
 */
export async function collectMessages(
  topic: string,
  count: number,
  timeoutMs = 15_000,
): Promise<CollectedMessage[]> {
  const collected: CollectedMessage[] = [];
  const seen = new Set<string>();
  const consumer = testKafka('rcrp-test-collect').consumer({
    groupId: uniqueName('test-collect', '-'),
    ...FAST_CONSUMER,
    allowAutoTopicCreation: false,
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new WaitForTimeoutError(
              `collected ${collected.length} of ${count} messages from ${topic} in ${timeoutMs} ms`,
            ),
          ),
        timeoutMs,
      );
      if (count === 0) resolve();
      consumer
        .run({
          eachMessage: async ({ topic: from, partition, message }) => {
            if (seen.has(`${partition}:${message.offset}`)) return;
            seen.add(`${partition}:${message.offset}`);
            collected.push(toCollected(from, partition, message));
            if (collected.length >= count) resolve();
          },
        })
        .catch(reject);
    });
    return collected;
  } finally {
    clearTimeout(timer);
    await consumer.disconnect().catch(() => undefined);
  }
}

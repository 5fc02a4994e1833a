import type { IHeaders } from 'kafkajs';
import { headersToRecord } from '@rcrp/messaging';
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

/**
 * Reads `topic` from the beginning with a fresh consumer group until `count` messages arrived, then stops.
 * Rejects with WaitForTimeoutError (saying how many did arrive) if they do not within `timeoutMs`.
 */
export async function collectMessages(
  topic: string,
  count: number,
  timeoutMs = 15_000,
): Promise<CollectedMessage[]> {
  const collected: CollectedMessage[] = [];
  const consumer = testKafka('rcrp-test-collect').consumer({
    groupId: uniqueName('test-collect', '-'),
    sessionTimeout: 6_000,
    heartbeatInterval: 500,
    rebalanceTimeout: 3_000,
    maxWaitTimeInMs: 100,
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
            collected.push({
              topic: from,
              partition,
              offset: message.offset,
              key: message.key?.toString('utf8') ?? null,
              value: message.value?.toString('utf8') ?? null,
              headers: headersToRecord(message.headers),
              rawHeaders: message.headers ?? {},
            });
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

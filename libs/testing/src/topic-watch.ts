import type { Consumer } from 'kafkajs';
import { headersToRecord } from '@rcrp/messaging';
import type { CollectedMessage } from './collect-messages';
import { testKafka } from './test-env';
import { uniqueName } from './unique-name';
import { waitFor } from './wait-for';

/**
 * Watches a shared topic (the real service topics carry other tests' messages too) from its current end, so
 * a test can wait for the messages it caused: `const watch = await watchTopic(t); ...; await watch.waitFor(m =>
 * m.key === id, 1)`. Start it before causing the messages.
 */
export interface TopicWatch {
  messages: CollectedMessage[];
  waitFor(
    match: (message: CollectedMessage) => boolean,
    count: number,
    timeoutMs?: number,
  ): Promise<CollectedMessage[]>;
  stop(): Promise<void>;
}

export async function watchTopic(topic: string): Promise<TopicWatch> {
  const messages: CollectedMessage[] = [];
  const consumer: Consumer = testKafka('rcrp-test-watch').consumer({
    groupId: uniqueName('test-watch', '-'),
    sessionTimeout: 6_000,
    heartbeatInterval: 500,
    rebalanceTimeout: 3_000,
    maxWaitTimeInMs: 100,
    allowAutoTopicCreation: false,
  });
  // The log end of every partition now: everything produced after this call is seen, nothing before it.
  const admin = testKafka('rcrp-test-watch-admin').admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: false });
  let joined!: () => void;
  const hasJoined = new Promise<void>((resolve) => (joined = resolve));
  consumer.on(consumer.events.GROUP_JOIN, () => joined());
  await consumer.run({
    eachMessage: async ({ topic: from, partition, message }) => {
      messages.push({
        topic: from,
        partition,
        offset: message.offset,
        key: message.key?.toString('utf8') ?? null,
        value: message.value?.toString('utf8') ?? null,
        headers: headersToRecord(message.headers),
        rawHeaders: message.headers ?? {},
      });
    },
  });
  for (const end of ends) consumer.seek({ topic, partition: end.partition, offset: end.high });
  await hasJoined;
  return {
    messages,
    async waitFor(match, count, timeoutMs = 20_000) {
      return waitFor(
        () => {
          const found = messages.filter(match);
          return found.length >= count ? found : null;
        },
        { timeoutMs, description: `${count} matching messages on ${topic}` },
      );
    },
    stop: () => consumer.disconnect(),
  };
}

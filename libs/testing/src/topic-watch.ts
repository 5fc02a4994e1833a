import type { Consumer } from 'kafkajs';
import { toCollected, type CollectedMessage } from './collect-messages';
import { FAST_CONSUMER } from './fast-consumer';
import { testKafka } from './test-env';
import { uniqueName } from './unique-name';
import { waitFor } from './wait-for';

/**
 * Watches a topic so a test can wait for the messages it caused: `const watch = await watchTopic(t); ...; await
 * watch.waitFor(m => m.key === id, 1)`. By default from the topic's current end (the real service topics carry
 * other tests' messages too): start it before causing the messages. `fromBeginning` reads a test's own topic
 * whole, whenever the watch starts. Each record is kept once, by (partition, offset): the watch's own group may
 * rebalance on a loaded machine and be handed records again, which says nothing about the code under test; a
 * record really published twice has two offsets, so it still shows up twice.
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

export async function watchTopic(
  topic: string,
  { fromBeginning = false }: { fromBeginning?: boolean } = {},
): Promise<TopicWatch> {
  const messages: CollectedMessage[] = [];
  const seen = new Set<string>();
  const consumer: Consumer = testKafka('rcrp-test-watch').consumer({
    groupId: uniqueName('test-watch', '-'),
    ...FAST_CONSUMER,
    allowAutoTopicCreation: false,
  });
  // The log end of every partition now: everything produced after this call is seen, nothing before it.
  const ends = fromBeginning ? [] : await logEnds(topic);
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning });
  let joined!: () => void;
  const hasJoined = new Promise<void>((resolve) => (joined = resolve));
  consumer.on(consumer.events.GROUP_JOIN, () => joined());
  await consumer.run({
    eachMessage: async ({ topic: from, partition, message }) => {
      const record = `${partition}:${message.offset}`;
      if (seen.has(record)) return;
      seen.add(record);
      messages.push(toCollected(from, partition, message));
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

async function logEnds(topic: string) {
  const admin = testKafka('rcrp-test-watch-admin').admin();
  await admin.connect();
  return admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
}

/** How many records `topic` holds, summed over its partitions (high watermarks; test topics are never trimmed). */
export async function recordCount(topic: string): Promise<number> {
  const offsets = await logEnds(topic);
  return offsets.reduce((sum, { high }) => sum + Number(high), 0);
}

import { testKafka } from './test-env';
import { waitFor } from './wait-for';

/**
 * Waits until consumer group `groupId` has committed, on every partition of `topic`, at least the topic's end
 * offsets as they are when this is called: everything published so far has taken effect in that consumer's store
 * (offsets are committed only after the effect's transaction). A read model compared before that is a snapshot of
 * a consumer still catching up, whatever its row count says.
 */
export async function waitForConsumerCaughtUp(
  groupId: string,
  topic: string,
  { timeoutMs = 60_000 }: { timeoutMs?: number } = {},
): Promise<void> {
  const admin = testKafka('rcrp-test-catch-up').admin();
  await admin.connect();
  try {
    const ends = new Map(
      (await admin.fetchTopicOffsets(topic)).map((entry) => [entry.partition, BigInt(entry.offset)]),
    );
    await waitFor(
      async () => {
        const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
        return [...ends].every(([partition, end]) => {
          const offset = committed.partitions.find((entry) => entry.partition === partition)?.offset ?? '-1';
          return end === 0n || BigInt(offset) >= end;
        });
      },
      { timeoutMs, intervalMs: 100, description: `consumer group ${groupId} to reach the end of ${topic}` },
    );
  } finally {
    await admin.disconnect();
  }
}

import { deadLetterTopic } from '@rcrp/events';
import { ensureTopics } from '@rcrp/messaging';
import { testKafka } from './test-env';
import { uniqueName } from './unique-name';

export interface TestTopic {
  topic: string;
  /** `<topic>.dlq`, created with it. */
  dlq: string;
  /** Deletes both topics (best effort: a test's cleanup must not fail the test). */
  drop(): Promise<void>;
}

/** A fresh topic and its dead-letter topic on the test broker, each with `partitions` partitions. */
export async function createTestTopic(prefix: string, partitions = 3): Promise<TestTopic> {
  const topic = uniqueName(`test.${prefix}`, '.').replace(/_/g, '-');
  const dlq = deadLetterTopic(topic);
  const admin = testKafka('rcrp-test-topics').admin();
  await admin.connect();
  try {
    await ensureTopics(admin, [topic, dlq], partitions);
  } finally {
    await admin.disconnect();
  }
  return {
    topic,
    dlq,
    async drop() {
      const cleanup = testKafka('rcrp-test-topics').admin();
      try {
        await cleanup.connect();
        await cleanup.deleteTopics({ topics: [topic, dlq], timeout: 10_000 });
      } catch {
        // Leftover test topics are harmless; their names are unique.
      } finally {
        await cleanup.disconnect().catch(() => undefined);
      }
    },
  };
}

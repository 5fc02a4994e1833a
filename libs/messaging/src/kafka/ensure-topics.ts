import type { Admin, ITopicConfig } from 'kafkajs';

/** A topic to exist, with topic-level configs (for example `{ 'retention.ms': '-1' }`). */
export interface TopicSpec {
  topic: string;
  configs?: Readonly<Record<string, string>>;
}

export interface PartitionMismatch {
  topic: string;
  expected: number;
  actual: number;
}

export interface EnsureTopicsResult {
  created: string[];
  existing: string[];
  /** Existing topics whose partition count differs: co-partitioning is broken, an operator must decide. */
  partitionMismatches: PartitionMismatch[];
}

/**
 * Creates the topics that are missing; existing ones are left alone (never re-partitioned automatically,
 * because that would move incidents to other partitions and break per-incident ordering). Safe to run
 * concurrently: a topic created by someone else in between counts as existing.
 */
export async function ensureTopics(
  admin: Admin,
  topics: readonly (string | TopicSpec)[],
  partitions: number,
  /** Copies of each partition: 1 on the single broker, 3 on the KAFKA_CLUSTER=3 cluster. */
  replicationFactor = 1,
): Promise<EnsureTopicsResult> {
  if (!Number.isInteger(partitions) || partitions < 1)
    throw new RangeError(`partitions must be a positive integer, got ${partitions}`);
  const specs = topics.map((entry) => (typeof entry === 'string' ? { topic: entry } : entry));
  const present = new Set(await admin.listTopics());
  const result: EnsureTopicsResult = { created: [], existing: [], partitionMismatches: [] };

  for (const spec of specs) {
    if (present.has(spec.topic)) continue;
    const config: ITopicConfig = {
      topic: spec.topic,
      numPartitions: partitions,
      replicationFactor,
      configEntries: Object.entries(spec.configs ?? {}).map(([name, value]) => ({ name, value })),
    };
    // One topic per call: kafkajs reports "already exists" as `false` only when every topic in the call exists.
    const created = await admin.createTopics({ topics: [config], waitForLeaders: true });
    (created ? result.created : result.existing).push(spec.topic);
  }

  const existingBefore = specs.filter((spec) => present.has(spec.topic)).map((spec) => spec.topic);
  result.existing.push(...existingBefore);
  const toCheck = [...result.existing];
  if (toCheck.length > 0) {
    const metadata = await admin.fetchTopicMetadata({ topics: toCheck });
    for (const topic of metadata.topics) {
      if (topic.partitions.length !== partitions) {
        result.partitionMismatches.push({
          topic: topic.name,
          expected: partitions,
          actual: topic.partitions.length,
        });
      }
    }
  }
  return result;
}

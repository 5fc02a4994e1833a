import { Kafka, logLevel } from 'kafkajs';

/** Records the services' consumer groups on one database have not yet processed, per group. */
export type Backlog = Record<string, number>;

/**
 * A run must start with every consumer caught up. A previous run (e.g. the 200/s one) can leave thousands of
 * records in a group's partitions; the restarted service works through them first, so the new run's records
 * queue behind them and the measured latency is the old backlog, not this run's work (the 20/s run once showed
 * p95 2.1 s to outcomes' timeline that way). Groups are named `rcrp-<service>.<database>.<schema>.<purpose>`.
 */
export async function consumerBacklog(brokers: string[], database: string): Promise<Backlog> {
  const admin = new Kafka({ clientId: 'rcrp-bench', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const { groups } = await admin.listGroups();
    const named = groups
      .map((group) => group.groupId)
      .filter((id) => id.startsWith('rcrp-') && id.split('.')[1] === database);
    // Only groups with members: a group left behind by an old schema or purpose is nobody's backlog.
    const described = named.length > 0 ? (await admin.describeGroups(named)).groups : [];
    const ours = described.filter((group) => group.members.length > 0).map((group) => group.groupId);
    const backlog: Backlog = {};
    for (const groupId of ours) {
      let behind = 0;
      for (const { topic, partitions } of await admin.fetchOffsets({ groupId })) {
        const ends = new Map((await admin.fetchTopicOffsets(topic)).map((entry) => [entry.partition, entry]));
        for (const { partition, offset } of partitions) {
          const end = ends.get(partition);
          if (!end) continue;
          // -1: nothing committed yet, the group starts at the beginning of what the topic still holds.
          const from = offset === '-1' ? BigInt(end.low) : BigInt(offset);
          behind += Number(BigInt(end.high) - from);
        }
      }
      backlog[groupId] = behind;
    }
    return backlog;
  } finally {
    await admin.disconnect();
  }
}

/** Waits until no group has a record left; returns what was there at first. Throws after `timeoutMs`. */
export async function waitForNoBacklog(
  brokers: string[],
  database: string,
  timeoutMs: number,
  log: (line: string) => void,
): Promise<Backlog> {
  const first = await consumerBacklog(brokers, database);
  const total = (backlog: Backlog): number => Object.values(backlog).reduce((a, b) => a + b, 0);
  if (total(first) > 0)
    log(`consumer backlog from before this run: ${JSON.stringify(first)}; waiting for it to drain`);
  const until = Date.now() + timeoutMs;
  for (let current = first; total(current) > 0; current = await consumerBacklog(brokers, database)) {
    if (Date.now() > until)
      throw new Error(
        `consumer backlog did not drain within ${timeoutMs / 1000} s: ${JSON.stringify(current)}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return first;
}

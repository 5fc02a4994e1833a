import { Degraded, HealthCheck } from './health-check';

/** What the check reads of a consumer (`ConsumerRunner.stats()` fits). */
export interface RefusingConsumer {
  stats(): {
    deadLetteredByReason?: Readonly<Record<string, number>>;
    lastInvalidInternalEvent?: { topic: string; partition: number; offset: string; at: Date } | null;
  };
}

/**
 * `invalid-internal-events` (issue 15): how many events of our own services' topics each consumer refused as
 * invalid since this process started, and where the last one is (topic, partition, offset: the DLQ holds the
 * record). Any is a contract mismatch between services and a call that may not have reached a clinician, so the
 * check reports `degraded`; it does not fail readiness, because refusing traffic would not bring the event back
 * and the consumer keeps processing everything after it.
 */
export function invalidInternalEventsHealthCheck(
  consumers: ReadonlyMap<string, RefusingConsumer>,
): HealthCheck {
  return {
    name: 'invalid-internal-events',
    check: async () => {
      const counts: Record<string, number> = {};
      const last: Record<string, { topic: string; partition: number; offset: string; at: string }> = {};
      for (const [name, consumer] of consumers) {
        const stats = consumer.stats();
        counts[name] = stats.deadLetteredByReason?.['invalid-internal-event'] ?? 0;
        const position = stats.lastInvalidInternalEvent;
        if (position) {
          const { topic, partition, offset, at } = position;
          last[name] = { topic, partition, offset, at: at.toISOString() };
        }
      }
      const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
      return total === 0 ? { counts } : new Degraded({ counts, last });
    },
  };
}

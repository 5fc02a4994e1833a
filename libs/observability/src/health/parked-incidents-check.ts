import { Degraded, HealthCheck } from './health-check';

/** What the check reads of a consumer (`ConsumerRunner.parkedIncidents()` fits); consumers without parking have none. */
export interface ParkingConsumer {
  parkedIncidents?(): Promise<number>;
}

/**
 * `parked-incidents` (issue 20): how many incidents each consumer holds back behind a dead letter, over all its
 * instances (the count is the consumer's `parked` table). Any is an incident whose later events are not applied
 * until an operator redrives or skips its first dead letter (`npm run dlq -- list`), so the check reports
 * `degraded`; it does not fail readiness, because taking the instance out would not release one and every other
 * incident is applied as usual. A count that cannot be read (the database is away, which its own check reports) is
 * said so, not a failure.
 */
export function parkedIncidentsHealthCheck(consumers: ReadonlyMap<string, ParkingConsumer>): HealthCheck {
  return {
    name: 'parked-incidents',
    check: async () => {
      const counts: Record<string, number> = {};
      const unavailable: string[] = [];
      for (const [name, consumer] of consumers) {
        if (!consumer.parkedIncidents) continue;
        try {
          counts[name] = await consumer.parkedIncidents();
        } catch {
          unavailable.push(name);
        }
      }
      const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
      if (total === 0 && unavailable.length === 0) return { counts };
      return new Degraded({
        counts,
        ...(unavailable.length > 0 ? { unavailable } : {}),
        ...(total > 0 ? { action: 'npm run dlq -- list' } : {}),
      });
    },
  };
}

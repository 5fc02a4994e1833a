import { HealthCheck } from './health-check';

/** When the relay or a consumer is too far behind for the service to count as ready (issue 9). */
export interface LagThresholds {
  /** Unpublished events (outbox) above which `relay-lag` is down. */
  relayMaxPending: number;
  /** Age of the oldest unpublished event above which `relay-lag` is down, in seconds. */
  relayMaxAgeSeconds: number;
  /** Records behind on any partition above which `consumer-lag` is down. */
  consumerMaxLag: number;
}

export const DEFAULT_LAG_THRESHOLDS: LagThresholds = {
  relayMaxPending: 1000,
  relayMaxAgeSeconds: 60,
  consumerMaxLag: 1000,
};

/**
 * `HEALTH_RELAY_MAX_PENDING`, `HEALTH_RELAY_MAX_AGE_SECONDS`, `HEALTH_CONSUMER_MAX_LAG`; a missing or invalid
 * value keeps the default (a health threshold should never stop a service from starting).
 */
export function lagThresholdsFromEnv(env: NodeJS.ProcessEnv = process.env): LagThresholds {
  const read = (name: string, fallback: number) => {
    const value = Number(env[name]);
    return env[name] !== undefined && env[name] !== '' && Number.isFinite(value) && value >= 0
      ? value
      : fallback;
  };
  return {
    relayMaxPending: read('HEALTH_RELAY_MAX_PENDING', DEFAULT_LAG_THRESHOLDS.relayMaxPending),
    relayMaxAgeSeconds: read('HEALTH_RELAY_MAX_AGE_SECONDS', DEFAULT_LAG_THRESHOLDS.relayMaxAgeSeconds),
    consumerMaxLag: read('HEALTH_CONSUMER_MAX_LAG', DEFAULT_LAG_THRESHOLDS.consumerMaxLag),
  };
}

/** `relay-lag`: up while the outbox backlog is under both thresholds; details show the backlog either way. */
export function relayLagHealthCheck(
  relay: { backlog(): Promise<{ pending: number; oldestPendingAgeMs: number }> },
  thresholds: Pick<LagThresholds, 'relayMaxPending' | 'relayMaxAgeSeconds'>,
): HealthCheck {
  return {
    name: 'relay-lag',
    check: async () => {
      const { pending, oldestPendingAgeMs } = await relay.backlog();
      const ageSeconds = Math.round(oldestPendingAgeMs / 1000);
      if (pending > thresholds.relayMaxPending || ageSeconds > thresholds.relayMaxAgeSeconds) {
        throw new Error(
          `${pending} events unpublished, oldest ${ageSeconds} s (limits ${thresholds.relayMaxPending} events, ${thresholds.relayMaxAgeSeconds} s)`,
        );
      }
      return { pending, oldestPendingAgeSeconds: ageSeconds };
    },
  };
}

export interface LaggingConsumer {
  lag(): ReadonlyArray<{ topic: string; partition: number; lag: number }>;
}

/** `consumer-lag`: up while every assigned partition of every consumer is within the threshold. */
export function consumerLagHealthCheck(
  consumers: ReadonlyMap<string, LaggingConsumer>,
  maxLag: number,
): HealthCheck {
  return {
    name: 'consumer-lag',
    check: async () => {
      const worst: Record<string, number> = {};
      const over: string[] = [];
      for (const [name, consumer] of consumers) {
        for (const entry of consumer.lag()) {
          worst[name] = Math.max(worst[name] ?? 0, entry.lag);
          if (entry.lag > maxLag) over.push(`${name} ${entry.topic}[${entry.partition}] ${entry.lag}`);
        }
      }
      if (over.length > 0) throw new Error(`behind by more than ${maxLag} records: ${over.join(', ')}`);
      return { maxLag: worst };
    },
  };
}

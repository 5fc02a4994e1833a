/**
 * Consumer settings for tests: quick to join, to hand partitions over and to fetch, and quick to retry, so a
 * test waits seconds, not the production defaults' minutes, for a group to settle.
 */
export const FAST_CONSUMER = {
  sessionTimeout: 6_000,
  heartbeatInterval: 500,
  rebalanceTimeout: 3_000,
  maxWaitTimeInMs: 100,
  retry: { retries: 3, initialRetryTime: 100 },
} as const;

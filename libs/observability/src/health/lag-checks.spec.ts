import { consumerLagHealthCheck, lagThresholdsFromEnv, relayLagHealthCheck } from './lag-checks';

describe('lag readiness checks', () => {
  const thresholds = { relayMaxPending: 10, relayMaxAgeSeconds: 30 };

  it('relay-lag is up under both thresholds and down, with the numbers, over either', async () => {
    const backlog = (pending: number, oldestPendingAgeMs: number) => ({
      backlog: async () => ({ pending, oldestPendingAgeMs }),
    });
    await expect(relayLagHealthCheck(backlog(3, 2000), thresholds).check()).resolves.toEqual({
      pending: 3,
      oldestPendingAgeSeconds: 2,
    });
    await expect(relayLagHealthCheck(backlog(11, 0), thresholds).check()).rejects.toThrow(
      '11 events unpublished',
    );
    await expect(relayLagHealthCheck(backlog(1, 31_000), thresholds).check()).rejects.toThrow('oldest 31 s');
  });

  it('consumer-lag names the partition over the threshold', async () => {
    const consumers = new Map([
      [
        'intake-events',
        {
          lag: () => [
            { topic: 't', partition: 0, lag: 2 },
            { topic: 't', partition: 3, lag: 7 },
          ],
        },
      ],
    ]);
    await expect(consumerLagHealthCheck(consumers, 10).check()).resolves.toEqual({
      maxLag: { 'intake-events': 7 },
    });
    await expect(consumerLagHealthCheck(consumers, 5).check()).rejects.toThrow('intake-events t[3] 7');
  });

  it('reads thresholds from the environment, keeping defaults for missing or invalid values', () => {
    expect(lagThresholdsFromEnv({ HEALTH_RELAY_MAX_PENDING: '5', HEALTH_CONSUMER_MAX_LAG: 'lots' })).toEqual({
      relayMaxPending: 5,
      relayMaxAgeSeconds: 60,
      consumerMaxLag: 1000,
    });
  });
});

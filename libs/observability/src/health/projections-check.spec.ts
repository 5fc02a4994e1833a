import { Degraded } from './health-check';
import {
  projectionStallMsFromEnv,
  projectionsHealthCheck,
  type ObservedProjection,
} from './projections-check';

const failing = (name: string, critical: boolean, stalled = true): ObservedProjection => ({
  name,
  critical,
  stalled,
  failure: {
    errorClass: 'DatabaseError',
    errorCode: '23502',
    position: '42',
    eventType: 'AdviceGiven',
    since: new Date(Date.now() - 45_000),
  },
});

describe('projections readiness check', () => {
  it('is up while nothing is stalled (a failure under the threshold is not a stall yet)', async () => {
    await expect(
      projectionsHealthCheck(() => [failing('triage_advice', false, false)]).check(),
    ).resolves.toEqual({ stalled: [] });
  });

  it('reports a stalled non-critical projection as degraded, naming position, event type and error class', async () => {
    const result = await projectionsHealthCheck(() => [failing('triage_advice', false)]).check();
    expect(result).toBeInstanceOf(Degraded);
    expect((result as Degraded).details).toEqual({
      stalled: [
        {
          projection: 'triage_advice',
          critical: false,
          position: '42',
          eventType: 'AdviceGiven',
          error: 'DatabaseError (23502)',
          stalledForSeconds: 45,
        },
      ],
    });
  });

  it('is down when a critical projection is stalled', async () => {
    await expect(projectionsHealthCheck(() => [failing('triage_calls', true)]).check()).rejects.toThrow(
      'critical projection stalled: triage_calls at position 42 (AdviceGiven: DatabaseError (23502))',
    );
  });

  it('reads the threshold from the environment', () => {
    expect(projectionStallMsFromEnv({})).toBe(30_000);
    expect(projectionStallMsFromEnv({ HEALTH_PROJECTION_STALL_SECONDS: '5' })).toBe(5_000);
    expect(projectionStallMsFromEnv({ HEALTH_PROJECTION_STALL_SECONDS: 'soon' })).toBe(30_000);
  });
});

import { Degraded } from './health-check';
import { HealthRegistry } from './health-registry';

describe('HealthRegistry', () => {
  it('is ready when every check resolves, with details where given', async () => {
    const registry = new HealthRegistry();
    registry.register({ name: 'database', check: async () => undefined });
    registry.register({ name: 'relay', check: async () => ({ lag: 0 }) });
    const report = await registry.readiness();
    expect(report.status).toBe('ready');
    expect(report.checks.database.status).toBe('up');
    expect(report.checks.relay).toMatchObject({ status: 'up', details: { lag: 0 } });
  });

  it('is not ready when one check rejects, naming it and its error', async () => {
    const registry = new HealthRegistry();
    registry.register({ name: 'database', check: async () => undefined });
    registry.register({
      name: 'kafka',
      check: async () => Promise.reject(new Error('Connection error: connect ECONNREFUSED')),
    });
    const report = await registry.readiness();
    expect(report.status).toBe('not-ready');
    expect(report.checks.kafka).toMatchObject({
      status: 'down',
      error: 'Connection error: connect ECONNREFUSED',
    });
    expect(report.checks.database.status).toBe('up');
  });

  it('bounds a hanging check by its timeout, and a synchronous throw is a failure too', async () => {
    const registry = new HealthRegistry();
    registry.register({ name: 'slow', check: () => new Promise(() => undefined), timeoutMs: 50 });
    registry.register({
      name: 'throws',
      check: () => {
        throw new Error('sync');
      },
    });
    const started = Date.now();
    const report = await registry.readiness();
    // Not a speed test: the never-settling check must not hold the readiness answer.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(report.checks.slow).toMatchObject({ status: 'down', error: 'no answer within 50 ms' });
    expect(report.checks.throws).toMatchObject({ status: 'down', error: 'sync' });
  });

  it('refuses two checks with one name', () => {
    const registry = new HealthRegistry();
    registry.register({ name: 'kafka', check: async () => undefined });
    expect(() => registry.register({ name: 'kafka', check: async () => undefined })).toThrow(
      'already registered',
    );
  });
});

describe('HealthRegistry degraded checks', () => {
  it('reports a degraded check with its details and stays ready', async () => {
    const registry = new HealthRegistry();
    registry.register({ name: 'projections', check: async () => new Degraded({ stalled: ['x'] }) });
    const report = await registry.readiness();
    expect(report.status).toBe('ready');
    expect(report.checks.projections).toMatchObject({ status: 'degraded', details: { stalled: ['x'] } });
  });
});

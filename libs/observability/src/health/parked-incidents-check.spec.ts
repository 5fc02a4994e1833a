import { Degraded } from './health-check';
import { parkedIncidentsHealthCheck } from './parked-incidents-check';

describe('parked-incidents readiness check', () => {
  it('is up with zero counts, and degraded with the count of each consumer once one incident is parked', async () => {
    let parked = 0;
    const check = parkedIncidentsHealthCheck(
      new Map([
        ['incident-facts', { parkedIncidents: async () => parked }],
        ['inbound-reports', {}],
      ]),
    );
    await expect(check.check()).resolves.toEqual({ counts: { 'incident-facts': 0 } });
    parked = 2;
    const result = await check.check();
    expect(result).toBeInstanceOf(Degraded);
    expect((result as Degraded).details).toEqual({
      counts: { 'incident-facts': 2 },
      action: 'npm run dlq -- list',
    });
  });

  it('says which count it could not read rather than failing readiness', async () => {
    const check = parkedIncidentsHealthCheck(
      new Map([
        ['intake-events', { parkedIncidents: () => Promise.reject(new Error('connection refused')) }],
      ]),
    );
    const result = await check.check();
    expect(result).toBeInstanceOf(Degraded);
    expect((result as Degraded).details).toEqual({ counts: {}, unavailable: ['intake-events'] });
  });
});

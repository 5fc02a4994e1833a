import { Degraded } from './health-check';
import { invalidInternalEventsHealthCheck } from './invalid-internal-events-check';

describe('invalid-internal-events readiness check', () => {
  it('is up with zero counts, and degraded naming the count and the last position once one was refused', async () => {
    let refused = 0;
    const consumers = new Map([
      [
        'intake-events',
        {
          stats: () => ({
            deadLetteredByReason: { 'invalid-internal-event': refused, 'handler-refused': 3 },
            lastInvalidInternalEvent:
              refused === 0
                ? null
                : {
                    topic: 'rcrp.intake.events.v1',
                    partition: 2,
                    offset: '41',
                    at: new Date('2026-11-23T21:04:00Z'),
                  },
          }),
        },
      ],
    ]);
    const check = invalidInternalEventsHealthCheck(consumers);
    await expect(check.check()).resolves.toEqual({ counts: { 'intake-events': 0 } });
    refused = 1;
    const result = await check.check();
    expect(result).toBeInstanceOf(Degraded);
    expect((result as Degraded).details).toEqual({
      counts: { 'intake-events': 1 },
      last: {
        'intake-events': {
          topic: 'rcrp.intake.events.v1',
          partition: 2,
          offset: '41',
          at: '2026-11-23T21:04:00.000Z',
        },
      },
    });
  });
});

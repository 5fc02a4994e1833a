import { ServiceMetrics } from './service-metrics';

describe('ServiceMetrics', () => {
  it('labels dead letters by consumer and reason', async () => {
    const metrics = new ServiceMetrics('triage');
    metrics.observeConsumer('intake-events', {
      lag: () => [],
      stats: () => ({
        deadLettered: 3,
        deadLetteredByReason: { 'invalid-internal-event': 2, 'invalid-message': 0, 'handler-refused': 1 },
      }),
    });
    const text = await metrics.metrics();
    expect(text).toContain(
      'rcrp_dlq_messages_total{consumer="intake-events",reason="invalid-internal-event",service="triage"} 2',
    );
    expect(text).toContain(
      'rcrp_dlq_messages_total{consumer="intake-events",reason="handler-refused",service="triage"} 1',
    );
  });

  it('shows the incidents each consumer holds back behind a dead letter', async () => {
    const metrics = new ServiceMetrics('outcomes');
    metrics.observeConsumer('incident-facts', {
      lag: () => [],
      stats: () => ({ deadLettered: 3 }),
      parkedIncidents: async () => 1,
    });
    expect(await metrics.metrics()).toContain(
      'rcrp_parked_incidents{consumer="incident-facts",service="outcomes"} 1',
    );
  });

  it('shows each projection as stalled (1) or not (0)', async () => {
    const metrics = new ServiceMetrics('triage');
    metrics.observeProjections({
      projectionLag: async () => [],
      status: () => [
        { name: 'triage_calls', stalled: false },
        { name: 'triage_advice', stalled: true },
      ],
    });
    const text = await metrics.metrics();
    expect(text).toContain('rcrp_projection_stalled{projection="triage_calls",service="triage"} 0');
    expect(text).toContain('rcrp_projection_stalled{projection="triage_advice",service="triage"} 1');
  });
});

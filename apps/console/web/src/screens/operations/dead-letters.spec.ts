import { deadLetterRows, parseMetrics } from './dead-letters';

const METRICS = [
  '# HELP rcrp_dlq_messages_total Records this process sent to a dead-letter topic',
  '# TYPE rcrp_dlq_messages_total counter',
  'rcrp_dlq_messages_total{consumer="intake-events",reason="invalid-internal-event"} 2',
  'rcrp_dlq_messages_total{consumer="intake-events",reason="handler-failed"} 1',
  'rcrp_consumer_lag{consumer="intake-events",topic="rcrp.intake.events.v1",partition="0"} 0',
  'rcrp_consumer_lag{consumer="intake-events",topic="rcrp.intake.events.v1",partition="1"} 4',
  'rcrp_parked_incidents{consumer="intake-events"} 1',
  'rcrp_parked_incidents{consumer="triage-events"} 0',
  'process_cpu_seconds_total 1.5',
].join('\n');

describe('the dead-letter counts', () => {
  it('reads the samples of a metrics answer, labels unescaped', () => {
    expect(parseMetrics('a_total{x="say \\"hi\\""} 3\n# c\nb 1e3\nbad')).toEqual([
      { name: 'a_total', labels: { x: 'say "hi"' }, value: 3 },
      { name: 'b', labels: {}, value: 1000 },
    ]);
  });

  it('gives one row per consumer: its topic, dead letters by reason and parked incidents', () => {
    expect(deadLetterRows('triage', METRICS, null)).toEqual([
      {
        service: 'triage',
        consumer: 'intake-events',
        topics: ['rcrp.intake.events.v1'],
        deadLettered: 3,
        byReason: { 'invalid-internal-event': 2, 'handler-failed': 1 },
        parked: 1,
      },
      {
        service: 'triage',
        consumer: 'triage-events',
        topics: [],
        deadLettered: 0,
        byReason: {},
        parked: 0,
      },
    ]);
  });

  it('takes parked incidents from the readiness check, and knows no dead letters when metrics were not read', () => {
    const readiness = {
      status: 'ready',
      checks: {
        'parked-incidents': {
          status: 'degraded',
          durationMs: 3,
          details: { counts: { 'intake-events': 2 } },
        },
      },
    };
    expect(deadLetterRows('outcomes', null, readiness)).toEqual([
      {
        service: 'outcomes',
        consumer: 'intake-events',
        topics: [],
        deadLettered: null,
        byReason: {},
        parked: 2,
      },
    ]);
  });
});

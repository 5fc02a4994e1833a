import type { DeadLetterRecord } from './dead-letter-record';
import { printableReason, summariseDeadLetters } from './dead-letter-summary';

const record = (offset: number, stage: string, error: string, at: string): DeadLetterRecord => ({
  position: `t.dlq/0/${offset}`,
  topic: 't.dlq',
  partition: 0,
  offset: String(offset),
  at: new Date(at),
  key: 'k',
  value: null,
  headers: {},
  stage,
  error,
  source: { topic: 't', partition: 0, offset: String(offset) },
  consumerGroup: offset === 9 ? 'rcrp-triage.rcrp_test.triage.intake-events' : null,
  parkedBehind: null,
  eventId: null,
});

describe('summariseDeadLetters (npm run dlq -- list)', () => {
  it('counts, the oldest awaiting, the reasons grouped; decided ones and other databases apart', () => {
    const records = [
      record(0, 'handle', 'type: refused', '2026-11-23T21:00:00Z'),
      record(
        1,
        'parked',
        'parked behind t.dlq/0/0: an earlier record of this incident is a dead letter',
        '2026-11-23T21:01:00Z',
      ),
      record(
        2,
        'parked',
        'parked behind t.dlq/0/0: an earlier record of this incident is a dead letter',
        '2026-11-23T21:02:00Z',
      ),
      record(3, 'handle', 'type: refused', '2026-11-23T20:00:00Z'),
      record(9, 'handle', 'type: refused', '2026-11-23T19:00:00Z'),
    ];
    const summary = summariseDeadLetters('t.dlq', records, {
      inScope: (dead) => dead.consumerGroup === null,
      decisionOf: (dead) => (dead.offset === '3' ? 'skipped' : null),
      parked: [],
    });
    expect(summary).toMatchObject({
      total: 4,
      awaiting: 3,
      skipped: 1,
      redriven: 0,
      otherDatabases: 1,
      oldestAwaiting: new Date('2026-11-23T21:00:00Z'),
      reasons: [
        { stage: 'parked', reason: 'held behind an earlier dead letter of its incident', count: 2 },
        { stage: 'handle', reason: 'type: refused', count: 1 },
      ],
    });
  });

  it('prints a reason without what it quotes (a decoder may quote the record)', () => {
    expect(
      printableReason({
        stage: 'decode',
        error: `value: not JSON: Unexpected token 'o', "{"a": "b" o" is not valid JSON`,
      }),
    ).toBe('value: not JSON: Unexpected token "…" is not valid JSON');
    expect(printableReason({ stage: 'decode', error: `value: a single ' quote and after` })).toBe(
      'value: a single "…"',
    );
  });
});

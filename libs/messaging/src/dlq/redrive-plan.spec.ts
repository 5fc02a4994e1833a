import type { DeadLetterRecord } from './dead-letter-record';
import { planRedrive, type RedriveInputs, type ReleaseKind } from './redrive-plan';

const GROUP = 'rcrp-outcomes.rcrp.outcomes.incident-facts';
const OTHER = 'rcrp-triage.rcrp.triage.intake-events';

let dlqOffset = 0;
function deadLetter(
  key: string,
  sourceOffset: number,
  overrides: Partial<DeadLetterRecord> = {},
): DeadLetterRecord {
  const offset = String(dlqOffset++);
  return {
    position: `t.dlq/0/${offset}`,
    topic: 't.dlq',
    partition: 0,
    offset,
    at: new Date(0),
    key,
    value: Buffer.from('{}'),
    headers: {},
    stage: 'handle',
    error: 'refused',
    source: { topic: 't', partition: 1, offset: String(sourceOffset) },
    consumerGroup: GROUP,
    parkedBehind: null,
    eventId: `event-${key}-${sourceOffset}`,
    ...overrides,
  };
}

function inputs(records: DeadLetterRecord[], decided: Partial<RedriveInputs> = {}): RedriveInputs {
  return {
    records,
    inScope: () => true,
    skipped: () => false,
    redriven: () => false,
    release: () => undefined,
    ...decided,
  };
}

const published = (plan: ReturnType<typeof planRedrive>) =>
  plan.incidents.map((incident) => [incident.key, incident.records.map((record) => record.source.offset)]);

describe('planRedrive', () => {
  it("publishes each incident's dead letters in their source order, once each", () => {
    const records = [
      deadLetter('a', 7),
      deadLetter('b', 3),
      deadLetter('a', 2),
      deadLetter('a', 7, { consumerGroup: OTHER }),
    ];
    const plan = planRedrive({ keys: 'all' }, inputs(records));
    expect(published(plan)).toEqual([
      ['a', ['2', '7']],
      ['b', ['3']],
    ]);
    // The second consumer's copy is covered too: it gets its own decision.
    expect(plan.covered).toHaveLength(4);
  });

  it('takes only the chosen incident, and only the chosen consumer groups', () => {
    const records = [deadLetter('a', 1), deadLetter('b', 2), deadLetter('a', 3, { consumerGroup: OTHER })];
    expect(published(planRedrive({ keys: new Set(['a']) }, inputs(records)))).toEqual([['a', ['1', '3']]]);
    expect(
      published(planRedrive({ keys: new Set(['a']), groups: new Set([GROUP]) }, inputs(records))),
    ).toEqual([['a', ['1']]]);
  });

  it('never publishes a skipped dead letter, and a redriven one only when a stopped redrive is taken over', () => {
    const [first, second] = [deadLetter('a', 1), deadLetter('a', 2)];
    const decided = {
      skipped: (_: string, position: string) => position === first.position,
      redriven: (_: string, position: string) => position === second.position,
    };
    expect(published(planRedrive({ keys: 'all' }, inputs([first, second], decided)))).toEqual([]);
    const takenOver = { ...decided, release: (): ReleaseKind => 'taken-over' };
    expect(published(planRedrive({ keys: 'all' }, inputs([first, second], takenOver)))).toEqual([
      ['a', ['2']],
    ]);
  });

  it('leaves an incident another redrive is releasing to it, and dead letters of other databases alone', () => {
    const records = [deadLetter('a', 1), deadLetter('b', 2)];
    const plan = planRedrive(
      { keys: 'all' },
      inputs(records, {
        release: (_, key): ReleaseKind | undefined => (key === 'a' ? 'running' : undefined),
        inScope: (record) => record.key !== 'b',
      }),
    );
    expect(plan).toEqual({ incidents: [], covered: [] });
  });

  it('publishes copies of one event once, the first in source order (a dead letter written again, a redriven copy)', () => {
    const original = deadLetter('a', 1, { eventId: 'same' });
    const copy = deadLetter('a', 9, { eventId: 'same' });
    const plan = planRedrive({ keys: 'all' }, inputs([copy, original]));
    expect(published(plan)).toEqual([['a', ['1']]]);
  });
});

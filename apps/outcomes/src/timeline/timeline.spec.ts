import { mergeStreams, type TimelineEntry, type TimelineService } from './timeline';
import { withholdCiphertext, WITHHELD_VALUE } from './withheld';

const entry = (
  service: TimelineService,
  streamVersion: number,
  occurredAt: string,
  recordedAt = occurredAt,
): TimelineEntry => ({
  service,
  eventId: `${service}-${streamVersion}`,
  type: 'X',
  occurredAt,
  recordedAt,
  actor: { id: 'a', role: 'officer' },
  streamId: `${service}-1`,
  streamVersion,
  correlationId: 'c',
  causationId: null,
  data: {},
  withheldFields: [],
});

describe('mergeStreams', () => {
  it('orders by when things happened, within and across streams (a late entry sits where it happened)', () => {
    const intake = [entry('intake', 1, '2026-11-23T21:00:00Z'), entry('intake', 2, '2026-11-23T21:30:00Z')];
    const triage = [entry('triage', 1, '2026-11-23T21:05:00Z'), entry('triage', 2, '2026-11-23T21:10:00Z')];
    // Recorded second but happened first (a late entry, DESIGN §4 rule 10): the timeline reads in `at` order.
    const outcomes = [
      entry('outcomes', 1, '2026-11-23T21:20:00Z'),
      entry('outcomes', 2, '2026-11-23T21:15:00Z'),
    ];
    expect(mergeStreams([outcomes, triage, intake]).map((e) => e.eventId)).toEqual([
      'intake-1',
      'triage-1',
      'triage-2',
      'outcomes-2',
      'outcomes-1',
      'intake-2',
    ]);
  });

  it('breaks ties by recording time, then intake, triage, outcomes', () => {
    const same = '2026-11-23T21:00:00Z';
    const merged = mergeStreams([
      [entry('outcomes', 1, same)],
      [entry('triage', 1, same, '2026-11-23T20:59:00Z')],
      [entry('intake', 1, same)],
    ]);
    expect(merged.map((e) => e.service)).toEqual(['triage', 'intake', 'outcomes']);
  });

  it('keeps stream order between facts of one stream at the same time', () => {
    const same = '2026-11-23T21:00:00Z';
    const merged = mergeStreams([[entry('outcomes', 1, same), entry('outcomes', 2, same)]]);
    expect(merged.map((e) => e.streamVersion)).toEqual([1, 2]);
  });
});

describe('withholdCiphertext', () => {
  it('replaces every encrypted value, at any depth, and names where', () => {
    const cipher = 'enc:v1:subj-1:AAAAAAAAAAAAAAAA:BBBBBBBB';
    const { data, withheld } = withholdCiphertext({
      summary: cipher,
      subject: { name: cipher, sex: 'female' },
      list: [cipher, 'plain'],
    });
    expect(data).toEqual({
      summary: WITHHELD_VALUE,
      subject: { name: WITHHELD_VALUE, sex: 'female' },
      list: [WITHHELD_VALUE, 'plain'],
    });
    expect(withheld).toEqual(['summary', 'subject.name', 'list.0']);
    expect(JSON.stringify(data)).not.toContain('enc:v1');
  });
});

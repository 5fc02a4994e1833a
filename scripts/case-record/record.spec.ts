import {
  allStreamsVerify,
  caseRecordHtml,
  mergeCaseRecord,
  type RecordedEvent,
  type ServicePart,
} from './record';

const meta = {
  incidentId: 'i-1',
  generatedAt: '2026-12-02T10:00:00Z',
  generatedBy: 'op-7',
  reason: 'Case review 2026/3',
};

function event(
  type: string,
  occurredAt: string,
  recordedAt: string,
  data: Record<string, unknown> = {},
): RecordedEvent {
  return {
    eventId: `${type}-id`,
    type,
    schemaVersion: 1,
    streamId: 's',
    streamVersion: 1,
    occurredAt,
    recordedAt,
    actor: { id: 'PC-1', role: 'officer' },
    data,
  };
}

function part(events: RecordedEvent[], ok = true): ServicePart {
  return {
    incidentId: 'i-1',
    streamId: 's',
    asOf: null,
    events,
    verification: ok
      ? { ok: true, events: events.length }
      : { ok: false, firstBrokenVersion: 2, reason: 'hash-mismatch' },
  };
}

describe('mergeCaseRecord', () => {
  it('orders every service’s events by when they happened, a late entry where it happened', () => {
    const record = mergeCaseRecord(
      {
        intake: part([event('IncidentReported', '2026-12-01T10:00:00Z', '2026-12-01T10:00:01Z')]),
        triage: part([event('AdviceGiven', '2026-12-01T10:05:00Z', '2026-12-01T10:05:00Z')]),
        outcomes: part([
          event('Section136Detained', '2026-12-01T10:10:00Z', '2026-12-01T10:10:00Z', {
            ruleSetId: 'ew-2017',
          }),
          event('ConveyanceRecorded', '2026-12-01T10:08:00Z', '2026-12-01T11:00:00Z'),
        ]),
      },
      meta,
    );
    expect(record.entries.map((entry) => entry.type)).toEqual([
      'IncidentReported',
      'AdviceGiven',
      'ConveyanceRecorded',
      'Section136Detained',
    ]);
    expect(record.entries.map((entry) => entry.service)).toEqual([
      'intake',
      'triage',
      'outcomes',
      'outcomes',
    ]);
    expect(record.ruleSet).toBe('ew-2017');
    expect(allStreamsVerify(record)).toBe(true);
  });

  it('says when a service holds nothing and when a stream is broken', () => {
    const record = mergeCaseRecord({ intake: part([event('IncidentReported', 'x', 'x')], false) }, meta);
    expect(record.streams).toEqual([
      {
        service: 'intake',
        streamId: 's',
        events: 1,
        verification: { broken: { firstBrokenVersion: 2, reason: 'hash-mismatch' } },
      },
      { service: 'triage', streamId: null, events: 0, verification: 'none' },
      { service: 'outcomes', streamId: null, events: 0, verification: 'none' },
    ]);
    expect(record.ruleSet).toBeNull();
    expect(allStreamsVerify(record)).toBe(false);
  });
});

describe('caseRecordHtml', () => {
  it('escapes what was recorded and names the broken stream', () => {
    const record = mergeCaseRecord(
      {
        intake: part([event('IncidentReported', 'x', 'x', { summary: '<script>alert(1)</script>' })], false),
      },
      meta,
    );
    const html = caseRecordHtml(record);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('BROKEN at version 2 (hash-mismatch)');
    expect(html).toContain('Case review 2026/3');
  });
});

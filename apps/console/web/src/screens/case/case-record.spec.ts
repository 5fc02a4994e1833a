import { caseRecordOf, dataLines, eventLabel, lastRecordedAt, type ServicePart } from './case-record';

const event = (
  type: string,
  occurredAt: string,
  streamVersion: number,
  extra: Partial<ServicePart['events'][number]> = {},
) => ({
  eventId: `${type}-${streamVersion}`,
  type,
  schemaVersion: 1,
  streamId: 's',
  streamVersion,
  occurredAt,
  recordedAt: occurredAt,
  actor: { id: 'PC-1', role: 'officer' },
  data: {},
  ...extra,
});
const part = (events: ServicePart['events']): ServicePart => ({
  incidentId: 'i',
  streamId: 's',
  asOf: null,
  events,
  verification: { ok: true, events: events.length },
});
const meta = {
  incidentId: 'i',
  generatedAt: '2026-12-02T12:00:00Z',
  generatedBy: 'PC-1',
  reason: 'Checking the record',
};

describe('the case record', () => {
  it('merges the three services in the order things happened, a late entry where it happened', () => {
    const { record, availability } = caseRecordOf(
      {
        intake: { kind: 'part', part: part([event('IncidentReported', '2026-12-02T10:00:00Z', 1)]) },
        triage: { kind: 'refused', status: 403, message: 'Forbidden' },
        outcomes: {
          kind: 'part',
          part: part([
            event('Section136DetentionDecided', '2026-12-02T10:30:00Z', 1),
            event('ConveyanceRecorded', '2026-12-02T10:20:00Z', 2, { recordedAt: '2026-12-02T11:00:00Z' }),
          ]),
        },
      },
      meta,
    );
    expect(record.entries.map((entry) => entry.type)).toEqual([
      'IncidentReported',
      'ConveyanceRecorded',
      'Section136DetentionDecided',
    ]);
    expect(availability).toEqual({ intake: 'part', triage: 'refused', outcomes: 'part' });
    expect(record.streams.map((stream) => stream.verification)).toEqual(['ok', 'none', 'ok']);
  });

  it('measures late entries from the latest fact a person recorded in outcomes', () => {
    const { record } = caseRecordOf(
      {
        intake: { kind: 'none' },
        triage: { kind: 'none' },
        outcomes: {
          kind: 'part',
          part: part([
            event('Section136ArrivalRecorded', '2026-12-02T10:30:00Z', 1),
            event('DetentionDeadlineApproaching', '2026-12-03T08:30:00Z', 2, {
              actor: { id: 'rcrp-outcomes', role: 'system' },
            }),
          ]),
        },
      },
      meta,
    );
    expect(lastRecordedAt(record)).toBe('2026-12-02T10:30:00Z');
  });
});

describe('an event as a person reads it', () => {
  it('names the type in words', () => {
    expect(eventLabel('Section136DetentionDecided')).toBe('Section 136 detention decided');
    expect(eventLabel('IncidentReported')).toBe('Incident reported');
    expect(eventLabel('PoliceStationUseInvalidated')).toBe('Police station use invalidated');
  });

  it('lists the data by dotted path and marks erased values', () => {
    expect(
      dataLines({
        subject: { name: '[erased]', sex: 'female' },
        presentingConcerns: ['distress'],
        notes: null,
      }),
    ).toEqual([
      { path: 'subject.name', value: '[erased]', erased: true },
      { path: 'subject.sex', value: 'female', erased: false },
      { path: 'presentingConcerns.0', value: 'distress', erased: false },
      { path: 'notes', value: '—', erased: false },
    ]);
  });
});

import { IncidentReport, IncidentReportRequest } from './incident-report';
import { deserialiseEnvelope, kafkaHeadersOf, kafkaKeyOf, serialiseEnvelope } from './serialisation';
import { SAMPLE_EVENT_DATA, SAMPLE_INCIDENT_REPORT, sampleEnvelope } from './testing/sample-events';
import { validateEnvelope, validateEventData, validatePayload } from './validation';

const paths = (errors: { path: string }[]) => errors.map((error) => error.path);

describe('validateEventData', () => {
  it('accepts a valid payload', () => {
    expect(validateEventData('AdviceGiven', 1, SAMPLE_EVENT_DATA.AdviceGiven)).toEqual([]);
  });

  it('names the nested field and the reason', () => {
    const data = {
      ...SAMPLE_EVENT_DATA.IncidentReported,
      subject: { ref: 's-1', dateOfBirth: '1990-02-30' },
    };
    expect(validateEventData('IncidentReported', 1, data)).toEqual([
      {
        path: 'subject.dateOfBirth',
        reason:
          'subject.dateOfBirth must be a calendar date YYYY-MM-DD, for example 1990-04-01, in 1900-2100',
      },
    ]);
  });

  it('refuses unknown fields rather than dropping them', () => {
    const errors = validateEventData('CaseClosed', 1, { ...SAMPLE_EVENT_DATA.CaseClosed, note: 'x' });
    expect(errors).toEqual([{ path: 'note', reason: 'property note should not exist' }]);
  });

  it('refuses values outside a vocabulary', () => {
    const errors = validateEventData('AdviceGiven', 1, {
      ...SAMPLE_EVENT_DATA.AdviceGiven,
      profession: 'plumber',
    });
    expect(paths(errors)).toEqual(['profession']);
  });

  it('refuses an unknown type and a version that is not current', () => {
    expect(paths(validateEventData('NoSuchEvent', 1, {}))).toEqual(['type']);
    expect(paths(validateEventData('AdviceGiven', 2, SAMPLE_EVENT_DATA.AdviceGiven))).toEqual([
      'schemaVersion',
    ]);
  });

  it('refuses a payload that is not an object', () => {
    expect(validateEventData('CaseClosed', 1, [1])).toEqual([{ path: '', reason: 'must be a JSON object' }]);
  });
});

describe('IncidentReport (inbound) and IncidentReportRequest (POST /incidents)', () => {
  it('accepts the report of DESIGN §4', () => {
    expect(validatePayload(IncidentReport, SAMPLE_INCIDENT_REPORT)).toEqual({
      ok: true,
      value: SAMPLE_INCIDENT_REPORT,
    });
  });

  it('requires the source from external systems but not from the line', () => {
    const { source: _source, ...ownCall } = SAMPLE_INCIDENT_REPORT;
    const inbound = validatePayload(IncidentReport, ownCall);
    expect(inbound.ok).toBe(false);
    expect(!inbound.ok && inbound.errors).toEqual([{ path: 'source', reason: 'source must be an object' }]);
    expect(validatePayload(IncidentReportRequest, ownCall).ok).toBe(true);
  });

  it('limits the summary to 4000 characters', () => {
    const result = validatePayload(IncidentReport, { ...SAMPLE_INCIDENT_REPORT, summary: 'x'.repeat(4001) });
    expect(!result.ok && result.errors).toEqual([
      { path: 'summary', reason: 'summary must be shorter than or equal to 4000 characters' },
    ]);
  });

  it('says which location kinds are allowed', () => {
    const report = { ...SAMPLE_INCIDENT_REPORT, location: { kind: 'home' } };
    const result = validatePayload(IncidentReport, report);
    expect(!result.ok && result.errors[0]).toEqual({
      path: 'location.kind',
      reason:
        'location.kind must be one of the following values: public-place, private-dwelling, health-setting, police-station, other',
    });
  });

  it('requires a time zone on reportedAt', () => {
    const result = validatePayload(IncidentReport, {
      ...SAMPLE_INCIDENT_REPORT,
      reportedAt: '2026-11-23T21:04:00',
    });
    expect(!result.ok && paths(result.errors)).toEqual(['reportedAt']);
  });
});

describe('validateEnvelope', () => {
  it('accepts a valid envelope of every type and returns it unchanged', () => {
    for (const type of Object.keys(SAMPLE_EVENT_DATA) as (keyof typeof SAMPLE_EVENT_DATA)[]) {
      const envelope = sampleEnvelope(type);
      expect(validateEnvelope(envelope)).toEqual({ ok: true, value: envelope });
    }
  });

  it('fills absent nullable fields with null', () => {
    const { causationId: _c, traceparent: _t, ...rest } = sampleEnvelope('CaseClosed');
    const result = validateEnvelope(rest);
    expect(result.ok && [result.value.causationId, result.value.traceparent]).toEqual([null, null]);
  });

  it('reports envelope and data errors with their paths', () => {
    const envelope = sampleEnvelope('AdviceGiven', { actor: { id: 'x', role: 'admin' as never } });
    expect(paths((validateEnvelope(envelope) as { errors: { path: string }[] }).errors)).toEqual([
      'actor.role',
    ]);
    const badData = sampleEnvelope('AdviceGiven', {
      data: { ...SAMPLE_EVENT_DATA.AdviceGiven, givenAt: 'soon' },
    });
    const result = validateEnvelope(badData);
    expect(!result.ok && result.errors).toEqual([
      {
        path: 'data.givenAt',
        reason:
          'data.givenAt must be an ISO 8601 date-time with a time zone, for example 2026-11-23T21:04:00Z, on a real calendar day in 1900-2100',
      },
    ]);
  });

  it('refuses an unknown type and a version newer than known', () => {
    expect(
      paths(
        (
          validateEnvelope(sampleEnvelope('CaseClosed', { type: 'Nope' })) as never as {
            errors: { path: string }[];
          }
        ).errors,
      ),
    ).toEqual(['type']);
    const newer = validateEnvelope(sampleEnvelope('CaseClosed', { schemaVersion: 2 }));
    expect(!newer.ok && paths(newer.errors)).toEqual(['schemaVersion']);
  });
});

describe('serialisation', () => {
  it('round-trips an envelope through JSON', () => {
    const envelope = sampleEnvelope('IncidentReported');
    expect(deserialiseEnvelope(Buffer.from(serialiseEnvelope(envelope)))).toEqual({
      ok: true,
      value: envelope,
    });
  });

  it('reports bytes that are not JSON instead of throwing', () => {
    const result = deserialiseEnvelope('{not json');
    expect(!result.ok && result.errors[0].path).toBe('');
  });

  it('keys by incident id and repeats type, version, id and trace in headers', () => {
    const envelope = sampleEnvelope('AdviceGiven');
    expect(kafkaKeyOf(envelope)).toBe(envelope.incidentId);
    expect(kafkaHeadersOf(envelope)).toEqual({
      'event-type': 'AdviceGiven',
      'schema-version': '1',
      'event-id': envelope.eventId,
      traceparent: envelope.traceparent,
    });
    expect(kafkaHeadersOf({ ...envelope, traceparent: null })).not.toHaveProperty('traceparent');
  });
});

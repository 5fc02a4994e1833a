import { SAMPLE_EVENT_DATA, sampleEnvelope } from './testing/sample-events';
import { upcast } from './upcasters';
import { validateEnvelope, validateNewEvent } from './validation';

/** Shapes stored before issue 15 closed the gaps: every reader applies them repaired, no producer may write them. */
const recordedAt = '2026-03-01T08:00:00.000Z';

function reportWith(reportedAt: string, ageYears: number) {
  const data = SAMPLE_EVENT_DATA.IncidentReported;
  return sampleEnvelope('IncidentReported', {
    occurredAt: reportedAt,
    recordedAt,
    data: { ...data, reportedAt, subject: { ...data.subject, ageYears } },
  });
}

describe('historic repairs', () => {
  it('an impossible reportedAt reads as recordedAt, marked, in data and envelope', () => {
    const result = validateEnvelope(reportWith('2026-02-30T10:00:00Z', 36));
    expect(result.ok && result.value.occurredAt).toBe(recordedAt);
    expect(result.ok && result.value.data).toMatchObject({ reportedAt: recordedAt, reportedAtInvalid: true });
  });

  it('an age outside 0-130 (from a date of birth in 1800) reads as unknown, marked', () => {
    const result = validateEnvelope(reportWith('2026-11-23T21:04:00Z', 226));
    expect(result.ok && result.value.data).toMatchObject({
      subject: { ageYears: null },
      ageYearsInvalid: true,
    });
    const amended = sampleEnvelope('IncidentDetailsAmended', {
      data: { ...SAMPLE_EVENT_DATA.IncidentDetailsAmended, changes: { subject: { ageYears: 226 } } },
    });
    const amendedResult = validateEnvelope(amended);
    expect(amendedResult.ok && amendedResult.value.data).toMatchObject({
      changes: { subject: { ageYears: null } },
      ageYearsInvalid: true,
    });
  });

  it('a date of birth outside 1900-2100 in clear reads as unknown, marked; ciphertext is left alone', () => {
    const stored = reportWith('2026-11-23T21:04:00Z', 226);
    const data = stored.data as unknown as { subject: Record<string, unknown> };
    data.subject.dateOfBirth = '1800-01-01';
    const result = validateEnvelope(stored);
    expect(result.ok && result.value.data).toMatchObject({
      subject: { dateOfBirth: null, ageYears: null },
      dateOfBirthInvalid: true,
    });
    const encrypted = 'enc:v1:subj-7f3c2a:aXY=:Y2lwaGVydGV4dA==';
    data.subject.dateOfBirth = encrypted;
    const kept = validateEnvelope(stored);
    expect(kept.ok && (kept.value.data as unknown as typeof data).subject.dateOfBirth).toBe(encrypted);
  });

  it.each(['AdviceGiven', 'RiskAssessed', 'RecordsChecked'] as const)(
    'a %s with clinicianId null names the actor as clinician, marked',
    (type) => {
      const envelope = sampleEnvelope(type, {
        actor: { id: 'RN-7', role: 'clinician' },
        data: { ...SAMPLE_EVENT_DATA[type], clinicianId: null },
      });
      const result = validateEnvelope(envelope);
      expect(result.ok && result.value.data).toMatchObject({
        clinicianId: 'RN-7',
        clinicianIdFromActor: true,
      });
    },
  );

  it('the producing side refuses every one of these shapes, naming the field', () => {
    const paths = (errors: { path: string }[]) => errors.map((error) => error.path);
    expect(paths(validateNewEvent(reportWith('2026-02-30T10:00:00Z', 36)))).toEqual([
      'occurredAt',
      // The envelope is checked first; once it is valid, the data's own field is named.
    ]);
    const badReportedAt = reportWith('2026-02-30T10:00:00Z', 36);
    expect(paths(validateNewEvent({ ...badReportedAt, occurredAt: recordedAt }))).toEqual([
      'data.reportedAt',
    ]);
    expect(paths(validateNewEvent(reportWith('2026-11-23T21:04:00Z', 226)))).toEqual([
      'data.subject.ageYears',
    ]);
    const advice = sampleEnvelope('AdviceGiven', {
      data: { ...SAMPLE_EVENT_DATA.AdviceGiven, clinicianId: null },
    });
    expect(new Set(paths(validateNewEvent(advice)))).toEqual(new Set(['data.clinicianId']));
  });

  it('leaves a valid event as it is (the same object)', () => {
    const envelope = sampleEnvelope('IncidentReported');
    expect(upcast(envelope)).toBe(envelope);
    const advice = sampleEnvelope('AdviceGiven');
    expect(upcast(advice)).toBe(advice);
  });

  it('does not modify the stored event it repairs', () => {
    const stored = reportWith('2026-02-30T10:00:00Z', 226);
    const copy = structuredClone(stored);
    upcast(stored);
    expect(stored).toEqual(copy);
  });
});

import { personalFieldsOf } from './registry';
import { conveyanceRecordedV1ToV2, UpcasterRegistry, UpcastError, upcast } from './upcasters';
import { validateEnvelope } from './validation';
import { SAMPLE_INCIDENT_ID, sampleEnvelope } from './testing/sample-events';

// The chaining rules are tested with test-only registrations against a test-only type.
const versions: Record<string, number> = { TestReported: 3 };
const event = (schemaVersion: number, data: unknown) => ({ type: 'TestReported', schemaVersion, data });

describe('upcasters', () => {
  let registry: UpcasterRegistry;
  beforeEach(() => {
    registry = new UpcasterRegistry((type) => versions[type]);
    // v1 had one `name`; v2 splits it; v3 adds a defaulted field.
    registry.register('TestReported', 1, (data) => {
      const [given, family] = String((data as { name: string }).name).split(' ');
      return { givenName: given, familyName: family };
    });
    registry.register('TestReported', 2, (data) => ({ ...(data as object), ageYears: null }));
  });

  it('chains upcasters from an old version to the current one', () => {
    expect(registry.upcast(event(1, { name: 'Jane Doe' }))).toEqual(
      event(3, { givenName: 'Jane', familyName: 'Doe', ageYears: null }),
    );
  });

  it('leaves a current event untouched and never mutates the input', () => {
    const current = event(3, { givenName: 'J' });
    expect(registry.upcast(current)).toBe(current);
    const old = event(2, { givenName: 'J' });
    registry.upcast(old);
    expect(old).toEqual(event(2, { givenName: 'J' }));
  });

  it('fails loudly on a gap, a newer version, an unknown type or a duplicate registration', () => {
    const gappy = new UpcasterRegistry(() => 3);
    gappy.register('TestReported', 2, (data) => data);
    expect(() => gappy.upcast(event(1, {}))).toThrow(new UpcastError('no upcaster for TestReported from v1'));
    expect(() => registry.upcast(event(4, {}))).toThrow(UpcastError);
    expect(() => registry.upcast({ type: 'Nope', schemaVersion: 1, data: {} })).toThrow(UpcastError);
    expect(() => registry.register('TestReported', 1, (data) => data)).toThrow(UpcastError);
  });

  it('the default registry passes current events of the real definitions through', () => {
    const envelope = sampleEnvelope('AdviceGiven');
    expect(upcast(envelope)).toBe(envelope);
  });
});

describe('ConveyanceRecorded v1 -> v2 (coded police-vehicle reasons, issue 14)', () => {
  const v1 = (policeVehicleReason: string | null) => ({
    ...sampleEnvelope('ConveyanceRecorded'),
    schemaVersion: 1,
    data: {
      incidentId: sampleEnvelope('ConveyanceRecorded').incidentId,
      conveyedAt: '2026-11-23T21:20:00.000Z',
      mode: policeVehicleReason ? 'police-vehicle' : 'ambulance',
      policeVehicleReason,
    },
  });

  it('turns the free-text reason into { code: other, detail }', () => {
    const upcast1 = upcast(v1('No ambulance for two hours'));
    expect(upcast1.schemaVersion).toBe(2);
    expect(upcast1.data).toMatchObject({
      mode: 'police-vehicle',
      policeVehicleReason: { code: 'other', detail: 'No ambulance for two hours' },
    });
    expect(upcast(v1(null)).data).toMatchObject({ policeVehicleReason: null });
  });

  it('the upcast event is valid at v2, also while the detail is still encrypted', () => {
    expect(validateEnvelope(v1('No ambulance')).ok).toBe(true);
    expect(validateEnvelope(v1('enc:v1:abc')).ok).toBe(true);
    expect(conveyanceRecordedV1ToV2({ policeVehicleReason: '' })).toEqual({ policeVehicleReason: null });
  });

  it('keeps the personal paths of each version: v1 encrypted the text, v2 encrypts the detail', () => {
    expect(personalFieldsOf('ConveyanceRecorded', 1)).toEqual(['policeVehicleReason']);
    expect(personalFieldsOf('ConveyanceRecorded', 2)).toEqual([
      'policeVehicleReason.detail',
      'lateEntryReason',
    ]);
    expect(personalFieldsOf('ConveyanceRecorded')).toEqual(personalFieldsOf('ConveyanceRecorded', 2));
  });
});

describe('CallQueued v1 -> v2 (who and where on the call, issue 16)', () => {
  const v1 = {
    ...sampleEnvelope('CallQueued'),
    schemaVersion: 1,
    data: {
      incidentId: sampleEnvelope('CallQueued').incidentId,
      queuedAt: '2026-11-23T21:04:00Z',
      priority: 40,
      presentingConcerns: ['suicidal-ideation'],
    },
  };

  it('reads a call queued before v2 with who and where as not recorded', () => {
    const upcast1 = upcast(v1);
    expect(upcast1.schemaVersion).toBe(2);
    expect(upcast1.data).toEqual({
      ...v1.data,
      officerId: null,
      force: null,
      borough: null,
      category: null,
      locationKind: null,
      sourceSystem: null,
      externalRef: null,
    });
    expect(validateEnvelope(v1).ok).toBe(true);
  });
});

describe('Section136ConsultationRecorded and AssessmentCompleted v1 -> v2 (the professional is clinicianId, issue 16)', () => {
  const v1 = <T extends 'Section136ConsultationRecorded' | 'AssessmentCompleted'>(
    type: T,
    data: Record<string, unknown>,
  ) => ({ ...sampleEnvelope(type), schemaVersion: 1, data });
  const consultation = {
    incidentId: SAMPLE_INCIDENT_ID,
    consultedAt: '2026-11-23T21:20:00Z',
    profession: 'amhp',
    notPracticableReason: null,
  };
  const assessment = {
    incidentId: SAMPLE_INCIDENT_ID,
    completedAt: '2026-11-24T03:00:00Z',
    outcome: 'admitted-informally',
  };

  it('reads a consultation recorded with professionalId as clinicianId', () => {
    const read = upcast(
      v1('Section136ConsultationRecorded', { ...consultation, professionalId: 'AMHP-311' }),
    );
    expect(read.schemaVersion).toBe(2);
    expect(read.data).toEqual({ ...consultation, clinicianId: 'AMHP-311' });
    expect(validateEnvelope(read).ok).toBe(true);
  });

  it('reads an assessment recorded with assessedBy as clinicianId', () => {
    const read = upcast(v1('AssessmentCompleted', { ...assessment, assessedBy: 'GMC-7012345' }));
    expect(read.schemaVersion).toBe(2);
    expect(read.data).toEqual({ ...assessment, clinicianId: 'GMC-7012345' });
    expect(validateEnvelope(v1('AssessmentCompleted', { ...assessment, assessedBy: null })).ok).toBe(true);
  });

  it('keeps a null as null and an absent professional absent; the personal paths are those of v1', () => {
    expect(upcast(v1('AssessmentCompleted', { ...assessment, assessedBy: null })).data).toEqual({
      ...assessment,
      clinicianId: null,
    });
    expect(upcast(v1('AssessmentCompleted', assessment)).data).toEqual(assessment);
    expect(personalFieldsOf('Section136ConsultationRecorded', 1)).toEqual(
      personalFieldsOf('Section136ConsultationRecorded', 2),
    );
    expect(personalFieldsOf('AssessmentCompleted', 1)).toEqual(personalFieldsOf('AssessmentCompleted', 2));
  });
});

import { sampleEnvelope, SAMPLE_SUBJECT_REF } from '@rcrp/events/testing/sample-events';
import { EVENT_DEFINITIONS, type EventEnvelope, type EventType } from '@rcrp/events';
import { analystPseudonymiser, analystRecordOf, analystRecordOfOwned } from './analyst-record';

const KEY = Buffer.alloc(32, 7).toString('base64');

describe('analyst records', () => {
  const pseudonyms = analystPseudonymiser(KEY);

  it('drops names, date of birth and free text, bands the age and pseudonymises the subject', () => {
    const record = analystRecordOf(sampleEnvelope('IncidentReported'), pseudonyms);
    const text = JSON.stringify(record);
    expect(text).not.toMatch(/Jane Doe|1990-04-01|railings|Footbridge/);
    expect(text).not.toContain(SAMPLE_SUBJECT_REF);
    expect(record.subjectPseudonym).toMatch(/^psn-[0-9a-f]{20}$/);
    expect((record.data as { subject: { ageBand: string } }).subject.ageBand).toBe('35-44');
  });

  it('gives the same subject the same pseudonym every time', () => {
    const a = analystRecordOf(sampleEnvelope('IncidentReported'), pseudonyms);
    const b = analystRecordOf(sampleEnvelope('AdviceGiven'), analystPseudonymiser(KEY));
    expect(a.subjectPseudonym).toBe(b.subjectPseudonym);
  });

  it('never passes ciphertext through, even where no personal field is declared', () => {
    const event = sampleEnvelope('IncidentWithdrawn', { data: { reason: 'enc:v1:subj-1:abc' } as never });
    expect(JSON.stringify(analystRecordOf(event, pseudonyms))).not.toContain('enc:v1:');
  });
});

describe('analystRecordOfOwned (the replay fast path)', () => {
  const pseudonyms = analystPseudonymiser(KEY);
  const types = Object.keys(EVENT_DEFINITIONS) as EventType[];

  it.each(types)('gives exactly the analystRecordOf record, key order included, for %s', (type) => {
    const event = sampleEnvelope(type);
    const expected = JSON.stringify(analystRecordOf(event, pseudonyms));
    expect(JSON.stringify(analystRecordOfOwned(JSON.parse(JSON.stringify(event)), pseudonyms))).toBe(
      expected,
    );
  });

  it('matches it also with ciphertext in personal and undeclared places and absent nullable fields', () => {
    const base = sampleEnvelope('IncidentReported');
    const { causationId: _c, ...withoutCausation } = base;
    const event = {
      ...withoutCausation,
      correlationId: 'enc:v1:subj-1:xyz',
      data: {
        ...base.data,
        summary: 'enc:v1:subj-1:abc',
        extra: [{ ref: 'subj-9', ageYears: 17, note: 'enc:v1:x' }],
      },
    } as unknown as EventEnvelope;
    const expected = JSON.stringify(
      analystRecordOf({ ...event, causationId: null } as EventEnvelope, pseudonyms),
    );
    const owned = JSON.parse(JSON.stringify(event));
    owned.causationId = null;
    const text = JSON.stringify(analystRecordOfOwned(owned, pseudonyms, new Map()));
    expect(text).toBe(expected);
    expect(text).not.toContain('enc:v1:');
  });
});

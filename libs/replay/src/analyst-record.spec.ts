import { sampleEnvelope, SAMPLE_SUBJECT_REF } from '@rcrp/events/testing/sample-events';
import { analystPseudonymiser, analystRecordOf } from './analyst-record';

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

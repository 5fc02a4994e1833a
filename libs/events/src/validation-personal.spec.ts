import { sampleEnvelope } from './testing/sample-events';
import { validateEnvelope } from './validation';

describe('validateEnvelope on events carrying encrypted personal fields', () => {
  const encrypted = 'enc:v1:subj-7f3c2a:aXY=:Y2lwaGVydGV4dA==';

  it('accepts ciphertext or the erased marker where a personal field stands', () => {
    const envelope = sampleEnvelope('IncidentReported');
    const data = envelope.data as unknown as { subject: Record<string, unknown>; summary: string };
    const withCiphertext = {
      ...envelope,
      data: {
        ...data,
        summary: encrypted,
        subject: { ...data.subject, dateOfBirth: encrypted, name: '[erased]' },
      },
    };
    expect(validateEnvelope(withCiphertext).ok).toBe(true);
  });

  it('still refuses a bad non-personal field, and a personal field that is neither valid nor ciphertext', () => {
    const envelope = sampleEnvelope('IncidentReported');
    const data = envelope.data as unknown as { subject: Record<string, unknown>; category: string };
    expect(validateEnvelope({ ...envelope, data: { ...data, category: encrypted } }).ok).toBe(false);
    expect(
      validateEnvelope({
        ...envelope,
        data: { ...data, subject: { ...data.subject, dateOfBirth: 'not a date' } },
      }).ok,
    ).toBe(false);
  });
});

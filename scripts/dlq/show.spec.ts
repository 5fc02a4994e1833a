import { SAMPLE_INCIDENT_REPORT, sampleEnvelope } from '@rcrp/events/testing/sample-events';
import { TOPICS } from '@rcrp/events';
import type { DeadLetterRecord } from '@rcrp/messaging';
import { formatDeadLetter, printableValue, WITHHELD_NOT_ENCRYPTED, WITHHELD_PERSONAL } from './show';

const CIPHERTEXT = 'enc:v1:subj-7f3c2a:AAECAwQFBgcICQoL:c2VhbGVk';

function deadLetter(topic: string, value: unknown, headers: Record<string, string> = {}): DeadLetterRecord {
  return {
    position: `${topic}.dlq/0/4`,
    topic: `${topic}.dlq`,
    partition: 0,
    offset: '4',
    at: new Date('2026-11-23T21:05:00Z'),
    key: 'k',
    value: Buffer.isBuffer(value) ? value : Buffer.from(JSON.stringify(value)),
    headers,
    stage: 'validate',
    error: headers['x-error'] ?? '',
    source: { topic, partition: 0, offset: '12' },
    consumerGroup: null,
    parkedBehind: null,
    eventId: null,
  };
}

describe('what npm run dlq -- show prints', () => {
  const reported = sampleEnvelope('IncidentReported');

  it('an event as stored: encrypted personal fields as ciphertext, any that is not encrypted withheld', () => {
    const value = printableValue(
      deadLetter(TOPICS.intakeEvents, {
        ...reported,
        data: { ...reported.data, subject: { ...reported.data.subject, name: CIPHERTEXT } },
      }),
    ) as { data: { subject: { name: string; dateOfBirth: string }; summary: string; category: string } };
    expect(value.data.subject.name).toBe(CIPHERTEXT);
    expect(value.data.subject.dateOfBirth).toBe(WITHHELD_NOT_ENCRYPTED);
    expect(value.data.summary).toBe(WITHHELD_NOT_ENCRYPTED);
    expect(value.data.category).toBe('concern-for-welfare');
  });

  it("an external system's report with its personal fields withheld; an unknown event type's data withheld", () => {
    const report = printableValue(deadLetter(TOPICS.incidentsInbound, SAMPLE_INCIDENT_REPORT));
    expect(JSON.stringify(report)).not.toMatch(/Jane Doe|1990-04-01|railings|Footbridge/);
    expect(report).toMatchObject({ subject: { name: WITHHELD_PERSONAL }, officer: { id: 'PC-4821' } });
    expect(
      printableValue(deadLetter(TOPICS.intakeEvents, { ...reported, type: 'NoSuchEvent' })),
    ).toMatchObject({
      data: expect.stringMatching(/^\[withheld: unknown event type/),
    });
  });

  it('never the bytes of a value that is not JSON, nor text a reason quotes from it', () => {
    const record = deadLetter(TOPICS.intakeEvents, Buffer.from('{"name": "Jane Doe" oops'), {
      'x-error': `value: not JSON: Unexpected token 'o', "{"name": "Jane Doe" oops" is not valid JSON`,
    });
    const text = formatDeadLetter(record, []);
    expect(text).not.toContain('Jane Doe');
    expect(text).toMatch(/\[withheld: not JSON, 24 bytes, sha256 [0-9a-f]{64}\]/);
    expect(text).toContain('decisions:\n    none');
  });
});

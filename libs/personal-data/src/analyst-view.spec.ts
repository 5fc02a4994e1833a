import { EVENT_DEFINITIONS, type EventType } from '@rcrp/events';
import { sampleEnvelope, SAMPLE_SUBJECT_REF } from '@rcrp/events/testing/sample-events';
import { analystEventOf, analystHiddenFieldsOf, analystRecordOf } from './analyst-view';
import type { Pseudonymiser } from './pseudonymiser';

const pseudonyms = {
  pseudonymFor: (ref: string | null) => (ref ? `psn-${Buffer.from(ref).toString('hex')}` : null),
} as Pseudonymiser;

/** Every string leaf with its dotted path (array elements as `[]`). */
function leaves(value: unknown, path = ''): Array<[string, unknown]> {
  if (Array.isArray(value)) return value.flatMap((item) => leaves(item, `${path}[]`));
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([key, member]) => leaves(member, path ? `${path}.${key}` : key));
  return [[path, value]];
}

/**
 * Strings with spaces that an analyst may see: names of institutions and codes' labels, never a person's words.
 * A new free-text field fails the walk below until it is declared personal in libs/events or listed here.
 */
const OPEN_TEXT_PATHS = new Set<string>(['data.name', 'data.toName', 'data.legalBasis']);

describe('analystEventOf over every event type (issue 16: analyst views are derived by rule)', () => {
  const types = Object.keys(EVENT_DEFINITIONS) as EventType[];

  it('walks every event type', () => {
    expect(types.length).toBeGreaterThanOrEqual(30);
  });

  it.each(types)('%s: no personal value, exact age, date of birth or subject reference', (type) => {
    const event = sampleEnvelope(type);
    const seen = analystEventOf(event, pseudonyms);
    const text = JSON.stringify(seen);
    const personal = leaves(event).filter(
      ([path, value]) =>
        typeof value === 'string' &&
        analystHiddenFieldsOf(type).some((field) =>
          path.replace(/\[\]/g, '').startsWith(`data.${field.replace(/\[\]/g, '')}`),
        ),
    );
    for (const [, value] of personal) expect(text).not.toContain(value as string);
    for (const [path, value] of leaves(seen)) {
      expect({ path, exactAge: /(^|\.)(ageYears|\w+AgeYears)$/.test(path) }).toEqual({
        path,
        exactAge: false,
      });
      expect({ path, dateOfBirth: path.endsWith('dateOfBirth') }).toEqual({ path, dateOfBirth: false });
      if (typeof value !== 'string') continue;
      expect({ path, subjectRef: value.includes(SAMPLE_SUBJECT_REF) }).toEqual({ path, subjectRef: false });
      const freeText = /\s/.test(value) && !OPEN_TEXT_PATHS.has(path.replace(/\[\]/g, ''));
      expect({ path, freeText }).toEqual({ path, freeText: false });
    }
  });

  it('turns every exact age into its band under the matching name', () => {
    const seen = analystEventOf(sampleEnvelope('Section136Detained'), pseudonyms);
    expect(seen.data).toMatchObject({ subjectAgeBand: '35-44' });
    expect(seen.subjectPseudonym).toBe(pseudonyms.pseudonymFor(SAMPLE_SUBJECT_REF));
  });
});

describe('analystRecordOf (views)', () => {
  it('removes the declared paths through arrays and keeps the rest', () => {
    const view = {
      subject: { ref: 'subj-1', name: 'Jane', ageYears: 16, sex: 'female' },
      advice: [{ recommendation: 'no-further-action', rationale: 'said at length' }],
      subjectRef: 'subj-1',
    };
    expect(analystRecordOf(view, ['subject.name', 'advice.rationale'], pseudonyms)).toEqual({
      subject: { pseudonym: pseudonyms.pseudonymFor('subj-1'), ageBand: 'under-18', sex: 'female' },
      advice: [{ recommendation: 'no-further-action' }],
      subjectPseudonym: pseudonyms.pseudonymFor('subj-1'),
    });
    expect(view.subject.name).toBe('Jane');
  });
});

import { hasValueAtPaths, mapAtPaths } from './field-paths';

describe('personal-field paths', () => {
  const data = {
    subject: { name: 'Jane', sex: 'female', dateOfBirth: null },
    notes: [{ text: 'a' }, { text: 'b', by: 'x' }],
    tags: ['p', 'q'],
  };
  const mark = (value: unknown) => `<${JSON.stringify(value)}>`;

  it('replaces nested values and array elements, leaving nulls, absent keys and the input alone', () => {
    const result = mapAtPaths(
      data,
      ['subject.name', 'subject.dateOfBirth', 'notes[].text', 'tags[]', 'absent.key'],
      mark,
    );
    expect(result).toEqual({
      subject: { name: '<"Jane">', sex: 'female', dateOfBirth: null },
      notes: [{ text: '<"a">' }, { text: '<"b">', by: 'x' }],
      tags: ['<"p">', '<"q">'],
    });
    expect(data.subject.name).toBe('Jane');
  });

  it('treats a path to an object as one value', () => {
    expect(mapAtPaths(data, ['subject'], mark)).toMatchObject({ subject: expect.stringMatching(/^<\{/) });
  });

  it('knows whether there is anything personal to protect', () => {
    expect(hasValueAtPaths(data, ['subject.dateOfBirth', 'absent'])).toBe(false);
    expect(hasValueAtPaths(data, ['notes[].text'])).toBe(true);
  });
});

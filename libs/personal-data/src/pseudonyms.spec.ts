import { ageBandOf, pseudonymFor, pseudonymKeyFrom } from './pseudonyms';

describe('pseudonyms', () => {
  const key = pseudonymKeyFrom(Buffer.alloc(32, 7));

  it('gives one subject the same pseudonym every time and different subjects different ones', () => {
    expect(pseudonymFor('subj-a', key)).toBe(pseudonymFor('subj-a', key));
    expect(pseudonymFor('subj-a', key)).not.toBe(pseudonymFor('subj-b', key));
    expect(pseudonymFor('subj-a', key)).toMatch(/^psn-[0-9a-f]{20}$/);
  });

  it('depends on the key, so it cannot be recomputed without it', () => {
    const other = pseudonymKeyFrom(Buffer.alloc(32, 8));
    expect(pseudonymFor('subj-a', key)).not.toBe(pseudonymFor('subj-a', other));
  });

  it.each([
    [null, 'unknown'],
    [0, 'under-18'],
    [17, 'under-18'],
    [18, '18-24'],
    [34, '25-34'],
    [64, '55-64'],
    [65, '65-plus'],
  ])('age %p is in band %p', (age, band) => {
    expect(ageBandOf(age)).toBe(band);
  });
});

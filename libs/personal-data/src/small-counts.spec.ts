import { figureShown, suppressedCount, suppressedCounts } from './small-counts';

describe('small-count suppression (analysts)', () => {
  it.each([
    [0, 0],
    [1, '<5'],
    [4, '<5'],
    [5, 5],
    [120, 120],
  ])('suppresses %i as %s', (value, shown) => {
    expect(suppressedCount(value, true)).toBe(shown);
    expect(suppressedCount(value, false)).toBe(value);
  });

  it('suppresses every count of a record', () => {
    expect(suppressedCounts({ a: 0, b: 3, c: 9 }, true)).toEqual({ a: 0, b: '<5', c: 9 });
  });

  it('hides a figure over 1-4 observations only when suppressing', () => {
    expect([0, 1, 4, 5].map((n) => figureShown(n, true))).toEqual([true, false, false, true]);
    expect(figureShown(2, false)).toBe(true);
  });
});

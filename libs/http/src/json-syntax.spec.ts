import fc from 'fast-check';
import { jsonSyntaxErrorPosition } from './json-syntax';

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe('jsonSyntaxErrorPosition', () => {
  it.each([
    ['{"a":1}', null],
    [' [1, 2.5e-3, true, false, null, "x\\u00e9"] ', null],
    ['"Zq55Jane Doe"', 0],
    ['Zq55Jane Doe', 0],
    ['{"summary":', 11],
    ['{"a":1,}', 7],
    ['{"a" 1}', 5],
    ['[1 2]', 3],
    ['{"a":tru}', 8],
    ['{"a":01}', 6],
    ['{"a":"\\x"}', 7],
    ['{"a":1}x', 7],
    ['', 0],
  ])('%j -> %p', (text, position) => {
    expect(jsonSyntaxErrorPosition(text)).toBe(position);
  });

  it('handles nesting far deeper than any recursive parser could', () => {
    const deep = '['.repeat(200_000) + ']'.repeat(200_000);
    expect(jsonSyntaxErrorPosition(deep)).toBeNull();
    expect(jsonSyntaxErrorPosition('['.repeat(200_000))).toBe(200_000);
  });

  it('accepts every serialised JSON object', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (value) => {
        expect(jsonSyntaxErrorPosition(JSON.stringify(value))).toBeNull();
      }),
      { seed: 15, numRuns: 300 },
    );
  });

  it('agrees with JSON.parse on mangled JSON, and points inside the text', () => {
    const mangled = fc
      .tuple(fc.jsonValue(), fc.nat(), fc.string({ maxLength: 3 }))
      .map(([value, at, insert]) => {
        const text = JSON.stringify([value]);
        const cut = at % (text.length + 1);
        return text.slice(0, cut) + insert + text.slice(cut + 1);
      });
    fc.assert(
      fc.property(mangled, (text) => {
        const position = jsonSyntaxErrorPosition(text, false);
        expect(position === null).toBe(parses(text));
        if (position !== null) expect(position).toBeLessThanOrEqual(text.length);
      }),
      { seed: 15, numRuns: 2000 },
    );
  });
});

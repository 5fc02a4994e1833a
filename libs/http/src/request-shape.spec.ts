import { inspectRequestValue, hasUnstorableText } from './request-shape';

const body = (value: unknown) => inspectRequestValue(value, '', { refuseNull: true });

describe('hasUnstorableText', () => {
  it.each([
    ['NUL', 'a\u0000b', true],
    ['a lone high surrogate', 'a\ud800', true],
    ['a lone low surrogate', '\udc00a', true],
    ['two high surrogates', '\ud800\ud800\udc00', true],
    ['a paired surrogate (emoji)', 'ok \ud83d\ude00', false],
    ['other control characters', 'tab\tnew\nline\u0001', false],
  ])('%s -> %p', (_label, text, expected) => {
    expect(hasUnstorableText(text)).toBe(expected);
  });
});

describe('inspectRequestValue', () => {
  it('accepts an ordinary body', () => {
    expect(body({ a: 'x', b: [1, 2, { c: true }], d: { e: 'émoji 😀' } })).toEqual([]);
  });

  it('names every null, wherever it is', () => {
    expect(body({ a: null, b: { c: null }, d: [1, null] })).toEqual([
      { field: 'a', reasons: ['must not be null; leave the field out instead'] },
      { field: 'b.c', reasons: ['must not be null; leave the field out instead'] },
      { field: 'd.1', reasons: ['must not be null; leave the field out instead'] },
    ]);
  });

  it('lets null through where null is not the question (query and path parameters)', () => {
    expect(inspectRequestValue({ a: null }, '', { refuseNull: false })).toEqual([]);
  });

  it('names a path parameter by its own name', () => {
    expect(inspectRequestValue('\u0000', 'incidentId', { refuseNull: false })).toEqual([
      { field: 'incidentId', reasons: ['must not contain NUL characters or unpaired UTF-16 surrogates'] },
    ]);
  });

  it('refuses prototype keys as unknown fields, without descending into them', () => {
    const parsed = JSON.parse('{"__proto__":{"x":null},"a":{"constructor":1,"valueOf":2}}');
    expect(body(parsed)).toEqual([
      { field: '__proto__', reasons: ['property __proto__ should not exist'] },
      { field: 'a.constructor', reasons: ['property constructor should not exist'] },
      { field: 'a.valueOf', reasons: ['property valueOf should not exist'] },
    ]);
  });

  it('refuses a key with NUL without quoting it', () => {
    expect(body({ a: { 'x\u0000y': 1 } })).toEqual([
      {
        field: 'a',
        reasons: ['has a property name with a NUL character or an unpaired UTF-16 surrogate'],
      },
    ]);
  });

  it('stops at the depth limit with one error, however deep the value goes', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    const errors = body({ a: deep });
    expect(errors).toHaveLength(1);
    expect(errors[0].reasons).toEqual(['nests objects or arrays deeper than 32 levels']);
  });

  it('accepts nesting up to the limit', () => {
    let value: unknown = 'leaf';
    for (let i = 0; i < 31; i += 1) value = { a: value };
    expect(body(value)).toEqual([]);
  });

  it('refuses an array longer than the limit without walking it', () => {
    expect(body({ list: new Array(5000).fill(null) })).toEqual([
      { field: 'list', reasons: ['must contain no more than 1000 elements'] },
    ]);
  });

  it('lists at most 20 fields', () => {
    expect(body(Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`f${i}`, null])))).toHaveLength(20);
  });

  it('names a bad top-level body', () => {
    expect(body(['\u0000'])).toEqual([
      { field: '0', reasons: ['must not contain NUL characters or unpaired UTF-16 surrogates'] },
    ]);
  });
});

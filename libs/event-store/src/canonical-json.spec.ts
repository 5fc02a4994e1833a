import { asStoredJson, canonicalJson } from './canonical-json';
import { eventHash } from './event-hash';

describe('canonicalJson', () => {
  it('is independent of key order, as jsonb is', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x'], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [1, 'x'] }, b: 1 }),
    );
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });

  it('drops undefined members like JSON does, so hashes match what PostgreSQL gives back', () => {
    const value = { a: undefined, b: new Date('2026-01-01T00:00:00Z'), c: [undefined] };
    expect(canonicalJson(asStoredJson(value))).toBe('{"b":"2026-01-01T00:00:00.000Z","c":[null]}');
  });
});

describe('canonicalJson, pinned', () => {
  // Stored hash chains were computed over exactly this form: a faster serialiser must give the same bytes.
  it('keeps the form every stored chain was hashed over', () => {
    const value = {
      b: 1,
      a: { d: [1, 'x', { z: 'é"\n', y: [] }], c: null },
      'k"ey': true,
      u: undefined,
      e: {},
    };
    expect(canonicalJson(value)).toBe(
      '{"a":{"c":null,"d":[1,"x",{"y":[],"z":"é\\"\\n"}]},"b":1,"e":{},"k\\"ey":true}',
    );
  });
});

describe('eventHash', () => {
  const content = {
    streamId: 'incident-1',
    streamVersion: 1,
    eventId: '0192a0b0-0000-7000-8000-000000000001',
    type: 'IncidentReported',
    schemaVersion: 1,
    data: { a: 1 },
    metadata: { actor: { id: 'x', role: 'officer' } },
    recordedAt: new Date('2026-11-23T21:04:00.000Z'),
  };

  it('changes with any hashed field and with the previous hash', () => {
    const base = eventHash(content, null).toString('hex');
    expect(eventHash({ ...content }, null).toString('hex')).toBe(base);
    expect(eventHash({ ...content, data: { a: 2 } }, null).toString('hex')).not.toBe(base);
    expect(eventHash({ ...content, streamVersion: 2 }, null).toString('hex')).not.toBe(base);
    expect(
      eventHash({ ...content, recordedAt: new Date(content.recordedAt.getTime() + 1) }, null).toString('hex'),
    ).not.toBe(base);
    expect(eventHash(content, Buffer.alloc(32)).toString('hex')).not.toBe(base);
  });
});

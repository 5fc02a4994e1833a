import { headerString, headersToRecord, toHeaders } from './headers';

describe('Kafka headers', () => {
  it('encodes a record as string headers, leaving out null and undefined', () => {
    expect(
      toHeaders({ 'event-type': 'AdviceGiven', 'schema-version': 2, traceparent: null, missing: undefined }),
    ).toEqual({
      'event-type': 'AdviceGiven',
      'schema-version': '2',
    });
  });

  it('decodes Buffers, strings and repeated headers (first value wins)', () => {
    const headers = {
      a: Buffer.from('é-utf8'),
      b: 'plain',
      c: [Buffer.from('first'), Buffer.from('second')],
    };
    expect(headerString(headers, 'a')).toBe('é-utf8');
    expect(headerString(headers, 'b')).toBe('plain');
    expect(headerString(headers, 'c')).toBe('first');
  });

  it('reports an absent header as undefined, also when there are no headers', () => {
    expect(headerString({}, 'event-id')).toBeUndefined();
    expect(headerString(undefined, 'event-id')).toBeUndefined();
  });

  it('round-trips through encode and decode', () => {
    const record = { 'event-id': '0192f0c8-0000-7000-8000-000000000001', 'schema-version': '1' };
    expect(headersToRecord(toHeaders(record))).toEqual(record);
  });
});

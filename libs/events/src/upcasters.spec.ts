import { UpcasterRegistry, UpcastError, upcast } from './upcasters';
import { sampleEnvelope } from './testing/sample-events';

// No event type has a v2 yet; these registrations exist only in the test, against a test-only type.
const versions: Record<string, number> = { TestReported: 3 };
const event = (schemaVersion: number, data: unknown) => ({ type: 'TestReported', schemaVersion, data });

describe('upcasters', () => {
  let registry: UpcasterRegistry;
  beforeEach(() => {
    registry = new UpcasterRegistry((type) => versions[type]);
    // v1 had one `name`; v2 splits it; v3 adds a defaulted field.
    registry.register('TestReported', 1, (data) => {
      const [given, family] = String((data as { name: string }).name).split(' ');
      return { givenName: given, familyName: family };
    });
    registry.register('TestReported', 2, (data) => ({ ...(data as object), ageYears: null }));
  });

  it('chains upcasters from an old version to the current one', () => {
    expect(registry.upcast(event(1, { name: 'Jane Doe' }))).toEqual(
      event(3, { givenName: 'Jane', familyName: 'Doe', ageYears: null }),
    );
  });

  it('leaves a current event untouched and never mutates the input', () => {
    const current = event(3, { givenName: 'J' });
    expect(registry.upcast(current)).toBe(current);
    const old = event(2, { givenName: 'J' });
    registry.upcast(old);
    expect(old).toEqual(event(2, { givenName: 'J' }));
  });

  it('fails loudly on a gap, a newer version, an unknown type or a duplicate registration', () => {
    const gappy = new UpcasterRegistry(() => 3);
    gappy.register('TestReported', 2, (data) => data);
    expect(() => gappy.upcast(event(1, {}))).toThrow(new UpcastError('no upcaster for TestReported from v1'));
    expect(() => registry.upcast(event(4, {}))).toThrow(UpcastError);
    expect(() => registry.upcast({ type: 'Nope', schemaVersion: 1, data: {} })).toThrow(UpcastError);
    expect(() => registry.register('TestReported', 1, (data) => data)).toThrow(UpcastError);
  });

  it('the default registry passes current events of the real definitions through', () => {
    const envelope = sampleEnvelope('AdviceGiven');
    expect(upcast(envelope)).toBe(envelope);
  });
});

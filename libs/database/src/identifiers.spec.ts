import { assertIdentifier, InvalidIdentifierError } from './identifiers';

describe('assertIdentifier', () => {
  it.each(['intake', 't_abc123', '_x'])('accepts %s', (name) => {
    expect(assertIdentifier(name, 'schema')).toBe(name);
  });

  it.each(['Intake', '1abc', 'a-b', 'x; DROP TABLE events', '', 'a'.repeat(64)])('refuses %j', (name) => {
    expect(() => assertIdentifier(name, 'schema')).toThrow(InvalidIdentifierError);
  });
});

import { uniqueName } from './unique-name';

describe('uniqueName', () => {
  it('is a valid lower-case SQL identifier even from an odd prefix, and unique', () => {
    const names = new Set(Array.from({ length: 50 }, () => uniqueName('Kafka-Test 1')));
    expect(names.size).toBe(50);
    for (const name of names) expect(name).toMatch(/^[a-z_][a-z0-9_]*$/);
  });
});

import { randomBytes } from 'node:crypto';
import { decryptValue, encryptValue, parseEncryptedValue } from './encrypted-value';
import { decodeMasterKey, generateMasterKey, loadMasterKey } from './master-key';
import { unwrapDataKey, wrapDataKey } from './key-wrapping';

describe('encrypted values', () => {
  const key = randomBytes(32);

  it('round-trip any JSON value and name their subject, even one containing colons', () => {
    for (const value of ['Jane Doe', 42, { a: [1, 'b'] }, '']) {
      const text = encryptValue(key, 'urn:subject:7', value);
      const parsed = parseEncryptedValue(text)!;
      expect(parsed.subjectRef).toBe('urn:subject:7');
      expect(decryptValue(key, parsed)).toEqual(value);
    }
  });

  it('use a fresh nonce each time, so equal values do not look equal', () => {
    expect(encryptValue(key, 's', 'x')).not.toBe(encryptValue(key, 's', 'x'));
  });

  it('reject malformed strings', () => {
    expect(parseEncryptedValue('enc:v1:nope')).toBeNull();
    expect(parseEncryptedValue('plain')).toBeNull();
  });
});

describe('master key and key wrapping', () => {
  it('refuses to run without a master key, naming production explicitly', () => {
    expect(() => loadMasterKey({ NODE_ENV: 'production' })).toThrow(/refusing to start in production/);
    expect(() => loadMasterKey({})).toThrow(/PERSONAL_DATA_MASTER_KEY is not set/);
    expect(() => loadMasterKey({ PERSONAL_DATA_MASTER_KEY: Buffer.alloc(16).toString('base64') })).toThrow(
      /32 bytes/,
    );
    expect(loadMasterKey({ PERSONAL_DATA_MASTER_KEY: generateMasterKey() })).toHaveLength(32);
  });

  it('wraps a data key so that only the same master key and subject unwrap it', () => {
    const master = decodeMasterKey(generateMasterKey());
    const dataKey = randomBytes(32);
    const wrapped = wrapDataKey(master, 'subj-1', dataKey);
    expect(unwrapDataKey(master, 'subj-1', wrapped)).toEqual(dataKey);
    expect(() => unwrapDataKey(master, 'subj-2', wrapped)).toThrow();
    expect(() => unwrapDataKey(decodeMasterKey(generateMasterKey()), 'subj-1', wrapped)).toThrow();
  });
});

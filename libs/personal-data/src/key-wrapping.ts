import { randomBytes } from 'node:crypto';
import { IV_BYTES, open, seal } from './aes-gcm';

/** Version byte in front of every wrapped key, so a later master-key rotation can tell the formats apart. */
const WRAP_FORMAT_V1 = 1;
export const DATA_KEY_BYTES = 32;

export function newDataKey(): Buffer {
  return randomBytes(DATA_KEY_BYTES);
}

/**
 * `0x01 | iv | ciphertext+tag`. The subject reference is the associated data: a wrapped key copied to another
 * subject's row does not unwrap.
 */
export function wrapDataKey(masterKey: Buffer, subjectRef: string, dataKey: Buffer): Buffer {
  const sealed = seal(masterKey, dataKey, wrapContext(subjectRef));
  return Buffer.concat([Buffer.from([WRAP_FORMAT_V1]), sealed.iv, sealed.ciphertextAndTag]);
}

export function unwrapDataKey(masterKey: Buffer, subjectRef: string, wrapped: Buffer): Buffer {
  if (wrapped[0] !== WRAP_FORMAT_V1) throw new Error(`unknown wrapped-key format ${wrapped[0]}`);
  const iv = wrapped.subarray(1, 1 + IV_BYTES);
  const ciphertextAndTag = wrapped.subarray(1 + IV_BYTES);
  return open(masterKey, { iv, ciphertextAndTag }, wrapContext(subjectRef));
}

function wrapContext(subjectRef: string): Buffer {
  return Buffer.from(`rcrp-subject-key:v1:${subjectRef}`, 'utf8');
}

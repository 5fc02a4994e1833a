import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** AES-256-GCM with a random 96-bit nonce: a fresh nonce per value is safe for far more values than one key sees. */
export const IV_BYTES = 12;
export const TAG_BYTES = 16;

export interface Sealed {
  iv: Buffer;
  /** Ciphertext followed by the 16-byte authentication tag. */
  ciphertextAndTag: Buffer;
}

export function seal(key: Buffer, plaintext: Buffer, associatedData: Buffer): Sealed {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(associatedData);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, ciphertextAndTag: Buffer.concat([ciphertext, cipher.getAuthTag()]) };
}

/** Throws when the tag does not verify (wrong key, altered ciphertext, other associated data). */
export function open(key: Buffer, sealed: Sealed, associatedData: Buffer): Buffer {
  if (sealed.iv.length !== IV_BYTES || sealed.ciphertextAndTag.length < TAG_BYTES) {
    throw new Error('malformed sealed value');
  }
  const body = sealed.ciphertextAndTag.subarray(0, sealed.ciphertextAndTag.length - TAG_BYTES);
  const tag = sealed.ciphertextAndTag.subarray(sealed.ciphertextAndTag.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(associatedData);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(body), decipher.final()]);
}

import { open, seal } from './aes-gcm';

/**
 * An encrypted personal value is a self-describing string, `enc:v1:<subjectRef>:<base64 iv>:<base64 ciphertext+tag>`,
 * so any reader in the service can decrypt it without the event-type registry. The plaintext is the JSON of the
 * original value (strings, numbers, objects all round-trip). The subject reference may itself contain `:`; the two
 * base64 parts never do, so the value is parsed from the right.
 */
export const ENCRYPTED_PREFIX = 'enc:v1:';

/**
 * What a personal value reads as once its subject was erased (crypto-shredded), whatever its original type.
 * Projections, timelines and exports show exactly this string.
 */
export const ERASED_VALUE = '[erased]';

export interface ParsedEncryptedValue {
  subjectRef: string;
  iv: Buffer;
  ciphertextAndTag: Buffer;
}

export function isEncryptedValue(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(ENCRYPTED_PREFIX);
}

export function encryptValue(dataKey: Buffer, subjectRef: string, value: unknown): string {
  const sealed = seal(dataKey, Buffer.from(JSON.stringify(value), 'utf8'), valueContext(subjectRef));
  return `${ENCRYPTED_PREFIX}${subjectRef}:${sealed.iv.toString('base64')}:${sealed.ciphertextAndTag.toString('base64')}`;
}

/** Null when the string is not a well-formed encrypted value. */
export function parseEncryptedValue(value: string): ParsedEncryptedValue | null {
  if (!value.startsWith(ENCRYPTED_PREFIX)) return null;
  const rest = value.slice(ENCRYPTED_PREFIX.length);
  const lastColon = rest.lastIndexOf(':');
  const middleColon = lastColon > 0 ? rest.lastIndexOf(':', lastColon - 1) : -1;
  if (middleColon <= 0) return null;
  const subjectRef = rest.slice(0, middleColon);
  const iv = rest.slice(middleColon + 1, lastColon);
  const body = rest.slice(lastColon + 1);
  const base64 = /^[A-Za-z0-9+/]+={0,2}$/;
  if (!base64.test(iv) || !base64.test(body)) return null;
  return { subjectRef, iv: Buffer.from(iv, 'base64'), ciphertextAndTag: Buffer.from(body, 'base64') };
}

/** Throws when the value does not authenticate under this subject's key. */
export function decryptValue(dataKey: Buffer, parsed: ParsedEncryptedValue): unknown {
  const plaintext = open(dataKey, parsed, valueContext(parsed.subjectRef));
  return JSON.parse(plaintext.toString('utf8'));
}

/** The subject is bound as associated data: a ciphertext moved into another subject's value does not decrypt. */
function valueContext(subjectRef: string): Buffer {
  return Buffer.from(`rcrp-personal-value:v1:${subjectRef}`, 'utf8');
}

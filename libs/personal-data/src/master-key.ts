import { randomBytes } from 'node:crypto';
import { MasterKeyError } from './errors';

export const MASTER_KEY_ENV = 'PERSONAL_DATA_MASTER_KEY';
const MASTER_KEY_BYTES = 32;

/**
 * The key-encryption key that wraps every subject's data key. There is no fallback key, in any environment: a key
 * invented at start-up would make everything written under it unreadable after the next restart, which is erasure
 * by accident. Development gets a generated key persisted in `.env.local` (see `generateMasterKey`); production
 * refuses to start without one.
 */
export function loadMasterKey(env: Readonly<Record<string, string | undefined>> = process.env): Buffer {
  const value = env[MASTER_KEY_ENV]?.trim();
  if (value === undefined || value === '') {
    const hint =
      env.NODE_ENV === 'production'
        ? 'refusing to start in production without it'
        : 'generate one into .env.local (for example with generateMasterKey()) or set it in the environment';
    throw new MasterKeyError(
      `${MASTER_KEY_ENV} is not set (base64 of ${MASTER_KEY_BYTES} random bytes): ${hint}`,
    );
  }
  return decodeMasterKey(value);
}

export function decodeMasterKey(base64: string): Buffer {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) {
    throw new MasterKeyError(
      `${MASTER_KEY_ENV} must be base64 (got ${base64.length} characters that are not)`,
    );
  }
  const key = Buffer.from(base64, 'base64');
  if (key.length !== MASTER_KEY_BYTES) {
    throw new MasterKeyError(
      `${MASTER_KEY_ENV} must decode to ${MASTER_KEY_BYTES} bytes (got ${key.length})`,
    );
  }
  return key;
}

/** A fresh master key, base64, for development setup scripts that write `.env.local`. */
export function generateMasterKey(): string {
  return randomBytes(MASTER_KEY_BYTES).toString('base64');
}

import type { Pool, PoolClient } from 'pg';
import {
  ERASED_VALUE,
  decryptValue,
  encryptValue,
  isEncryptedValue,
  parseEncryptedValue,
} from './encrypted-value';
import {
  PersonalDataInputError,
  PersonalDataIntegrityError,
  SubjectErasedError,
  SubjectKeyMissingError,
} from './errors';
import { forEachString, hasValueAtPaths, mapAtPaths, mapStrings } from './field-paths';
import { newDataKey, unwrapDataKey, wrapDataKey } from './key-wrapping';
import { ErasureRecord, SubjectKeys } from './subject-keys';

export interface PersonalDataCipherOptions {
  /** App-role pool of the service; `subject_keys` and `erased_subjects` live in `schema`. */
  pool: Pool;
  schema: string;
  /** 32 bytes, from `loadMasterKey()`. */
  masterKey: Buffer;
  /**
   * How long an unwrapped data key is reused without asking the database. Another instance that erases a subject
   * is noticed within this time; erasures made through this instance are noticed at once. Default 2 s.
   */
  keyCacheTtlMs?: number;
  now?: () => number;
}

type CachedKey =
  | { state: 'key'; dataKey: Buffer; wrappedKey: Buffer; expiresAt: number }
  | { state: 'erased' };

/** A subject's key as one append uses it (the event store's SubjectKeyUse, plus the key itself). */
interface AppendKey {
  subjectRef: string;
  dataKey: Buffer;
  wrappedKey: Buffer;
  created: boolean;
}

/** The event store's AppendEncryption (structural: this library does not depend on the store). */
export interface AppendEncryption {
  encryptFields<T>(subjectRef: string | null, data: T, paths: readonly string[]): Promise<T>;
  keys(): readonly { subjectRef: string; wrappedKey: Buffer; created: boolean }[];
  readonly tables: { keys: string; erased: string };
  committed(): void;
  refused(): void;
}

/**
 * Per-subject AES-256-GCM encryption of personal fields (DESIGN §6), with crypto-shredding: erasing a subject
 * deletes its data key, after which its values read as `ERASED_VALUE` everywhere while the stored events stay
 * byte-for-byte unchanged (so their hash chain still verifies).
 */
export class PersonalDataCipher {
  private readonly keys: SubjectKeys;
  private readonly cache = new Map<string, CachedKey>();
  /** One lookup or creation per subject at a time: a batch of events for a new subject must not race itself. */
  private readonly pendingWrites = new Map<string, Promise<Buffer>>();
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(private readonly options: PersonalDataCipherOptions) {
    if (options.masterKey.length !== 32) throw new PersonalDataInputError('the master key must be 32 bytes');
    this.keys = new SubjectKeys(options.pool, options.schema);
    this.ttlMs = options.keyCacheTtlMs ?? 2_000;
    this.now = options.now ?? Date.now;
  }

  /**
   * A copy of `data` whose values at `paths` are encrypted under `subjectRef`'s data key (created on first use).
   * Refuses plain input that already looks encrypted: a reader would otherwise try to decrypt a user's text.
   */
  async encryptFields<T>(subjectRef: string | null, data: T, paths: readonly string[]): Promise<T> {
    const subject = this.subjectToEncrypt(subjectRef, data, paths);
    if (subject === null) return data;
    const dataKey = await this.dataKeyForWriting(subject);
    return mapAtPaths(data, paths, (value) => encryptValue(dataKey, subject, value)) as T;
  }

  /**
   * Encryption for one event-store append (the store's FieldCipher.forAppend). A key is taken from memory or read
   * through the append's connection (a caller's transaction sees the keys it stored itself); a new subject's
   * key is only a candidate, stored by the append's own statement, which also checks that every other key is still
   * exactly the stored one and that no subject is erased, and stores no event otherwise. Because of that check, a
   * remembered key is used for writing however old it is: the statement, not the cache, keeps writes honest.
   */
  forAppend({ db, inTransaction }: { db: Pool | PoolClient; inTransaction: boolean }): AppendEncryption {
    const pending = new Map<string, Promise<AppendKey>>();
    const used = new Map<string, AppendKey>();
    const keyFor = (subjectRef: string): Promise<AppendKey> => {
      let key = pending.get(subjectRef);
      if (!key) {
        key = this.keyForAppend(subjectRef, db, inTransaction).then((found) => {
          used.set(subjectRef, found);
          return found;
        });
        pending.set(subjectRef, key);
      }
      return key;
    };
    return {
      tables: { keys: this.keys.table('subject_keys'), erased: this.keys.table('erased_subjects') },
      encryptFields: async <T>(subjectRef: string | null, data: T, paths: readonly string[]): Promise<T> => {
        const subject = this.subjectToEncrypt(subjectRef, data, paths);
        if (subject === null) return data;
        const { dataKey } = await keyFor(subject);
        return mapAtPaths(data, paths, (value) => encryptValue(dataKey, subject, value)) as T;
      },
      keys: () =>
        [...used.values()].map(({ subjectRef, wrappedKey, created }) => ({
          subjectRef,
          wrappedKey,
          created,
        })),
      committed: () => {
        for (const key of used.values()) {
          if (key.created) this.remember(key.subjectRef, key.dataKey, key.wrappedKey);
        }
      },
      refused: () => {
        for (const subjectRef of used.keys()) {
          if (this.cache.get(subjectRef)?.state !== 'erased') this.cache.delete(subjectRef);
        }
      },
    };
  }

  /** A copy of `data` with every encrypted value decrypted, or `ERASED_VALUE` where the subject was erased. */
  async decryptFields<T>(data: T): Promise<T> {
    const [decrypted] = await this.decryptMany([data]);
    return decrypted;
  }

  /** `decryptFields` for many values, with one key lookup for all subjects they mention. */
  async decryptMany<T>(values: readonly T[]): Promise<T[]> {
    const subjects = new Set<string>();
    for (const value of values) {
      forEachString(value, (text) => {
        if (!isEncryptedValue(text)) return;
        const parsed = parseEncryptedValue(text);
        if (parsed === null) throw new PersonalDataIntegrityError(null, 'malformed encrypted value');
        subjects.add(parsed.subjectRef);
      });
    }
    if (subjects.size === 0) return [...values];
    const keys = await this.dataKeysForReading([...subjects]);
    return values.map(
      (value) =>
        mapStrings(value, (text) => {
          if (!isEncryptedValue(text)) return text;
          const parsed = parseEncryptedValue(text)!;
          const key = keys.get(parsed.subjectRef);
          if (key === 'erased') return ERASED_VALUE;
          try {
            return decryptValue(key!, parsed);
          } catch {
            throw new PersonalDataIntegrityError(parsed.subjectRef, 'authentication failed');
          }
        }) as T,
    );
  }

  /**
   * Crypto-shreds a subject: records the erasure (legal basis, reason) and deletes the data key. Idempotent: a
   * repeated call returns the first erasure's record with `alreadyErased: true`.
   *
   * With `client`, inside the caller's transaction, so the key goes in the same commit as the `SubjectDataErased`
   * event that records why. This instance treats the subject as erased at once, even before that commit: if the
   * transaction rolls back, its values read as erased here until a retry completes the erasure (the safe side).
   */
  async eraseSubject(
    subjectRef: string,
    legalBasis: string,
    reason: string,
    options: { client?: PoolClient } = {},
  ): Promise<ErasureRecord> {
    if (legalBasis.trim() === '' || reason.trim() === '') {
      throw new PersonalDataInputError('an erasure needs a legal basis and a reason');
    }
    const record = await this.keys.erase(subjectRef, legalBasis, reason, options.client);
    this.cache.set(subjectRef, { state: 'erased' });
    return record;
  }

  async isErased(subjectRef: string): Promise<boolean> {
    const states = await this.keys.load([subjectRef]);
    return states.get(subjectRef)?.state === 'erased';
  }

  /** The subject `data` must be encrypted under, or null when it has no personal value at `paths`. */
  private subjectToEncrypt(
    subjectRef: string | null,
    data: unknown,
    paths: readonly string[],
  ): string | null {
    forEachString(data, (text) => {
      if (isEncryptedValue(text)) {
        throw new PersonalDataInputError('plain event data must not contain values starting with "enc:v1:"');
      }
    });
    if (paths.length === 0 || !hasValueAtPaths(data, paths)) return null;
    if (subjectRef === null || subjectRef.trim() === '') {
      throw new PersonalDataInputError(
        'personal fields are present but the event has no subjectRef to encrypt them under',
      );
    }
    return subjectRef;
  }

  private async keyForAppend(
    subjectRef: string,
    db: Pool | PoolClient,
    inTransaction: boolean,
  ): Promise<AppendKey> {
    const cached = this.cache.get(subjectRef);
    if (cached?.state === 'erased') throw new SubjectErasedError(subjectRef);
    if (cached?.state === 'key') {
      return { subjectRef, dataKey: cached.dataKey, wrappedKey: cached.wrappedKey, created: false };
    }
    const stored = (await this.keys.load([subjectRef], db)).get(subjectRef);
    if (stored?.state === 'erased') {
      this.cache.set(subjectRef, { state: 'erased' });
      throw new SubjectErasedError(subjectRef);
    }
    if (stored?.state === 'key') {
      const dataKey = this.unwrap(subjectRef, stored.wrappedKey);
      // Read through a caller's transaction, the key may be that transaction's own, not yet committed.
      if (!inTransaction) this.remember(subjectRef, dataKey, stored.wrappedKey);
      return { subjectRef, dataKey, wrappedKey: stored.wrappedKey, created: false };
    }
    const dataKey = newDataKey();
    return {
      subjectRef,
      dataKey,
      wrappedKey: wrapDataKey(this.options.masterKey, subjectRef, dataKey),
      created: true,
    };
  }

  private dataKeyForWriting(subjectRef: string): Promise<Buffer> {
    const cached = this.cache.get(subjectRef);
    if (cached?.state === 'key' && cached.expiresAt > this.now()) return Promise.resolve(cached.dataKey);
    let pending = this.pendingWrites.get(subjectRef);
    if (!pending) {
      pending = this.loadOrCreateDataKey(subjectRef).finally(() => this.pendingWrites.delete(subjectRef));
      this.pendingWrites.set(subjectRef, pending);
    }
    return pending;
  }

  /** One round trip: the stored key, or a new one stored (first writer wins), or the erasure. */
  private async loadOrCreateDataKey(subjectRef: string): Promise<Buffer> {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const candidate = newDataKey();
      const wrapped = wrapDataKey(this.options.masterKey, subjectRef, candidate);
      const stored = await this.keys.loadOrInsert(subjectRef, wrapped);
      if (stored.state === 'erased') {
        this.cache.set(subjectRef, { state: 'erased' });
        throw new SubjectErasedError(subjectRef);
      }
      if (stored.state === 'key') {
        const dataKey = stored.created ? candidate : this.unwrap(subjectRef, stored.wrappedKey);
        this.remember(subjectRef, dataKey, stored.wrappedKey);
        return dataKey;
      }
      // Another writer is creating the key at this moment: its row becomes visible to the next statement.
    }
    throw new SubjectKeyMissingError(subjectRef);
  }

  private unwrap(subjectRef: string, wrappedKey: Buffer): Buffer {
    try {
      return unwrapDataKey(this.options.masterKey, subjectRef, wrappedKey);
    } catch {
      throw new PersonalDataIntegrityError(
        subjectRef,
        'its data key does not unwrap with the configured master key',
      );
    }
  }

  /** Keys by subject ('erased' for erased ones); missing keys throw unless `allowMissing` (then absent from the map). */
  private async dataKeysForReading(
    subjectRefs: readonly string[],
    { allowMissing = false } = {},
  ): Promise<Map<string, Buffer | 'erased'>> {
    const result = new Map<string, Buffer | 'erased'>();
    const toLoad: string[] = [];
    const now = this.now();
    for (const subjectRef of subjectRefs) {
      const cached = this.cache.get(subjectRef);
      if (cached?.state === 'erased') result.set(subjectRef, 'erased');
      else if (cached && cached.expiresAt > now) result.set(subjectRef, cached.dataKey);
      else toLoad.push(subjectRef);
    }
    if (toLoad.length === 0) return result;
    const states = await this.keys.load(toLoad);
    for (const subjectRef of toLoad) {
      const stored = states.get(subjectRef);
      if (stored?.state === 'erased') {
        this.cache.set(subjectRef, { state: 'erased' });
        result.set(subjectRef, 'erased');
      } else if (stored?.state === 'key') {
        const dataKey = this.unwrap(subjectRef, stored.wrappedKey);
        this.remember(subjectRef, dataKey, stored.wrappedKey);
        result.set(subjectRef, dataKey);
      } else if (!allowMissing) {
        throw new SubjectKeyMissingError(subjectRef);
      }
    }
    return result;
  }

  private remember(subjectRef: string, dataKey: Buffer, wrappedKey: Buffer): void {
    this.cache.set(subjectRef, { state: 'key', dataKey, wrappedKey, expiresAt: this.now() + this.ttlMs });
  }
}

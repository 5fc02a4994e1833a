import type { Pool, PoolClient } from 'pg';

/**
 * SQL over `subject_keys` and `erased_subjects`. An erasure record always wins over a key: a key row that
 * slipped in concurrently with an erasure is ignored on read, and deleted again by a repeated erasure.
 */
export type StoredKeyState =
  | { state: 'key'; wrappedKey: Buffer }
  | { state: 'erased' }
  | { state: 'missing' };

export interface ErasureRecord {
  subjectRef: string;
  erasedAt: Date;
  legalBasis: string;
  reason: string;
  /** True when the subject had already been erased before this call (the call changed nothing but stray keys). */
  alreadyErased: boolean;
}

export class SubjectKeys {
  constructor(
    private readonly pool: Pool,
    private readonly schema: string,
  ) {}

  /** `db`: the pool (committed keys), or a caller's transaction (which also sees the keys it stored itself). */
  async load(
    subjectRefs: readonly string[],
    db: Pool | PoolClient = this.pool,
  ): Promise<Map<string, StoredKeyState>> {
    const { rows } = await db.query<{
      subject_ref: string;
      wrapped_key: Buffer | null;
      erased: boolean;
    }>(
      `SELECT r.subject_ref, k.wrapped_key, (e.subject_ref IS NOT NULL) AS erased
         FROM unnest($1::text[]) AS r(subject_ref)
         LEFT JOIN ${this.table('subject_keys')} k ON k.subject_ref = r.subject_ref
         LEFT JOIN ${this.table('erased_subjects')} e ON e.subject_ref = r.subject_ref`,
      [subjectRefs],
    );
    const states = new Map<string, StoredKeyState>();
    for (const row of rows) {
      states.set(
        row.subject_ref,
        row.erased
          ? { state: 'erased' }
          : row.wrapped_key
            ? { state: 'key', wrappedKey: row.wrapped_key }
            : { state: 'missing' },
      );
    }
    return states;
  }

  /**
   * One round trip for the writing path: the subject's stored key, or `wrappedKey` stored as its new key, or
   * 'erased'. 'missing' means a concurrent creator's key is not yet visible to this statement's snapshot (ON
   * CONFLICT waited for it): ask again.
   */
  async loadOrInsert(
    subjectRef: string,
    wrappedKey: Buffer,
  ): Promise<StoredKeyState & { created?: boolean }> {
    const { rows } = await this.pool.query<{
      inserted: Buffer | null;
      existing: Buffer | null;
      erased: boolean;
    }>(
      `WITH erased AS (SELECT 1 FROM ${this.table('erased_subjects')} WHERE subject_ref = $1),
            inserted AS (
              INSERT INTO ${this.table('subject_keys')} (subject_ref, wrapped_key)
              SELECT $1, $2 WHERE NOT EXISTS (SELECT 1 FROM erased)
              ON CONFLICT (subject_ref) DO NOTHING
              RETURNING wrapped_key)
       SELECT (SELECT wrapped_key FROM inserted) AS inserted,
              (SELECT wrapped_key FROM ${this.table('subject_keys')} WHERE subject_ref = $1) AS existing,
              EXISTS (SELECT 1 FROM erased) AS erased`,
      [subjectRef, wrappedKey],
    );
    const row = rows[0];
    if (row.erased) return { state: 'erased' };
    if (row.inserted) return { state: 'key', wrappedKey: row.inserted, created: true };
    if (row.existing) return { state: 'key', wrappedKey: row.existing };
    return { state: 'missing' };
  }

  /** Records the erasure (first one wins) and deletes the key, in one statement, so one never exists without the other. */
  async erase(
    subjectRef: string,
    legalBasis: string,
    reason: string,
    client?: PoolClient,
  ): Promise<ErasureRecord> {
    const { rows } = await (client ?? this.pool).query<{
      inserted: boolean;
      erased_at: Date;
      legal_basis: string;
      reason: string;
    }>(
      `WITH recorded AS (
         INSERT INTO ${this.table('erased_subjects')} (subject_ref, legal_basis, reason)
         VALUES ($1, $2, $3)
         ON CONFLICT (subject_ref) DO NOTHING
         RETURNING erased_at, legal_basis, reason
       ), shredded AS (
         DELETE FROM ${this.table('subject_keys')} WHERE subject_ref = $1 RETURNING subject_ref
       )
       SELECT true AS inserted, erased_at, legal_basis, reason FROM recorded
       UNION ALL
       SELECT false, erased_at, legal_basis, reason FROM ${this.table('erased_subjects')} WHERE subject_ref = $1`,
      [subjectRef, legalBasis, reason],
    );
    // The second branch reads the statement's snapshot, so it holds only an erasure committed before this call.
    const row = rows.find((candidate) => candidate.inserted) ?? rows[0];
    if (!row) {
      // A concurrent erasure of the same subject committed between our snapshot and our insert: read it back.
      return this.erase(subjectRef, legalBasis, reason, client);
    }
    return {
      subjectRef,
      erasedAt: row.erased_at,
      legalBasis: row.legal_basis,
      reason: row.reason,
      alreadyErased: !row.inserted,
    };
  }

  /** The schema-qualified table `name` (subject_keys, erased_subjects). */
  table(name: 'subject_keys' | 'erased_subjects'): string {
    return `"${this.schema}".${name}`;
  }
}

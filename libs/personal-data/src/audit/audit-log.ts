import { assertIdentifier } from '@rcrp/database';
import { withTransaction } from '@rcrp/database';
import type { Pool, PoolClient } from 'pg';
import { auditHash, type AuditEntry, type AuditRecord } from './audit-entry';

export interface AuditQuery {
  incidentId?: string;
  actor?: string;
  /** ISO instants, inclusive. */
  from?: string;
  to?: string;
  /** Newest first; default 100. */
  limit?: number;
}

export type AuditVerification =
  | { ok: true; entries: number }
  | { ok: false; entries: number; firstBrokenPosition: string; reason: 'hash-mismatch' | 'chain-broken' };

interface AuditRow {
  position: string;
  recorded_at: Date;
  actor_id: string;
  actor_role: string;
  incident_id: string;
  subject_ref: string | null;
  resource: string;
  reason: string;
  previous_hash: Buffer | null;
  hash: Buffer;
}

const VERIFY_BATCH = 1000;

/**
 * The append-only, hash-chained read audit of one service schema. One chain for the whole schema: each append
 * takes a transaction-scoped advisory lock, so concurrent readers (and other instances of the service) extend the
 * chain one at a time and no two entries claim the same predecessor.
 */
export class AuditLog {
  private readonly table: string;
  private readonly lockKey: string;

  constructor(private readonly options: { pool: Pool; schema: string }) {
    assertIdentifier(options.schema, 'schema');
    this.table = `"${options.schema}".read_audit`;
    this.lockKey = `rcrp-read-audit:${options.schema}`;
  }

  async record(record: AuditRecord, options: { at?: Date } = {}): Promise<AuditEntry> {
    return withTransaction(this.options.pool, (client) =>
      this.append(client, record, options.at ?? new Date()),
    );
  }

  async query(query: AuditQuery = {}): Promise<AuditEntry[]> {
    const { rows } = await this.options.pool.query<AuditRow>(
      `SELECT ${COLUMNS} FROM ${this.table}
        WHERE ($1::uuid IS NULL OR incident_id = $1)
          AND ($2::text IS NULL OR actor_id = $2)
          AND ($3::timestamptz IS NULL OR recorded_at >= $3)
          AND ($4::timestamptz IS NULL OR recorded_at <= $4)
        ORDER BY ${this.table}.position DESC -- the column: the text alias would sort "10" before "2"
        LIMIT $5`,
      [
        query.incidentId ?? null,
        query.actor ?? null,
        query.from ?? null,
        query.to ?? null,
        query.limit ?? 100,
      ],
    );
    return rows.map(entryOf);
  }

  /** Recomputes the whole chain; names the first entry that was altered, or whose predecessor was removed. */
  async verify(): Promise<AuditVerification> {
    let previousHash: Buffer | null = null;
    let after = '0';
    let entries = 0;
    for (;;) {
      const { rows } = await this.options.pool.query<AuditRow>(
        `SELECT ${COLUMNS}, previous_hash, hash FROM ${this.table} WHERE ${this.table}.position > $1 ORDER BY ${this.table}.position LIMIT $2`,
        [after, VERIFY_BATCH],
      );
      if (rows.length === 0) return { ok: true, entries };
      for (const row of rows) {
        const linked =
          row.previous_hash === null
            ? previousHash === null
            : previousHash !== null && row.previous_hash.equals(previousHash);
        if (!linked) return { ok: false, entries, firstBrokenPosition: row.position, reason: 'chain-broken' };
        if (!auditHash(entryOf(row), previousHash).equals(row.hash)) {
          return { ok: false, entries, firstBrokenPosition: row.position, reason: 'hash-mismatch' };
        }
        previousHash = row.hash;
        entries += 1;
      }
      after = rows[rows.length - 1].position;
    }
  }

  private async append(client: PoolClient, record: AuditRecord, at: Date): Promise<AuditEntry> {
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [this.lockKey]);
    const last = await client.query<{ hash: Buffer }>(
      `SELECT hash FROM ${this.table} ORDER BY position DESC LIMIT 1`,
    );
    const previousHash = last.rows[0]?.hash ?? null;
    const content = {
      recordedAt: at.toISOString(),
      actor: { id: record.actor.id, role: record.actor.role },
      incidentId: record.incidentId.toLowerCase(),
      subjectRef: record.subjectRef ?? null,
      resource: record.resource,
      reason: record.reason,
    };
    const hash = auditHash(content, previousHash);
    const { rows } = await client.query<{ position: string }>(
      `INSERT INTO ${this.table}
         (recorded_at, actor_id, actor_role, incident_id, subject_ref, resource, reason, previous_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       RETURNING position`,
      [
        content.recordedAt,
        content.actor.id,
        content.actor.role,
        content.incidentId,
        content.subjectRef,
        content.resource,
        content.reason,
        previousHash,
        hash,
      ],
    );
    return { position: rows[0].position, ...content };
  }
}

const COLUMNS =
  'position::text AS position, recorded_at, actor_id, actor_role, incident_id::text AS incident_id, subject_ref, resource, reason';

function entryOf(row: AuditRow): AuditEntry {
  return {
    position: row.position,
    recordedAt: row.recorded_at.toISOString(),
    actor: { id: row.actor_id, role: row.actor_role },
    incidentId: row.incident_id,
    subjectRef: row.subject_ref,
    resource: row.resource,
    reason: row.reason,
  };
}

import type { Pool } from 'pg';
import type { GlobalCheckpoint } from './event-source';
import { quoteIdent } from '@rcrp/database';

/** The relay's stored position in the event store (table `relay_checkpoints`). */
export class RelayCheckpoints {
  private readonly table: string;

  constructor(
    private readonly pool: Pool,
    schema: string,
  ) {
    this.table = `${quoteIdent(schema)}.relay_checkpoints`;
  }

  async load(name: string): Promise<GlobalCheckpoint | null> {
    const { rows } = await this.pool.query(
      `SELECT tx_id::text AS tx_id, position::text AS position FROM ${this.table} WHERE name = $1`,
      [name],
    );
    return rows.length === 0 ? null : { txId: rows[0].tx_id, position: rows[0].position };
  }

  /**
   * Stores `checkpoint` unless a stored one is already further on: a relay that lost its lock mid-batch and
   * finishes late must never move the checkpoint back (that would only republish, but needlessly).
   */
  async save(name: string, checkpoint: GlobalCheckpoint): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${this.table} AS c (name, tx_id, position, updated_at)
       VALUES ($1, $2::xid8, $3::bigint, now())
       ON CONFLICT (name) DO UPDATE SET tx_id = excluded.tx_id, position = excluded.position, updated_at = now()
       WHERE (c.tx_id, c.position) < (excluded.tx_id, excluded.position)`,
      [name, checkpoint.txId, checkpoint.position],
    );
  }
}

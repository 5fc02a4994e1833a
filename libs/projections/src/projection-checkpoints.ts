import type { PoolClient } from 'pg';
import { type GlobalCheckpoint } from '@rcrp/messaging';
import { quoteIdent } from '@rcrp/database';

export interface ProjectionCheckpointRow {
  checkpoint: GlobalCheckpoint | null;
  rebuildingTable: string | null;
}

/**
 * Reads a projection's checkpoint row and locks it for the rest of `tx`. Every writer of a projection takes
 * this lock before touching the projection's tables, and a rebuild's swap takes it first too: one lock order,
 * so live writes simply wait for the swap (and never deadlock with it).
 */
export async function lockProjectionCheckpoint(
  tx: PoolClient,
  schema: string,
  name: string,
): Promise<ProjectionCheckpointRow> {
  const table = `${quoteIdent(schema)}.projection_checkpoints`;
  await tx.query(`INSERT INTO ${table} (name) VALUES ($1) ON CONFLICT (name) DO NOTHING`, [name]);
  const { rows } = await tx.query(
    `SELECT tx_id::text AS tx_id, position::text AS position, rebuilding_table
       FROM ${table} WHERE name = $1 FOR UPDATE`,
    [name],
  );
  const row = rows[0];
  return {
    checkpoint: row.tx_id === null ? null : { txId: row.tx_id, position: row.position },
    rebuildingTable: row.rebuilding_table,
  };
}

export async function saveProjectionCheckpoint(
  tx: PoolClient,
  schema: string,
  name: string,
  checkpoint: GlobalCheckpoint | null,
  eventsApplied: number,
): Promise<void> {
  await tx.query(
    `UPDATE ${quoteIdent(schema)}.projection_checkpoints
        SET tx_id = COALESCE($2::xid8, tx_id), position = COALESCE($3::bigint, position),
            events_applied = events_applied + $4, updated_at = now()
      WHERE name = $1`,
    [name, checkpoint?.txId ?? null, checkpoint?.position ?? null, eventsApplied],
  );
}

import type { Pool, PoolClient } from 'pg';
import { type GlobalCheckpoint } from '@rcrp/messaging';
import { quoteIdent } from '@rcrp/database';

export interface ProjectionCheckpointRow {
  checkpoint: GlobalCheckpoint | null;
  rebuildingTable: string | null;
}

const CHECKPOINT_COLUMNS = 'tx_id::text AS tx_id, position::text AS position, rebuilding_table';

/**
 * Reads a projection's checkpoint row and locks it for the rest of `tx`. Every writer of a projection takes
 * this lock before touching the projection's tables, and a rebuild's swap takes it first too: one lock order,
 * so live writes simply wait for the swap (and never deadlock with it). One round trip once the row exists
 * (issue 18: a statement less per projection batch); the first call makes the row.
 */
export async function lockProjectionCheckpoint(
  tx: PoolClient,
  schema: string,
  name: string,
): Promise<ProjectionCheckpointRow> {
  const table = `${quoteIdent(schema)}.projection_checkpoints`;
  const lock = `SELECT ${CHECKPOINT_COLUMNS} FROM ${table} WHERE name = $1 FOR UPDATE`;
  let { rows } = await tx.query<CheckpointRow>(lock, [name]);
  if (rows.length === 0) {
    await tx.query(`INSERT INTO ${table} (name) VALUES ($1) ON CONFLICT (name) DO NOTHING`, [name]);
    ({ rows } = await tx.query<CheckpointRow>(lock, [name]));
  }
  return checkpointRowOf(rows[0]);
}

/**
 * A projection's checkpoint as committed, without a lock or a transaction (null before its first batch): where a
 * loop reads the events it is about to apply from. The apply then locks the row and compares, so a checkpoint that
 * moved meanwhile (another instance, a rebuild's swap) only costs a read again.
 */
export async function readProjectionCheckpoint(
  db: Pool | PoolClient,
  schema: string,
  name: string,
): Promise<GlobalCheckpoint | null> {
  const { rows } = await db.query<CheckpointRow>(
    `SELECT ${CHECKPOINT_COLUMNS} FROM ${quoteIdent(schema)}.projection_checkpoints WHERE name = $1`,
    [name],
  );
  return rows[0] ? checkpointRowOf(rows[0]).checkpoint : null;
}

/**
 * For an event consumed from Kafka (applyConsumedEvent): share-locks the checkpoint rows of `names` for the rest of
 * `tx`, in one statement (the first call makes missing rows), and returns each one's rebuilding table. A rebuild
 * locks its row for update (lockProjectionCheckpoint), so it waits for these transactions and they for it, while
 * consumers of different partitions go on side by side. `events_applied` counts what a projection loop applied;
 * consumed events are counted by the inbox.
 */
export async function shareProjectionCheckpoints(
  tx: PoolClient,
  schema: string,
  names: readonly string[],
): Promise<Map<string, string | null>> {
  const table = `${quoteIdent(schema)}.projection_checkpoints`;
  const share = `SELECT name, rebuilding_table FROM ${table} WHERE name = ANY($1::text[]) FOR SHARE`;
  let { rows } = await tx.query<{ name: string; rebuilding_table: string | null }>(share, [names]);
  if (rows.length < new Set(names).size) {
    await tx.query(
      `INSERT INTO ${table} (name) SELECT unnest($1::text[]) ON CONFLICT (name) DO NOTHING`,
      [names],
    );
    ({ rows } = await tx.query<{ name: string; rebuilding_table: string | null }>(share, [names]));
  }
  return new Map(rows.map((row) => [row.name, row.rebuilding_table]));
}

interface CheckpointRow {
  tx_id: string | null;
  position: string | null;
  rebuilding_table: string | null;
}

function checkpointRowOf(row: CheckpointRow): ProjectionCheckpointRow {
  return {
    checkpoint: row.tx_id === null ? null : { txId: row.tx_id, position: row.position! },
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

import type { PoolClient } from 'pg';
import { v5 as uuidv5 } from 'uuid';
import { quoteIdent } from '@rcrp/database';
import type { MessageMeta } from './message-meta';

// Fixed namespace for name-based ids of raw (non-envelope) messages; never change it, or old keys stop matching.
const RAW_KEY_NAMESPACE = '6f1d7c0e-3a55-4b8e-9d2f-5c1e0a7b9e41';

/** The inbox id of a raw message whose idempotency key is text, e.g. `met-cad|CAD-20261123-0417`. */
export function inboxIdForKey(key: string): string {
  return uuidv5(key, RAW_KEY_NAMESPACE);
}

/**
 * Records that a message was processed, in the caller's transaction (the same one as its effect).
 * Returns false when it was already recorded: the effect happened before, so the caller must skip it.
 */
export async function claimInboxEntry(
  tx: PoolClient,
  schema: string,
  eventId: string,
  meta: MessageMeta,
  dedupeKey: string | null = null,
): Promise<boolean> {
  const result = await tx.query(
    `INSERT INTO ${quoteIdent(schema)}.inbox (event_id, topic, partition, "offset", processed_at, dedupe_key)
     VALUES ($1, $2, $3, $4, now(), $5)
     ON CONFLICT (event_id) DO NOTHING`,
    [eventId, meta.topic, meta.partition, meta.offset, dedupeKey],
  );
  return result.rowCount === 1;
}

import type { PoolClient } from 'pg';
import type { EventEnvelope } from '@rcrp/events';
import { quoteIdent } from '@rcrp/database';
import type { Projection } from './projection';
import { lockAndCountConsumedEvent } from './projection-checkpoints';
import { liveTable } from './table-names';

/**
 * Applies a consumed event to a projection fed from Kafka, inside the consumer runner's transaction (so the
 * inbox row and the projection row commit together). While a rebuild is filling a shadow table the event is
 * also buffered: the rebuild applies the buffer to the shadow after its replay, in order, so nothing consumed
 * during the rebuild is missing after the swap and nothing reaches the shadow ahead of older events.
 */
export async function applyConsumedEvent(
  tx: PoolClient,
  schema: string,
  projection: Projection,
  event: EventEnvelope,
): Promise<void> {
  const { rebuildingTable } = await lockAndCountConsumedEvent(tx, schema, projection.name);
  await projection.apply(event, tx, liveTable(schema, projection.name));
  if (rebuildingTable) {
    await tx.query(
      `INSERT INTO ${quoteIdent(schema)}.projection_rebuild_buffer (name, event) VALUES ($1, $2)`,
      [projection.name, JSON.stringify(event)],
    );
  }
}

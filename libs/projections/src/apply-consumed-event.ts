import type { PoolClient } from 'pg';
import type { EventEnvelope } from '@rcrp/events';
import { quoteIdent } from '@rcrp/database';
import type { Projection } from './projection';
import { shareProjectionCheckpoints } from './projection-checkpoints';
import { liveTable } from './table-names';

/**
 * Applies a consumed event to the projections fed from Kafka, inside the consumer runner's transaction (so the
 * inbox row and the projection rows commit together). While a rebuild is filling a shadow table the event is
 * also buffered: the rebuild applies the buffer to the shadow after its replay, in order, so nothing consumed
 * during the rebuild is missing after the swap and nothing reaches the shadow ahead of older events. The
 * projections' checkpoint rows are share-locked in one statement: consumers of different partitions do not wait
 * for each other, and a rebuild (which locks the row for update) waits for them, as they wait for it.
 */
export async function applyConsumedEvent(
  tx: PoolClient,
  schema: string,
  projections: Projection | readonly Projection[],
  event: EventEnvelope,
): Promise<void> {
  const list: readonly Projection[] = Array.isArray(projections) ? projections : [projections as Projection];
  const rebuilding = await shareProjectionCheckpoints(
    tx,
    schema,
    list.map((projection) => projection.name),
  );
  for (const projection of list) {
    await projection.apply(event, tx, liveTable(schema, projection.name));
    if (rebuilding.get(projection.name)) {
      await tx.query(
        `INSERT INTO ${quoteIdent(schema)}.projection_rebuild_buffer (name, event) VALUES ($1, $2)`,
        [projection.name, JSON.stringify(event)],
      );
    }
  }
}

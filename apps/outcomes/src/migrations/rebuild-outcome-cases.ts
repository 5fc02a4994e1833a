import { quoteIdent, sqlMigration, type MigrationClass, type MigrationContext } from '@rcrp/messaging';
import { liveTable } from '@rcrp/projections';
import { outcomeCasesProjection } from '../projections/outcome-cases.projection';

/**
 * Issue 14: the outcome state is now folded in `at` order from the facts it keeps (late entries), so rows folded
 * by the earlier code hold a state the new code cannot continue. Empty the table and reset its checkpoint: the
 * projection runner rebuilds every row from the event store (gap-safe, from the start) when the service starts.
 * Nothing is lost: the table is a read model of the store.
 */
export function rebuildOutcomeCasesMigration(ctx: MigrationContext): MigrationClass {
  const name = outcomeCasesProjection.name;
  return sqlMigration(
    'RebuildOutcomeCasesForLateEntries1767484800003',
    [
      `DELETE FROM ${liveTable(ctx.schema, name)}`,
      `UPDATE ${quoteIdent(ctx.schema)}.projection_checkpoints
          SET tx_id = NULL, position = NULL, events_applied = 0, updated_at = now()
        WHERE name = '${name}'`,
    ],
    [],
  );
}

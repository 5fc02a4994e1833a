import type { MigrationClass, MigrationContext } from '@rcrp/database';
import { projectionTableMigration } from '@rcrp/projections';
import { triageAdviceProjection } from '../projections/triage-advice.projection';
import { triageCallsProjection } from '../projections/triage-calls.projection';

/** Triage's read models beside the event store: the calls (queue and timings) and the advice given. */
export function triageMigrations(ctx: MigrationContext): MigrationClass[] {
  return [
    projectionTableMigration(ctx, triageCallsProjection, 1767398400000),
    projectionTableMigration(ctx, triageAdviceProjection, 1767398400001),
  ];
}

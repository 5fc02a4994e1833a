import type { MigrationClass, MigrationContext } from '@rcrp/database';
import { projectionTableMigration } from '@rcrp/projections';
import { incidentContextProjection } from '../context/incident-context.projection';
import { outcomeCasesProjection } from '../projections/outcome-cases.projection';
import { caseTimelineProjection } from '../timeline/case-timeline.projection';

/**
 * Outcomes' read models beside the event store: the incident context and case timeline (consumed from intake
 * and triage) and the outcome cases with the detention clock (from the own store).
 */
export function outcomesMigrations(ctx: MigrationContext): MigrationClass[] {
  return [
    projectionTableMigration(ctx, incidentContextProjection, 1767484800000),
    projectionTableMigration(ctx, caseTimelineProjection, 1767484800001),
    projectionTableMigration(ctx, outcomeCasesProjection, 1767484800002),
  ];
}

import { auditMigrations } from '@rcrp/audit';
import { eventStoreMigrations, MigrationClass, MigrationContext } from '@rcrp/event-store';
import { messagingMigrations } from '@rcrp/messaging';
import { personalDataMigrations } from '@rcrp/personal-data';
import { projectionMigrations } from '@rcrp/projections';
import { outcomesMigrations } from './outcomes-tables';

/**
 * The outcomes service's schema, in order. `ctx` names the schema and the app role the service connects as
 * (DESIGN §2: the owner runs migrations, the service never owns its tables).
 */
export function migrations(ctx: MigrationContext): MigrationClass[] {
  return [
    ...eventStoreMigrations(ctx),
    ...personalDataMigrations(ctx),
    ...messagingMigrations(ctx),
    ...projectionMigrations(ctx),
    ...outcomesMigrations(ctx),
    ...auditMigrations(ctx),
  ];
}

import { auditMigrations } from '@rcrp/personal-data';
import { eventStoreMigrations } from '@rcrp/event-store';
import { MigrationClass, MigrationContext } from '@rcrp/database';
import { messagingMigrations } from '@rcrp/messaging';
import { personalDataMigrations } from '@rcrp/personal-data';
import { projectionMigrations } from '@rcrp/projections';
import { intakeMigrations } from './intake-tables';

/**
 * The intake service's schema, in order. `ctx` names the schema and the app role the service connects as
 * (DESIGN §2: the owner runs migrations, the service never owns its tables).
 */
export function migrations(ctx: MigrationContext): MigrationClass[] {
  return [
    ...eventStoreMigrations(ctx),
    ...personalDataMigrations(ctx),
    ...messagingMigrations(ctx),
    ...projectionMigrations(ctx),
    ...intakeMigrations(ctx),
    ...auditMigrations(ctx),
  ];
}

import { quoteIdent, sqlMigration, type MigrationClass, type MigrationContext } from '@rcrp/database';
import type { Projection } from './projection';
import { liveTable } from './table-names';

/**
 * For tests' throw-away schemas only: a test projection's live table built from its `tables()`, as a rebuild
 * builds the shadow, with the grant and checkpoint row a service migration gives it. A service's migrations never
 * use this: they hold their own literal SQL (docs/architecture.md, "Migrations"), so editing a projection cannot
 * change what an applied migration did.
 */
export function projectionTableMigration(
  ctx: MigrationContext,
  projection: Projection,
  timestamp: number,
): MigrationClass {
  const table = liveTable(ctx.schema, projection.name);
  const checkpoints = `${quoteIdent(ctx.schema)}.projection_checkpoints`;
  const name = projection.name.replace(/'/g, "''");
  const className = projection.name.replace(/(^|[_-])([a-z0-9])/g, (_match, _sep, char: string) =>
    char.toUpperCase(),
  );
  return sqlMigration(
    `TestProjection${className}${timestamp}`,
    [
      ...projection.tables(table),
      `GRANT SELECT, INSERT, UPDATE, DELETE ON ${table} TO ${quoteIdent(ctx.appRole)}`,
      `INSERT INTO ${checkpoints} (name) VALUES ('${name}') ON CONFLICT (name) DO NOTHING`,
    ],
    [`DROP TABLE ${table}`, `DELETE FROM ${checkpoints} WHERE name = '${name}'`],
  );
}

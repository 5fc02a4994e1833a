import { quoteIdent, type MigrationContext, type SqlMigration } from '@rcrp/messaging';
import type { Projection } from './projection';
import { liveTable } from './table-names';

/**
 * `projection_checkpoints`, plus one migration per projection creating its live table (named
 * `<prefix>-projection-<name>`, so adding a projection adds a migration rather than changing one).
 * The app role may write projection rows (runners apply events as the app role); creating, renaming and
 * dropping tables, as a rebuild does, needs the owner role.
 */
export function projectionMigrations(
  ctx: MigrationContext,
  projections: readonly Projection[] = [],
  prefix = '20260501-0300',
): SqlMigration[] {
  const schema = quoteIdent(ctx.schema);
  const role = quoteIdent(ctx.appRole);
  return [
    {
      name: `${prefix}-projection-checkpoints`,
      up: [
        `CREATE TABLE ${schema}.projection_checkpoints (
           name              text PRIMARY KEY,
           -- Own-store projections: gap-safe readAll position; null for consumed-topic projections
           -- (their position is the consumer group's committed offsets).
           tx_id             xid8,
           position          bigint,
           events_applied    bigint NOT NULL DEFAULT 0,
           -- Set while a rebuild is filling this shadow table, so live applies also reach it.
           rebuilding_table  text,
           updated_at        timestamptz NOT NULL DEFAULT now()
         )`,
        `GRANT SELECT, INSERT, UPDATE ON ${schema}.projection_checkpoints TO ${role}`,
      ],
      down: [`DROP TABLE ${schema}.projection_checkpoints`],
    },
    ...projections.map((projection) => projectionTableMigration(ctx, projection, prefix)),
  ];
}

export function projectionTableMigration(ctx: MigrationContext, projection: Projection, prefix: string): SqlMigration {
  const table = liveTable(ctx.schema, projection.name);
  return {
    name: `${prefix}-projection-${projection.name}`,
    up: [
      ...projection.tables(table),
      `GRANT SELECT, INSERT, UPDATE, DELETE ON ${table} TO ${quoteIdent(ctx.appRole)}`,
      `INSERT INTO ${quoteIdent(ctx.schema)}.projection_checkpoints (name) VALUES (${literal(projection.name)})
       ON CONFLICT (name) DO NOTHING`,
    ],
    down: [`DROP TABLE ${table}`, `DELETE FROM ${quoteIdent(ctx.schema)}.projection_checkpoints WHERE name = ${literal(projection.name)}`],
  };
}

function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

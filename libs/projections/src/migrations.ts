import { quoteIdent, sqlMigration, type MigrationClass, type MigrationContext } from '@rcrp/database';
import type { Projection } from './projection';
import { liveTable } from './table-names';

/**
 * `projection_checkpoints` (DESIGN §2). The app role writes projection rows and checkpoints (runners apply
 * events as the app role); creating, renaming and dropping tables, as a rebuild does, needs the owner role.
 */
export function projectionMigrations(ctx: MigrationContext): MigrationClass[] {
  const schema = quoteIdent(ctx.schema);
  return [
    sqlMigration(
      'ProjectionCheckpoints1767225800000',
      [
        `CREATE TABLE ${schema}.projection_checkpoints (
           name              text PRIMARY KEY,
           -- Own-store projections: gap-safe readAll position; null for consumed-topic projections
           -- (their position is the consumer group's committed offsets).
           tx_id             xid8,
           position          bigint,
           events_applied    bigint NOT NULL DEFAULT 0,
           -- Set while a rebuild is filling this shadow table: live applies then also buffer their events.
           rebuilding_table  text,
           updated_at        timestamptz NOT NULL DEFAULT now()
         )`,
        // Events a consumed-topic projection received live while it was being rebuilt, replayed into the shadow
        // table (in order, skipping those the replay already applied) just before the swap.
        `CREATE TABLE ${schema}.projection_rebuild_buffer (
           seq         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
           name        text NOT NULL,
           event       jsonb NOT NULL
         )`,
        `GRANT SELECT, INSERT, UPDATE ON ${schema}.projection_checkpoints TO ${quoteIdent(ctx.appRole)}`,
        `GRANT INSERT ON ${schema}.projection_rebuild_buffer TO ${quoteIdent(ctx.appRole)}`,
      ],
      [`DROP TABLE ${schema}.projection_rebuild_buffer`, `DROP TABLE ${schema}.projection_checkpoints`],
    ),
  ];
}

/**
 * The live table of one projection, as its own migration: adding a projection adds a migration (with a later
 * `timestamp`, 13 digits like TypeORM's) instead of changing an applied one.
 */
export function projectionTableMigration(
  ctx: MigrationContext,
  projection: Projection,
  timestamp: number,
): MigrationClass {
  const table = liveTable(ctx.schema, projection.name);
  const checkpoints = `${quoteIdent(ctx.schema)}.projection_checkpoints`;
  const className = projection.name.replace(/(^|[_-])([a-z0-9])/g, (_match, _sep, char: string) =>
    char.toUpperCase(),
  );
  return sqlMigration(
    `Projection${className}${timestamp}`,
    [
      ...projection.tables(table),
      `GRANT SELECT, INSERT, UPDATE, DELETE ON ${table} TO ${quoteIdent(ctx.appRole)}`,
      `INSERT INTO ${checkpoints} (name) VALUES ('${projection.name.replace(/'/g, "''")}') ON CONFLICT (name) DO NOTHING`,
    ],
    [
      `DROP TABLE ${table}`,
      `DELETE FROM ${checkpoints} WHERE name = '${projection.name.replace(/'/g, "''")}'`,
    ],
  );
}

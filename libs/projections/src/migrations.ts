import { quoteIdent, sqlMigration, type MigrationClass, type MigrationContext } from '@rcrp/database';

/**
 * `projection_checkpoints` (DESIGN §2). The app role writes projection rows and checkpoints (runners apply
 * events as the app role); creating, renaming and dropping tables, as a rebuild does, needs the owner role.
 *
 * A projection's live table is created by its service's own migration, in literal SQL that never calls the
 * projection's `tables()` (docs/architecture.md, "Migrations"); test/schema/projection-tables.int-spec.ts shows
 * that `tables()`, which a rebuild uses for the shadow, still builds the same table.
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

import { quoteIdent, sqlMigration, type MigrationClass, type MigrationContext } from '@rcrp/database';

/**
 * Triage's read models beside the event store: the calls (queue and timings) and the advice given. Each is the live
 * table of a projection, whose `tables()` builds the same for a rebuild's shadow. Frozen literal SQL: a changed
 * table is a new migration (docs/architecture.md, "Migrations").
 */
export function triageMigrations(ctx: MigrationContext): MigrationClass[] {
  const schema = quoteIdent(ctx.schema);
  const role = quoteIdent(ctx.appRole);
  return [
    sqlMigration(
      'ProjectionTriageCalls1767398400000',
      [
        `CREATE TABLE ${schema}.triage_calls (
           incident_id          uuid PRIMARY KEY,
           status               text NOT NULL,
           priority             integer NOT NULL,
           presenting_concerns  text[] NOT NULL,
           queued_at            timestamptz NOT NULL,
           answered_at          timestamptz,
           clinician_id         text,
           profession           text,
           risk_level           text,
           advice_count         integer NOT NULL DEFAULT 0,
           first_advice_at      timestamptz,
           ended_at             timestamptz,
           version              integer NOT NULL
         )`,
        `CREATE INDEX ON ${schema}.triage_calls (priority DESC, queued_at ASC, incident_id ASC) WHERE status = 'queued'`,
        `CREATE INDEX ON ${schema}.triage_calls (queued_at)`,
        `GRANT SELECT, INSERT, UPDATE, DELETE ON ${schema}.triage_calls TO ${role}`,
        `INSERT INTO ${schema}.projection_checkpoints (name) VALUES ('triage_calls') ON CONFLICT (name) DO NOTHING`,
      ],
      [
        `DROP TABLE ${schema}.triage_calls`,
        `DELETE FROM ${schema}.projection_checkpoints WHERE name = 'triage_calls'`,
      ],
    ),
    sqlMigration(
      'ProjectionTriageAdvice1767398400001',
      [
        `CREATE TABLE ${schema}.triage_advice (
           event_id        uuid PRIMARY KEY,
           incident_id     uuid NOT NULL,
           given_at        timestamptz NOT NULL,
           clinician_id    text NOT NULL,
           profession      text NOT NULL,
           recommendation  text NOT NULL
         )`,
        `CREATE INDEX ON ${schema}.triage_advice (incident_id)`,
        `GRANT SELECT, INSERT, UPDATE, DELETE ON ${schema}.triage_advice TO ${role}`,
        `INSERT INTO ${schema}.projection_checkpoints (name) VALUES ('triage_advice') ON CONFLICT (name) DO NOTHING`,
      ],
      [
        `DROP TABLE ${schema}.triage_advice`,
        `DELETE FROM ${schema}.projection_checkpoints WHERE name = 'triage_advice'`,
      ],
    ),
    // Issue 16: who and where on every call (CallQueued v2). Calls queued before stay null (v1 did not carry it).
    sqlMigration(
      'TriageCallsContext1796169600000',
      [
        `ALTER TABLE ${schema}.triage_calls
           ADD COLUMN officer_id    text,
           ADD COLUMN force         text,
           ADD COLUMN borough       text,
           ADD COLUMN category      text,
           ADD COLUMN location_kind text,
           ADD COLUMN source_system text,
           ADD COLUMN external_ref  text`,
      ],
      [
        `ALTER TABLE ${schema}.triage_calls
           DROP COLUMN officer_id, DROP COLUMN force, DROP COLUMN borough, DROP COLUMN category,
           DROP COLUMN location_kind, DROP COLUMN source_system, DROP COLUMN external_ref`,
      ],
    ),
  ];
}

import { quoteIdent, sqlMigration, type MigrationClass, type MigrationContext } from '@rcrp/database';

/**
 * Outcomes' read models beside the event store: the incident context and case timeline (consumed from intake
 * and triage) and the outcome cases with the detention clock (from the own store). Each is the live table of a
 * projection, whose `tables()` builds the same for a rebuild's shadow. Frozen literal SQL: a changed table is a
 * new migration (docs/architecture.md, "Migrations").
 */
export function outcomesMigrations(ctx: MigrationContext): MigrationClass[] {
  const schema = quoteIdent(ctx.schema);
  const role = quoteIdent(ctx.appRole);
  return [
    sqlMigration(
      'ProjectionIncidentContext1767484800000',
      [
        `CREATE TABLE ${schema}.incident_context (
           incident_id        uuid PRIMARY KEY,
           intake_version     integer NOT NULL DEFAULT 0,
           subject_ref        text,
           reported_at        timestamptz,
           category           text,
           location_kind      text,
           subject_age_years  integer,
           sex                text,
           ethnicity          text,
           withdrawn          boolean NOT NULL DEFAULT false,
           -- [{ eventId, clinicianId, profession, givenAt, recommendation }] in arrival order
           advice             jsonb NOT NULL DEFAULT '[]'::jsonb
         )`,
        `CREATE INDEX ON ${schema}.incident_context (reported_at)`,
        `GRANT SELECT, INSERT, UPDATE, DELETE ON ${schema}.incident_context TO ${role}`,
        `INSERT INTO ${schema}.projection_checkpoints (name) VALUES ('incident_context') ON CONFLICT (name) DO NOTHING`,
      ],
      [
        `DROP TABLE ${schema}.incident_context`,
        `DELETE FROM ${schema}.projection_checkpoints WHERE name = 'incident_context'`,
      ],
    ),
    sqlMigration(
      'ProjectionCaseTimeline1767484800001',
      [
        `CREATE TABLE ${schema}.case_timeline (
           event_id        uuid PRIMARY KEY,
           incident_id     uuid NOT NULL,
           stream_id       text NOT NULL,
           stream_version  integer NOT NULL,
           recorded_at     timestamptz NOT NULL,
           envelope        jsonb NOT NULL
         )`,
        `CREATE INDEX ON ${schema}.case_timeline (incident_id, stream_id, stream_version)`,
        `GRANT SELECT, INSERT, UPDATE, DELETE ON ${schema}.case_timeline TO ${role}`,
        `INSERT INTO ${schema}.projection_checkpoints (name) VALUES ('case_timeline') ON CONFLICT (name) DO NOTHING`,
      ],
      [
        `DROP TABLE ${schema}.case_timeline`,
        `DELETE FROM ${schema}.projection_checkpoints WHERE name = 'case_timeline'`,
      ],
    ),
    sqlMigration(
      'ProjectionOutcomeCases1767484800002',
      [
        `CREATE TABLE ${schema}.outcome_cases (
           incident_id           uuid PRIMARY KEY,
           version               integer NOT NULL,
           facts                 jsonb NOT NULL,
           detention_status      text,
           detained_at           timestamptz,
           place_of_safety_kind  text,
           clock_started_at      timestamptz,
           deadline              timestamptz,
           extended              boolean NOT NULL DEFAULT false,
           approaching_noticed   boolean NOT NULL DEFAULT false,
           exceeded_noticed      boolean NOT NULL DEFAULT false,
           closed                boolean NOT NULL DEFAULT false
         )`,
        `CREATE INDEX ON ${schema}.outcome_cases (deadline) WHERE detention_status = 'active'`,
        `GRANT SELECT, INSERT, UPDATE, DELETE ON ${schema}.outcome_cases TO ${role}`,
        `INSERT INTO ${schema}.projection_checkpoints (name) VALUES ('outcome_cases') ON CONFLICT (name) DO NOTHING`,
      ],
      [
        `DROP TABLE ${schema}.outcome_cases`,
        `DELETE FROM ${schema}.projection_checkpoints WHERE name = 'outcome_cases'`,
      ],
    ),
  ];
}

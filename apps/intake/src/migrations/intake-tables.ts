import { quoteIdent, sqlMigration, type MigrationClass, type MigrationContext } from '@rcrp/database';

/**
 * Intake's own tables beside the event store: external references (dedupe of external reports) and the list.
 * Frozen literal SQL: a changed table is a new migration (docs/architecture.md, "Migrations").
 */
export function intakeMigrations(ctx: MigrationContext): MigrationClass[] {
  const schema = quoteIdent(ctx.schema);
  const role = quoteIdent(ctx.appRole);
  return [
    sqlMigration(
      'ExternalReferences1767312000000',
      [
        `CREATE TABLE ${schema}.external_references (
           source_system  text NOT NULL,
           external_ref   text NOT NULL,
           incident_id    uuid NOT NULL UNIQUE,
           recorded_at    timestamptz NOT NULL DEFAULT now(),
           PRIMARY KEY (source_system, external_ref)
         )`,
        // The app may claim a reference, never move or forget one.
        `GRANT SELECT, INSERT ON ${schema}.external_references TO ${role}`,
      ],
      [`DROP TABLE ${schema}.external_references`],
    ),
    // The live table of the incident_list projection; its `tables()` builds the same for a rebuild's shadow.
    sqlMigration(
      'ProjectionIncidentList1767312000001',
      [
        `CREATE TABLE ${schema}.incident_list (
           incident_id    uuid PRIMARY KEY,
           status         text NOT NULL,
           category       text NOT NULL,
           reported_at    timestamptz NOT NULL,
           recorded_at    timestamptz NOT NULL,
           location_kind  text NOT NULL,
           age_band       text NOT NULL,
           source_system  text,
           version        integer NOT NULL
         )`,
        `CREATE INDEX ON ${schema}.incident_list (reported_at DESC, incident_id DESC)`,
        `GRANT SELECT, INSERT, UPDATE, DELETE ON ${schema}.incident_list TO ${role}`,
        `INSERT INTO ${schema}.projection_checkpoints (name) VALUES ('incident_list') ON CONFLICT (name) DO NOTHING`,
      ],
      [
        `DROP TABLE ${schema}.incident_list`,
        `DELETE FROM ${schema}.projection_checkpoints WHERE name = 'incident_list'`,
      ],
    ),
    // Erasure and restriction find a subject's incident by its reference (subjects.service.ts).
    sqlMigration(
      'SubjectRefIndex1767500000000',
      [
        `CREATE INDEX events_reported_subject_ref ON ${schema}.events ((data->'subject'->>'ref')) WHERE type = 'IncidentReported'`,
      ],
      [`DROP INDEX ${schema}.events_reported_subject_ref`],
    ),
    // Issue 16: find a call by its CAD reference, its officer or its borough. Filled from the stored reports (and the
    // latest amended borough), which hold these fields in clear: no personal data.
    sqlMigration(
      'IncidentListWhoAndWhere1796169600000',
      [
        `ALTER TABLE ${schema}.incident_list
           ADD COLUMN external_ref text,
           ADD COLUMN officer_id   text,
           ADD COLUMN borough      text`,
        `UPDATE ${schema}.incident_list AS list
            SET external_ref = e.data #>> '{source,externalRef}',
                officer_id   = e.data #>> '{officer,id}',
                borough      = NULLIF(e.data #>> '{location,borough}', '')
           FROM ${schema}.events AS e
          WHERE e.type = 'IncidentReported' AND e.stream_id = 'incident-' || list.incident_id::text`,
        `UPDATE ${schema}.incident_list AS list
            SET borough = NULLIF(latest.borough, '')
           FROM (SELECT DISTINCT ON (stream_id) stream_id, data #>> '{changes,location,borough}' AS borough
                   FROM ${schema}.events
                  WHERE type = 'IncidentDetailsAmended' AND data #> '{changes,location}' ? 'borough'
                  ORDER BY stream_id, stream_version DESC) AS latest
          WHERE latest.stream_id = 'incident-' || list.incident_id::text`,
        `CREATE INDEX ON ${schema}.incident_list (external_ref) WHERE external_ref IS NOT NULL`,
        `CREATE INDEX ON ${schema}.incident_list (officer_id, reported_at DESC)`,
      ],
      [
        `ALTER TABLE ${schema}.incident_list DROP COLUMN external_ref, DROP COLUMN officer_id, DROP COLUMN borough`,
      ],
    ),
  ];
}

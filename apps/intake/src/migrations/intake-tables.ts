import { quoteIdent, sqlMigration, type MigrationClass, type MigrationContext } from '@rcrp/database';
import { projectionTableMigration } from '@rcrp/projections';
import { incidentListProjection } from '../projections/incident-list.projection';

/** Intake's own tables beside the event store: external references (dedupe of external reports) and the list. */
export function intakeMigrations(ctx: MigrationContext): MigrationClass[] {
  const schema = quoteIdent(ctx.schema);
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
        `GRANT SELECT, INSERT ON ${schema}.external_references TO ${quoteIdent(ctx.appRole)}`,
      ],
      [`DROP TABLE ${schema}.external_references`],
    ),
    projectionTableMigration(ctx, incidentListProjection, 1767312000001),
    // Erasure and restriction find a subject's incident by its reference (subjects.service.ts).
    sqlMigration(
      'SubjectRefIndex1767500000000',
      [
        `CREATE INDEX events_reported_subject_ref ON ${schema}.events ((data->'subject'->>'ref')) WHERE type = 'IncidentReported'`,
      ],
      [`DROP INDEX ${schema}.events_reported_subject_ref`],
    ),
  ];
}

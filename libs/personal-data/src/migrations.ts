import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Where a service's tables live and which (non-owner) role the service connects as. */
export interface PersonalDataMigrationContext {
  schema: string;
  appRole: string;
}

/**
 * The key tables of DESIGN §6 in the service's schema. The app role may insert and delete keys (erasure deletes
 * them) and record erasures, but never rewrite or delete an erasure record.
 */
export function personalDataMigrations(
  ctx: PersonalDataMigrationContext,
): Array<new () => MigrationInterface> {
  const schema = sqlIdentifier(ctx.schema, 'schema');
  const appRole = sqlIdentifier(ctx.appRole, 'appRole');

  class PersonalDataKeys1767225602000 implements MigrationInterface {
    readonly name = 'PersonalDataKeys1767225602000';

    async up(queryRunner: QueryRunner): Promise<void> {
      const statements = [
        `CREATE TABLE ${schema}.subject_keys (
           subject_ref text PRIMARY KEY,
           wrapped_key bytea NOT NULL,
           created_at timestamptz NOT NULL DEFAULT now()
         )`,
        `COMMENT ON TABLE ${schema}.subject_keys IS
           'Per-subject AES-256-GCM data keys, wrapped by PERSONAL_DATA_MASTER_KEY. Deleting a row crypto-shreds the subject.'`,
        `CREATE TABLE ${schema}.erased_subjects (
           subject_ref text PRIMARY KEY,
           erased_at timestamptz NOT NULL DEFAULT now(),
           legal_basis text NOT NULL CHECK (legal_basis <> ''),
           reason text NOT NULL CHECK (reason <> '')
         )`,
        `GRANT USAGE ON SCHEMA ${schema} TO ${appRole}`,
        `GRANT SELECT, INSERT, DELETE ON ${schema}.subject_keys TO ${appRole}`,
        `GRANT SELECT, INSERT ON ${schema}.erased_subjects TO ${appRole}`,
      ];
      for (const statement of statements) await queryRunner.query(statement);
    }

    async down(): Promise<void> {
      // Dropping the key table would shred every subject at once; that is never a schema rollback.
      throw new Error('PersonalDataKeys is irreversible: dropping subject_keys would destroy every data key');
    }
  }

  class RestrictedSubjects1767400000000 implements MigrationInterface {
    readonly name = 'RestrictedSubjects1767400000000';

    async up(queryRunner: QueryRunner): Promise<void> {
      const statements = [
        `CREATE TABLE ${schema}.restricted_subjects (
           subject_ref text PRIMARY KEY,
           -- text, not uuid: the read path looks up whatever id a request names, before the id is validated.
           incident_id text NOT NULL,
           reason text NOT NULL CHECK (reason <> ''),
           restricted_at timestamptz NOT NULL DEFAULT now()
         )`,
        `CREATE INDEX restricted_subjects_incident_idx ON ${schema}.restricted_subjects (incident_id)`,
        `COMMENT ON TABLE ${schema}.restricted_subjects IS
           'Subjects whose processing is restricted (issue 11). Derived from subject events; lifting deletes the row.'`,
        `GRANT SELECT, INSERT, DELETE ON ${schema}.restricted_subjects TO ${appRole}`,
      ];
      for (const statement of statements) await queryRunner.query(statement);
    }

    async down(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query(`DROP TABLE ${schema}.restricted_subjects`);
    }
  }

  return [PersonalDataKeys1767225602000, RestrictedSubjects1767400000000];
}

function sqlIdentifier(value: string, what: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(value))
    throw new Error(`${what} must be a lower-case SQL identifier, got "${value}"`);
  return `"${value}"`;
}

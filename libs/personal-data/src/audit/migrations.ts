import { quoteIdent, sqlMigration, type MigrationClass, type MigrationContext } from '@rcrp/database';

/**
 * The read-audit log of one service schema (issue 11): append-only like the events table. The database itself
 * refuses UPDATE, DELETE and TRUNCATE (triggers) and the app role may only SELECT and INSERT, so even a compromised
 * service cannot rewrite who read what; the hash chain makes an owner's edit with the triggers disabled detectable.
 */
export function auditMigrations(ctx: MigrationContext): MigrationClass[] {
  const schema = quoteIdent(ctx.schema);
  const role = quoteIdent(ctx.appRole);
  const table = `${schema}.read_audit`;
  return [
    sqlMigration(
      'ReadAudit1767400000100',
      [
        `CREATE TABLE ${table} (
           position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
           recorded_at timestamptz NOT NULL,
           actor_id text NOT NULL CHECK (actor_id <> ''),
           actor_role text NOT NULL CHECK (actor_role <> ''),
           incident_id uuid NOT NULL,
           subject_ref text,
           resource text NOT NULL CHECK (resource <> ''),
           reason text NOT NULL CHECK (reason <> ''),
           previous_hash bytea CHECK (previous_hash IS NULL OR length(previous_hash) = 32),
           hash bytea NOT NULL CHECK (length(hash) = 32)
         )`,
        `CREATE INDEX read_audit_incident_idx ON ${table} (incident_id, recorded_at)`,
        `CREATE INDEX read_audit_actor_idx ON ${table} (actor_id, recorded_at)`,
        `COMMENT ON TABLE ${table} IS
           'Who read which case''s personal data, when and why (issue 11). Append-only and hash-chained.'`,
        `CREATE FUNCTION ${schema}.read_audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
           RAISE EXCEPTION 'the read audit is append-only: % on %.% is refused', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
             USING ERRCODE = 'restrict_violation';
         END
         $$`,
        `CREATE TRIGGER read_audit_refuse_update_delete BEFORE UPDATE OR DELETE ON ${table}
           FOR EACH ROW EXECUTE FUNCTION ${schema}.read_audit_refuse_change()`,
        `CREATE TRIGGER read_audit_refuse_truncate BEFORE TRUNCATE ON ${table}
           FOR EACH STATEMENT EXECUTE FUNCTION ${schema}.read_audit_refuse_change()`,
        `GRANT SELECT, INSERT ON ${table} TO ${role}`,
      ],
      [`DROP TABLE ${table}`, `DROP FUNCTION ${schema}.read_audit_refuse_change()`],
    ),
  ];
}

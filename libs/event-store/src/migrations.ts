import { assertIdentifier, quoteIdent, type MigrationClass, type MigrationContext } from '@rcrp/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The events table of DESIGN §2. PostgreSQL itself enforces the invariants: unique (stream_id, stream_version)
 * for optimistic concurrency, unique event_id for idempotency, triggers and grants for immutability, xid8 of the
 * writing transaction for the gap-safe feed.
 *
 * Frozen literal SQL (docs/architecture.md, "Migrations"): the channel and the setting below are spelled out, not
 * taken from commit-notifier.ts, so renaming them there cannot change what an applied migration did.
 */
export function eventStoreMigrations(ctx: MigrationContext): MigrationClass[] {
  const schema = sqlIdentifier(ctx.schema, 'schema');
  const appRole = sqlIdentifier(ctx.appRole, 'appRole');
  const events = `${schema}.events`;
  const channel = `${ctx.schema}_events`;

  class EventStore1767225600000 implements MigrationInterface {
    readonly name = 'EventStore1767225600000';

    async up(queryRunner: QueryRunner): Promise<void> {
      const statements = [
        `CREATE TABLE ${events} (
           position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
           stream_id text NOT NULL CHECK (stream_id <> ''),
           stream_version integer NOT NULL CHECK (stream_version >= 1),
           event_id uuid NOT NULL,
           type text NOT NULL CHECK (type <> ''),
           schema_version integer NOT NULL CHECK (schema_version >= 1),
           data jsonb NOT NULL,
           metadata jsonb NOT NULL,
           -- Set by the store before hashing (the hash covers it); the default only serves hand-written inserts.
           recorded_at timestamptz NOT NULL DEFAULT now(),
           tx_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
           hash bytea NOT NULL CHECK (length(hash) = 32),
           CONSTRAINT events_event_id_key UNIQUE (event_id),
           CONSTRAINT events_stream_version_key UNIQUE (stream_id, stream_version)
         )`,
        `CREATE INDEX events_tx_id_position_idx ON ${events} (tx_id, position)`,
        `COMMENT ON TABLE ${events} IS
           'Append-only event store (DESIGN §2). UPDATE, DELETE and TRUNCATE are refused by triggers; corrections are new events.'`,

        `CREATE FUNCTION ${schema}.events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
           RAISE EXCEPTION 'events are immutable: % on %.% is refused (append a correcting event instead)',
             TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
             USING ERRCODE = 'restrict_violation';
         END
         $$`,
        `CREATE TRIGGER events_refuse_update_delete_row BEFORE UPDATE OR DELETE ON ${events}
           FOR EACH ROW EXECUTE FUNCTION ${schema}.events_refuse_change()`,
        // Statement-level too, so even a statement touching no row fails loudly instead of looking allowed.
        `CREATE TRIGGER events_refuse_update_delete_statement BEFORE UPDATE OR DELETE ON ${events}
           FOR EACH STATEMENT EXECUTE FUNCTION ${schema}.events_refuse_change()`,
        `CREATE TRIGGER events_refuse_truncate BEFORE TRUNCATE ON ${events}
           FOR EACH STATEMENT EXECUTE FUNCTION ${schema}.events_refuse_change()`,

        // One notification per inserting statement; PostgreSQL delivers it at commit and folds duplicates per transaction.
        `CREATE FUNCTION ${schema}.events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
           PERFORM pg_notify('${channel}', '');
           RETURN NULL;
         END
         $$`,
        `CREATE TRIGGER events_notify AFTER INSERT ON ${events}
           FOR EACH STATEMENT EXECUTE FUNCTION ${schema}.events_notify()`,

        `GRANT USAGE ON SCHEMA ${schema} TO ${appRole}`,
        `GRANT SELECT, INSERT ON ${events} TO ${appRole}`,
        `GRANT USAGE ON SEQUENCE ${schema}.events_position_seq TO ${appRole}`,
      ];
      for (const statement of statements) await queryRunner.query(statement);
    }

    async down(): Promise<void> {
      throw new Error(
        'EventStore is irreversible: the events table is the legal record and is never dropped by a migration',
      );
    }
  }

  /**
   * NOTIFY inside the appending transaction serialises concurrent commits (a database-wide lock held through the
   * WAL flush). The store's own single-statement appends now wake the relay after commit themselves and mark
   * their transaction with `rcrp.events_notify = after-commit`; the trigger still notifies for every other insert
   * (appends inside a caller's transaction, hand-written inserts), so no committed event goes unannounced.
   */
  class EventStoreNotifyAfterCommit1767225600001 implements MigrationInterface {
    readonly name = 'EventStoreNotifyAfterCommit1767225600001';

    async up(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query(
        `CREATE OR REPLACE FUNCTION ${schema}.events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
           IF current_setting('rcrp.events_notify', true) = 'after-commit' THEN
             RETURN NULL;
           END IF;
           PERFORM pg_notify('${channel}', '');
           RETURN NULL;
         END
         $$`,
      );
    }

    async down(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query(
        `CREATE OR REPLACE FUNCTION ${schema}.events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
           PERFORM pg_notify('${channel}', '');
           RETURN NULL;
         END
         $$`,
      );
    }
  }

  return [EventStore1767225600000, EventStoreNotifyAfterCommit1767225600001];
}

function sqlIdentifier(value: string, what: string): string {
  return quoteIdent(assertIdentifier(value, what));
}

import { quoteIdent, sqlMigration, type MigrationClass, type MigrationContext } from '@rcrp/database';

/**
 * Tables of the outbox relay and the inbox (DESIGN §2), after the event store's migration. The app role may
 * read and advance checkpoints and add inbox rows; it may not delete inbox rows (a redelivery would then take
 * effect twice). Then the consumers' parked incidents and the operators' dead-letter decisions (issue 20).
 */
export function messagingMigrations(ctx: MigrationContext): MigrationClass[] {
  const schema = quoteIdent(ctx.schema);
  const role = quoteIdent(ctx.appRole);
  return [
    sqlMigration(
      'MessagingRelayInbox1767225700000',
      [
        `CREATE TABLE ${schema}.relay_checkpoints (
           name        text PRIMARY KEY,
           tx_id       xid8 NOT NULL,
           position    bigint NOT NULL,
           updated_at  timestamptz NOT NULL DEFAULT now()
         )`,
        `CREATE TABLE ${schema}.inbox (
           event_id      uuid PRIMARY KEY,
           topic         text NOT NULL,
           partition     integer NOT NULL,
           "offset"      bigint NOT NULL,
           processed_at  timestamptz NOT NULL DEFAULT now(),
           -- The text idempotency key of a raw inbound record (event_id is its UUID v5); null for envelopes.
           dedupe_key    text
         )`,
        `GRANT SELECT, INSERT, UPDATE ON ${schema}.relay_checkpoints TO ${role}`,
        `GRANT SELECT, INSERT ON ${schema}.inbox TO ${role}`,
      ],
      [`DROP TABLE ${schema}.inbox`, `DROP TABLE ${schema}.relay_checkpoints`],
    ),
    // Issue 20: sequenced dead letters. A consumer parks an incident of an internal topic when it dead-letters one of
    // its records, and holds every later record of it until an operator redrives or skips the first.
    sqlMigration(
      'MessagingParkedIncidents1796256000000',
      [
        `CREATE TABLE ${schema}.parked (
           consumer_group       text NOT NULL,
           topic                text NOT NULL,
           -- The record key: the incident id on our event topics.
           incident_key         text NOT NULL,
           -- The first dead letter, <dlq topic>/<partition>/<offset>, as x-parked-behind and npm run dlq name it.
           dead_letter          text NOT NULL,
           source_partition     integer NOT NULL,
           source_offset        bigint NOT NULL,
           reason               text NOT NULL,
           parked_at            timestamptz NOT NULL DEFAULT now(),
           -- Later records of the incident sent to the DLQ behind the first.
           held                 integer NOT NULL DEFAULT 0,
           -- The redrive whose records are let through (x-redrive-id), while it runs.
           release_id           uuid,
           release_started_at   timestamptz,
           -- Records held while that redrive ran: not part of it, so the incident stays parked after it.
           held_during_release  integer NOT NULL DEFAULT 0,
           PRIMARY KEY (consumer_group, topic, incident_key)
         )`,
        `CREATE TABLE ${schema}.dead_letter_decisions (
           position        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
           decided_at      timestamptz NOT NULL DEFAULT now(),
           consumer_group  text NOT NULL,
           dead_letter     text NOT NULL,
           source          text NOT NULL,
           incident_key    text,
           event_id        uuid,
           decision        text NOT NULL CHECK (decision IN ('redriven', 'skipped')),
           redrive_id      uuid,
           actor           text NOT NULL CHECK (actor <> ''),
           reason          text CHECK (decision = 'redriven' OR reason <> '')
         )`,
        `CREATE INDEX dead_letter_decisions_dead_letter_idx ON ${schema}.dead_letter_decisions (consumer_group, dead_letter)`,
        `CREATE UNIQUE INDEX dead_letter_decisions_one_skip ON ${schema}.dead_letter_decisions (consumer_group, dead_letter)
           WHERE decision = 'skipped'`,
        `COMMENT ON TABLE ${schema}.dead_letter_decisions IS
           'Who redrove or skipped which dead letter, when and why (issue 20). Append-only.'`,
        `CREATE FUNCTION ${schema}.dead_letter_decisions_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
           RAISE EXCEPTION 'dead-letter decisions are append-only: % on %.% is refused', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
             USING ERRCODE = 'restrict_violation';
         END
         $$`,
        `CREATE TRIGGER dead_letter_decisions_refuse_update_delete BEFORE UPDATE OR DELETE ON ${schema}.dead_letter_decisions
           FOR EACH ROW EXECUTE FUNCTION ${schema}.dead_letter_decisions_refuse_change()`,
        `CREATE TRIGGER dead_letter_decisions_refuse_truncate BEFORE TRUNCATE ON ${schema}.dead_letter_decisions
           FOR EACH STATEMENT EXECUTE FUNCTION ${schema}.dead_letter_decisions_refuse_change()`,
        `GRANT SELECT, INSERT, UPDATE, DELETE ON ${schema}.parked TO ${role}`,
        `GRANT SELECT, INSERT ON ${schema}.dead_letter_decisions TO ${role}`,
      ],
      [
        `DROP TABLE ${schema}.dead_letter_decisions`,
        `DROP FUNCTION ${schema}.dead_letter_decisions_refuse_change()`,
        `DROP TABLE ${schema}.parked`,
      ],
    ),
  ];
}

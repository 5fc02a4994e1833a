import { quoteIdent, sqlMigration, type MigrationClass, type MigrationContext } from '@rcrp/database';

/**
 * Tables of the outbox relay and the inbox (DESIGN §2), after the event store's migration. The app role may
 * read and advance checkpoints and add inbox rows; it may not delete inbox rows (a redelivery would then take
 * effect twice).
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
  ];
}

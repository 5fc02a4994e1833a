import { quoteIdent } from './sql';

/** Where a service's migrations run: its schema, and the app role that gets the grants (never an owner). */
export interface MigrationContext {
  schema: string;
  appRole: string;
}

/** A plain-SQL migration, run in order by the owner role; `down` undoes `up`. */
export interface SqlMigration {
  /** Unique and sortable, e.g. `20260501-0200-messaging`. */
  name: string;
  up: string[];
  down: string[];
}

/**
 * Tables of the outbox relay and the inbox (DESIGN §2). The app role may read and advance checkpoints and
 * add inbox rows; it may not delete inbox rows (that would let a redelivery take effect twice).
 */
export function messagingMigrations(ctx: MigrationContext): SqlMigration[] {
  const schema = quoteIdent(ctx.schema);
  const role = quoteIdent(ctx.appRole);
  return [
    {
      name: '20260501-0200-messaging-relay-and-inbox',
      up: [
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
      down: [`DROP TABLE ${schema}.inbox`, `DROP TABLE ${schema}.relay_checkpoints`],
    },
  ];
}

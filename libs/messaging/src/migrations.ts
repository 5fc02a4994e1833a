import type { MigrationInterface, QueryRunner } from 'typeorm';
import { quoteIdent } from './sql';

/** Where a service's tables live and which (non-owner) role gets the grants; same shape as @rcrp/event-store's. */
export interface MigrationContext {
  schema: string;
  appRole: string;
}

export type MigrationClass = new () => MigrationInterface;

/** Builds a TypeORM migration class from plain SQL (TypeORM orders migrations by the 13-digit suffix of `name`). */
export function sqlMigration(name: string, up: readonly string[], down: readonly string[]): MigrationClass {
  return class implements MigrationInterface {
    readonly name = name;

    async up(queryRunner: QueryRunner): Promise<void> {
      for (const statement of up) await queryRunner.query(statement);
    }

    async down(queryRunner: QueryRunner): Promise<void> {
      for (const statement of down) await queryRunner.query(statement);
    }
  };
}

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

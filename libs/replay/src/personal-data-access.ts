import type { Pool } from 'pg';
import { quoteIdent } from '@rcrp/messaging';

/** One use of `--include-personal-data`: who, why, when, what. */
export interface PersonalDataAccess {
  actor: string;
  reason: string;
  topics: readonly string[];
  from: Date | null;
  to: Date | null;
}

/**
 * The append-only record of replays that included personal data (DESIGN §5: every read of personal data is
 * recorded). It lives in the schema of the service whose keys decrypted the data. Rows can be inserted and read,
 * never changed or deleted: a trigger refuses UPDATE, DELETE and TRUNCATE even for the owner.
 */
export const ACCESS_LOG_TABLE = 'personal_data_replays';

export async function ensureAccessLog(ownerPool: Pool, schema: string): Promise<void> {
  const table = `${quoteIdent(schema)}.${ACCESS_LOG_TABLE}`;
  const guard = `${quoteIdent(schema)}.${ACCESS_LOG_TABLE}_append_only`;
  const client = await ownerPool.connect();
  try {
    await client.query('BEGIN');
    // Serialises concurrent first runs, which would otherwise race on CREATE.
    await client.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`${schema}.${ACCESS_LOG_TABLE}`]);
    await client.query(`CREATE TABLE IF NOT EXISTS ${table} (
        id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        actor       text NOT NULL CHECK (actor <> ''),
        reason      text NOT NULL CHECK (reason <> ''),
        topics      text[] NOT NULL,
        from_time   timestamptz,
        to_time     timestamptz
      )`);
    await client.query(`CREATE OR REPLACE FUNCTION ${guard}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION '${ACCESS_LOG_TABLE} is append-only'; END $$`);
    await client.query(`DROP TRIGGER IF EXISTS append_only ON ${table}`);
    await client.query(`CREATE TRIGGER append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION ${guard}()`);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** Recorded before the first byte is written: an access that cannot be recorded does not happen. */
export async function recordPersonalDataAccess(ownerPool: Pool, schema: string, access: PersonalDataAccess): Promise<string> {
  await ensureAccessLog(ownerPool, schema);
  const { rows } = await ownerPool.query<{ id: string }>(
    `INSERT INTO ${quoteIdent(schema)}.${ACCESS_LOG_TABLE} (actor, reason, topics, from_time, to_time)
     VALUES ($1, $2, $3, $4, $5) RETURNING id::text`,
    [access.actor, access.reason, access.topics, access.from, access.to],
  );
  return rows[0].id;
}

import { Pool } from 'pg';
import { OWNER_URL, POOL_SIZE, throwAwaySchema } from '../bench-database';
import type { SampleEvent } from '../sample-event';
import type { BenchSubject } from '../subject';

/**
 * The floor: the same event as plain INSERT statements into a bare table (identity position, no constraint but the
 * primary key, no version check, no hash, no encryption, no trigger). A batch is one multi-row INSERT.
 */
export class PlainSqlSubject implements BenchSubject {
  readonly name = 'plainSql' as const;
  private readonly schema = throwAwaySchema('plain');
  private readonly pool = new Pool({ connectionString: OWNER_URL, max: POOL_SIZE });
  private readonly table = `"${this.schema}".events`;

  async setup(): Promise<void> {
    await this.pool.query(`CREATE SCHEMA "${this.schema}"`);
    await this.pool.query(
      `CREATE TABLE ${this.table} (
         position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
         stream_id text NOT NULL, stream_version integer NOT NULL, event_id uuid NOT NULL, type text NOT NULL,
         data jsonb NOT NULL, metadata jsonb NOT NULL)`,
    );
  }

  async append(streamId: string, expectedVersion: number, events: readonly SampleEvent[]): Promise<number> {
    if (events.length === 1) {
      const [event] = events;
      await this.pool.query(
        `INSERT INTO ${this.table} (stream_id, stream_version, event_id, type, data, metadata)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [streamId, expectedVersion + 1, event.eventId, event.type, event.data, metadataOf(event)],
      );
      return expectedVersion + 1;
    }
    await this.pool.query(
      `INSERT INTO ${this.table} (stream_id, stream_version, event_id, type, data, metadata)
       SELECT $1, expected + ordinality, event_id, type, data, metadata
         FROM unnest($3::uuid[], $4::text[], $5::jsonb[], $6::jsonb[]) WITH ORDINALITY AS e(event_id, type, data, metadata),
              (SELECT $2::int AS expected) AS v`,
      [
        streamId,
        expectedVersion,
        events.map((event) => event.eventId),
        events.map((event) => event.type),
        events.map((event) => JSON.stringify(event.data)),
        events.map((event) => JSON.stringify(metadataOf(event))),
      ],
    );
    return expectedVersion + events.length;
  }

  async analyze(): Promise<void> {
    await this.pool.query(`ANALYZE ${this.table}`);
  }

  async readAllFromStart(pageSize: number, limit: number): Promise<number> {
    let after = '0';
    let events = 0;
    while (events < limit) {
      // Order by the column: `position` alone would be the text alias, sorted as text and the whole tail sorted.
      const { rows } = await this.pool.query<{ position: string }>(
        `SELECT position::text AS position, stream_id, stream_version, event_id, type, data, metadata
           FROM ${this.table} WHERE position > $1 ORDER BY ${this.table}.position LIMIT $2`,
        [after, Math.min(pageSize, limit - events)],
      );
      if (rows.length === 0) return events;
      events += rows.length;
      after = rows[rows.length - 1].position;
    }
    return events;
  }

  async versions(): Promise<Record<string, string>> {
    return {};
  }

  async teardown(): Promise<void> {
    await this.pool.query(`DROP SCHEMA IF EXISTS "${this.schema}" CASCADE`);
    await this.pool.end();
  }
}

function metadataOf(event: SampleEvent) {
  const { incidentId, occurredAt, actor, correlationId, causationId, traceparent, subjectRef } = event;
  return { incidentId, occurredAt, actor, correlationId, causationId, traceparent, subjectRef };
}

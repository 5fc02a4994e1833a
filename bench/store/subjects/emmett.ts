import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Pool } from 'pg';
import { dumbo } from '@event-driven-io/dumbo';
import {
  PostgresEventStore,
  getPostgreSQLEventStore,
  readMessagesBatch,
} from '@event-driven-io/emmett-postgresql';
import { OWNER_URL, POOL_SIZE, throwAwaySchema, urlWithSearchPath } from '../bench-database';
import type { SampleEvent } from '../sample-event';
import type { BenchSubject } from '../subject';

/**
 * Emmett's PostgreSQL event store (the library a team would pick instead), in its own schema, with its own
 * schema migration, appending through `appendToStream` with an expected stream version and reading the global
 * feed with `readMessagesBatch` (what its consumers use). Runs in its own process: dumbo replaces pg's global
 * type parsers (int8 -> BigInt, jsonb), which would otherwise change the other subjects' figures.
 */
export class EmmettSubject implements BenchSubject {
  readonly name = 'emmett' as const;
  private readonly schema = throwAwaySchema('emmett');
  private readonly url = urlWithSearchPath(OWNER_URL, this.schema);
  private readonly ownerPool = new Pool({ connectionString: OWNER_URL, max: 1 });
  private readonly pool = new Pool({ connectionString: this.url, max: POOL_SIZE });
  private store!: PostgresEventStore;

  async setup(): Promise<void> {
    await this.ownerPool.query(`CREATE SCHEMA "${this.schema}"`);
    this.store = getPostgreSQLEventStore(this.url, {
      connectionOptions: { connectionString: this.url, pool: this.pool },
      schema: { autoMigration: 'None' },
    });
    await this.store.schema.migrate();
  }

  async append(streamId: string, expectedVersion: number, events: readonly SampleEvent[]): Promise<number> {
    const result = await this.store.appendToStream(
      streamId,
      events.map((event) => ({
        type: event.type,
        data: event.data,
        metadata: {
          messageId: event.eventId,
          incidentId: event.incidentId,
          occurredAt: event.occurredAt,
          actor: event.actor,
          correlationId: event.correlationId,
          causationId: event.causationId,
          traceparent: event.traceparent,
          subjectRef: event.subjectRef,
        },
      })),
      { expectedStreamVersion: BigInt(expectedVersion) },
    );
    return Number(result.nextExpectedStreamVersion);
  }

  async analyze(): Promise<void> {
    await this.pool.query('ANALYZE emt_messages');
  }

  async readAllFromStart(pageSize: number, limit: number): Promise<number> {
    const { execute } = dumbo({ connectionString: this.url, pool: this.pool });
    let after = 0n;
    let events = 0;
    while (events < limit) {
      const batch = await readMessagesBatch(execute, {
        after,
        batchSize: Math.min(pageSize, limit - events),
      });
      events += batch.messages.length;
      if (batch.messages.length === 0) return events;
      after = batch.currentGlobalPosition;
    }
    return events;
  }

  async versions(): Promise<Record<string, string>> {
    // package.json is not in these packages' "exports": find it next to the resolved entry point.
    const version = (name: string) =>
      (
        JSON.parse(readFileSync(resolve(dirname(require.resolve(name)), '..', 'package.json'), 'utf8')) as {
          version: string;
        }
      ).version;
    return {
      '@event-driven-io/emmett-postgresql': version('@event-driven-io/emmett-postgresql'),
      '@event-driven-io/emmett': version('@event-driven-io/emmett'),
    };
  }

  async teardown(): Promise<void> {
    await this.store.close();
    await this.pool.end().catch(() => {});
    await this.ownerPool.query(`DROP SCHEMA IF EXISTS "${this.schema}" CASCADE`);
    await this.ownerPool.end();
  }
}

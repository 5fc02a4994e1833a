import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Pool } from 'pg';
import { runMigrations } from '@rcrp/database';
import { Checkpoint, EventStore, NewEvent } from '@rcrp/event-store';
import { PersonalDataCipher, decodeMasterKey, generateMasterKey } from '@rcrp/personal-data';
import { migrations } from '../../../apps/intake/src/migrations';
import { OWNER_URL, POOL_SIZE, throwAwaySchema } from '../bench-database';
import { PERSONAL_FIELDS, SampleEvent } from '../sample-event';
import type { BenchSubject } from '../subject';

const APP_ROLE = 'rcrp_intake';
const APP_URL =
  process.env.BENCH_DATABASE_URL ?? `postgres://${APP_ROLE}:${APP_ROLE}@127.0.0.1:5432/rcrp_test`;

/**
 * Our event store exactly as intake runs it: intake's migrations (events table with hash chain, immutability and
 * NOTIFY triggers, subject keys), connected as the non-owner app role, personal fields encrypted per subject.
 */
export class OurEventStoreSubject implements BenchSubject {
  readonly name: 'ours' | 'oursClear';
  private readonly schema = throwAwaySchema('ours');
  private readonly ownerPool = new Pool({ connectionString: OWNER_URL, max: 1 });
  private readonly appPool = new Pool({ connectionString: APP_URL, max: POOL_SIZE });
  private store!: EventStore;

  constructor(private readonly options: { encryptPersonalFields: boolean }) {
    this.name = options.encryptPersonalFields ? 'ours' : 'oursClear';
  }

  async setup(): Promise<void> {
    await this.ownerPool.query(`CREATE SCHEMA "${this.schema}"`);
    await runMigrations({
      ownerUrl: OWNER_URL,
      schema: this.schema,
      migrations: migrations({ schema: this.schema, appRole: APP_ROLE }),
      log: () => {},
    });
    const cipher = new PersonalDataCipher({
      pool: this.appPool,
      schema: this.schema,
      masterKey: decodeMasterKey(generateMasterKey()),
    });
    this.store = new EventStore({
      pool: this.appPool,
      schema: this.schema,
      cipher,
      personalFieldsOf: () => (this.options.encryptPersonalFields ? PERSONAL_FIELDS : []),
    });
  }

  async append(streamId: string, expectedVersion: number, events: readonly SampleEvent[]): Promise<number> {
    // SampleEvent is a valid NewEvent; its actor role is a plain string so the peers need not know our role union.
    const result = await this.store.append(
      streamId,
      expectedVersion === 0 ? 'no-stream' : expectedVersion,
      events as readonly NewEvent[],
    );
    return result.nextVersion;
  }

  /** What the outbox relay does: the gap-safe feed, as stored (no decryption). */
  async analyze(): Promise<void> {
    await this.ownerPool.query(`ANALYZE "${this.schema}".events`);
  }

  async readAllFromStart(pageSize: number, limit: number): Promise<number> {
    let checkpoint: Checkpoint | null = null;
    let events = 0;
    while (events < limit) {
      const page = await this.store.readAll(checkpoint, Math.min(pageSize, limit - events));
      if (page.events.length === 0) return events;
      events += page.events.length;
      checkpoint = page.checkpoint;
    }
    return events;
  }

  async versions(): Promise<Record<string, string>> {
    const { version } = JSON.parse(
      readFileSync(resolve(__dirname, '..', '..', '..', 'package.json'), 'utf8'),
    ) as { version: string };
    return { 'rcrp event-store': version };
  }

  async teardown(): Promise<void> {
    await this.appPool.end();
    await this.ownerPool.query(`DROP SCHEMA IF EXISTS "${this.schema}" CASCADE`);
    await this.ownerPool.end();
  }
}

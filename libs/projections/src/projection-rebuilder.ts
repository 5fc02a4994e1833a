import type { Pool, PoolClient } from 'pg';
import type { EventEnvelope } from '@rcrp/events';
import { type AllEventsReader, type GlobalCheckpoint } from '@rcrp/messaging';
import { withTransaction, quoteIdent } from '@rcrp/database';
import type { Projection } from './projection';
import { lockProjectionCheckpoint } from './projection-checkpoints';
import { liveTable, retiredTableName, shadowTableName } from './table-names';

/**
 * Where a rebuild reads from:
 * - `store`: the service's own event store, from the beginning (gap-safe readAll from null);
 * - `events`: any replay of consumed topics, e.g. a Kafka read from earliest with a throw-away consumer
 *   group that never commits the service group's offsets. It must end (stop at the high watermarks).
 */
export type RebuildSource =
  | { kind: 'store'; events: AllEventsReader; decode?: boolean }
  | { kind: 'events'; events: AsyncIterable<EventEnvelope> };

export interface RebuildReport {
  name: string;
  rowsBefore: number;
  rowsAfter: number;
  eventsApplied: number;
  durationMs: number;
}

export interface ProjectionRebuilderOptions {
  /** Owner-role pool: a rebuild creates, renames and drops tables. */
  ownerPool: Pool;
  schema: string;
  /** Granted on the new table, so the services keep writing it after the swap. */
  appRole: string;
  projections: readonly Projection[];
  batchSize?: number;
}

/**
 * Rebuilds a projection without stopping the service (DESIGN §2): builds `<name>__rebuild` from the source
 * while the live table keeps serving, then in one transaction takes the checkpoint row lock (live writers
 * wait), brings the shadow fully up to date and swaps it in by renaming. Readers never see a half-built table.
 */
export class ProjectionRebuilder {
  private readonly batchSize: number;

  constructor(private readonly options: ProjectionRebuilderOptions) {
    this.batchSize = options.batchSize ?? 500;
  }

  async rebuild(name: string, source: RebuildSource): Promise<RebuildReport> {
    const started = Date.now();
    const projection = this.options.projections.find((candidate) => candidate.name === name);
    if (!projection) throw new Error(`unknown projection "${name}"`);
    const { ownerPool, schema } = this.options;
    const shadow = `${quoteIdent(schema)}.${quoteIdent(shadowTableName(name))}`;
    const rowsBefore = await this.countRows(liveTable(schema, name));

    await this.createShadow(projection, shadow, source.kind === 'events');
    let eventsApplied = 0;
    let shadowCheckpoint: GlobalCheckpoint | null = null;
    // Event ids the replay applied, so buffered live events it already covered are not applied twice.
    const replayed = new Set<string>();
    try {
      if (source.kind === 'store') {
        // Built outside the swap lock: the live table keeps serving and being updated meanwhile.
        const progress = await this.feedFromStore(
          projection,
          shadow,
          source.events,
          source.decode ?? true,
          null,
        );
        eventsApplied += progress.applied;
        shadowCheckpoint = progress.checkpoint;
      } else {
        eventsApplied += await this.feedFromEvents(projection, shadow, source.events, replayed);
      }

      eventsApplied += await withTransaction(ownerPool, async (tx) => {
        // Lock order as every live writer: checkpoint row first, then the table.
        await lockProjectionCheckpoint(tx, schema, name);
        let tail = 0;
        if (source.kind === 'store') {
          // Events committed since the bulk build: apply them to the shadow under the lock, so the swapped-in
          // table is exactly as current as the checkpoint we store with it.
          const progress = await this.feedFromStore(
            projection,
            shadow,
            source.events,
            source.decode ?? true,
            shadowCheckpoint,
            tx,
          );
          tail = progress.applied;
          shadowCheckpoint = progress.checkpoint;
          await tx.query(
            `UPDATE ${quoteIdent(schema)}.projection_checkpoints
                SET tx_id = $2::xid8, position = $3::bigint, updated_at = now() WHERE name = $1`,
            [name, shadowCheckpoint?.txId ?? null, shadowCheckpoint?.position ?? null],
          );
        } else {
          tail = await this.applyBuffered(tx, projection, shadow, replayed);
        }
        await this.swap(tx, name);
        return tail;
      });
    } catch (error) {
      await this.abandon(name, shadow);
      throw error;
    }
    const rowsAfter = await this.countRows(liveTable(schema, name));
    return { name, rowsBefore, rowsAfter, eventsApplied, durationMs: Date.now() - started };
  }

  private async createShadow(projection: Projection, shadow: string, dualWrite: boolean): Promise<void> {
    const { schema, appRole, ownerPool } = this.options;
    await withTransaction(ownerPool, async (tx) => {
      await tx.query(`DROP TABLE IF EXISTS ${shadow}`);
      for (const statement of projection.tables(shadow)) await tx.query(statement);
      await tx.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ${shadow} TO ${quoteIdent(appRole)}`);
      await lockProjectionCheckpoint(tx, schema, projection.name);
      // Consumed-topic projections: from this commit on, live applies also buffer their events, so events
      // consumed while the replay runs are not lost at the swap.
      await tx.query(`DELETE FROM ${quoteIdent(schema)}.projection_rebuild_buffer WHERE name = $1`, [
        projection.name,
      ]);
      await tx.query(
        `UPDATE ${quoteIdent(schema)}.projection_checkpoints SET rebuilding_table = $2 WHERE name = $1`,
        [projection.name, dualWrite ? shadowTableName(projection.name) : null],
      );
    });
  }

  private async feedFromStore(
    projection: Projection,
    shadow: string,
    events: AllEventsReader,
    decode: boolean,
    from: GlobalCheckpoint | null,
    tx?: PoolClient,
  ): Promise<{ applied: number; checkpoint: GlobalCheckpoint | null }> {
    let checkpoint = from;
    let applied = 0;
    for (;;) {
      const batch = await events.readAll(checkpoint, this.batchSize, { decode });
      if (batch.events.length === 0 || batch.checkpoint === null) return { applied, checkpoint };
      const write = async (client: PoolClient): Promise<void> => {
        for (const { event } of batch.events) await projection.apply(event, client, shadow);
      };
      if (tx) await write(tx);
      else await withTransaction(this.options.ownerPool, write);
      applied += batch.events.length;
      checkpoint = batch.checkpoint;
    }
  }

  private async feedFromEvents(
    projection: Projection,
    shadow: string,
    events: AsyncIterable<EventEnvelope>,
    replayed: Set<string>,
  ): Promise<number> {
    let applied = 0;
    let pending: EventEnvelope[] = [];
    const flush = async (): Promise<void> => {
      const batch = pending;
      pending = [];
      await withTransaction(this.options.ownerPool, async (tx) => {
        for (const event of batch) await projection.apply(event, tx, shadow);
      });
      applied += batch.length;
    };
    for await (const event of events) {
      replayed.add(event.eventId);
      pending.push(event);
      if (pending.length >= this.batchSize) await flush();
    }
    if (pending.length > 0) await flush();
    return applied;
  }

  /** Applies, under the swap lock, the events consumed live during the replay that the replay did not cover. */
  private async applyBuffered(
    tx: PoolClient,
    projection: Projection,
    shadow: string,
    replayed: Set<string>,
  ): Promise<number> {
    const buffer = `${quoteIdent(this.options.schema)}.projection_rebuild_buffer`;
    const { rows } = await tx.query(`SELECT event FROM ${buffer} WHERE name = $1 ORDER BY seq`, [
      projection.name,
    ]);
    let applied = 0;
    for (const { event } of rows as Array<{ event: EventEnvelope }>) {
      if (replayed.has(event.eventId)) continue;
      await projection.apply(event, tx, shadow);
      replayed.add(event.eventId);
      applied += 1;
    }
    await tx.query(`DELETE FROM ${buffer} WHERE name = $1`, [projection.name]);
    return applied;
  }

  /** Renames in the caller's transaction: live -> retired, shadow -> live, retired dropped. */
  private async swap(tx: PoolClient, name: string): Promise<void> {
    const schema = quoteIdent(this.options.schema);
    const live = liveTable(this.options.schema, name);
    await tx.query(`LOCK TABLE ${live} IN ACCESS EXCLUSIVE MODE`);
    await tx.query(`ALTER TABLE ${live} RENAME TO ${quoteIdent(retiredTableName(name))}`);
    await tx.query(
      `ALTER TABLE ${schema}.${quoteIdent(shadowTableName(name))} RENAME TO ${quoteIdent(name)}`,
    );
    await tx.query(`DROP TABLE ${schema}.${quoteIdent(retiredTableName(name))}`);
    await tx.query(
      `UPDATE ${schema}.projection_checkpoints SET rebuilding_table = NULL, updated_at = now() WHERE name = $1`,
      [name],
    );
  }

  private async abandon(name: string, shadow: string): Promise<void> {
    await withTransaction(this.options.ownerPool, async (tx) => {
      await lockProjectionCheckpoint(tx, this.options.schema, name);
      await tx.query(
        `UPDATE ${quoteIdent(this.options.schema)}.projection_checkpoints SET rebuilding_table = NULL WHERE name = $1`,
        [name],
      );
      await tx.query(
        `DELETE FROM ${quoteIdent(this.options.schema)}.projection_rebuild_buffer WHERE name = $1`,
        [name],
      );
      await tx.query(`DROP TABLE IF EXISTS ${shadow}`);
    }).catch(() => undefined);
  }

  private async countRows(table: string): Promise<number> {
    const { rows } = await this.options.ownerPool.query(`SELECT count(*)::int AS n FROM ${table}`);
    return rows[0].n;
  }
}

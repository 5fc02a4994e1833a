import type { Pool } from 'pg';
import { EventStore } from '@rcrp/event-store';
import { personalFieldsOf, upcast } from '@rcrp/events';
import type { PersonalDataCipher } from '@rcrp/personal-data';
import { ProjectionRebuilder, liveTable, type Projection, type RebuildReport } from '@rcrp/projections';

export interface ProjectionRebuildOptions {
  /** Owner pool of the service's database: the rebuild creates, renames and drops tables. */
  ownerPool: Pool;
  schema: string;
  /** The service's app role, granted on the new table so the running service keeps writing it. */
  appRole: string;
  projection: Projection;
  /** Decrypts personal fields for projections that read them; without it they see ciphertext (events are still upcast). */
  cipher?: PersonalDataCipher;
}

export interface ProjectionRebuildResult {
  report: RebuildReport;
  /** Rows of the old live table not in the new one, and the reverse (whole-row comparison). */
  onlyBefore: number;
  onlyAfter: number;
}

/**
 * Rebuilds a projection from its service's event store into a shadow table and swaps it in while the service
 * keeps serving (libs/projections ProjectionRebuilder). The difference is counted on a snapshot of the live table
 * taken just before, so the report says whether the live read model had drifted from its events.
 */
export async function rebuildProjection(options: ProjectionRebuildOptions): Promise<ProjectionRebuildResult> {
  const { ownerPool, schema, projection } = options;
  const live = liveTable(schema, projection.name);
  const snapshot = `replay_before_${process.pid}_${Date.now()}`;
  // A temporary table lives in this one session, so the snapshot and the comparison share a connection.
  const session = await ownerPool.connect();
  try {
    await session.query(`CREATE TEMPORARY TABLE ${snapshot} AS TABLE ${live}`);
    const store = new EventStore({
      pool: ownerPool,
      schema,
      personalFieldsOf,
      cipher: options.cipher,
      upcast,
    });
    const rebuilder = new ProjectionRebuilder({
      ownerPool,
      schema,
      appRole: options.appRole,
      projections: [projection],
    });
    const report = await rebuilder.rebuild(projection.name, { kind: 'store', events: store, decode: true });
    const { rows } = await session.query<{ only_before: number; only_after: number }>(
      `SELECT (SELECT count(*)::int FROM (SELECT * FROM ${snapshot} EXCEPT ALL SELECT * FROM ${live}) d) AS only_before,
              (SELECT count(*)::int FROM (SELECT * FROM ${live} EXCEPT ALL SELECT * FROM ${snapshot}) d) AS only_after`,
    );
    await session.query(`DROP TABLE ${snapshot}`);
    return { report, onlyBefore: rows[0].only_before, onlyAfter: rows[0].only_after };
  } finally {
    session.release();
  }
}

export function formatRebuild(
  service: string,
  { report, onlyBefore, onlyAfter }: ProjectionRebuildResult,
): string {
  const same = onlyBefore === 0 && onlyAfter === 0;
  return (
    `projection ${service}.${report.name} rebuilt from ${report.eventsApplied} events in ${(report.durationMs / 1000).toFixed(1)} s\n` +
    `  rows before: ${report.rowsBefore}, rows after: ${report.rowsAfter}\n` +
    `  ${same ? 'no difference: the live read model matched its events' : `DIFFERENCE: ${onlyBefore} rows only in the old table, ${onlyAfter} only in the rebuilt one`}\n`
  );
}

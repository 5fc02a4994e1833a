import { upcast, type EventEnvelope, type OutcomeEvent } from '@rcrp/events';
import type { Projection } from '@rcrp/projections';
import type { PoolClient } from 'pg';
import { CaseFacts, detentionColumnsOf, evolveCaseFacts, initialCaseFacts } from './case-facts';

/**
 * One row per outcome stream, from this service's own store: the folded `CaseFacts` (statistics read them) and
 * the detention clock columns. This table is the durable scheduler's work list (`deadline`, notices given) and
 * the source of `GET /detentions/active`. Rebuildable from the store; guarded by stream version, so an event
 * applied twice changes nothing.
 */
export const outcomeCasesProjection: Projection = {
  name: 'outcome_cases',
  tables: (table) => [
    `CREATE TABLE ${table} (
       incident_id           uuid PRIMARY KEY,
       version               integer NOT NULL,
       facts                 jsonb NOT NULL,
       detention_status      text,
       detained_at           timestamptz,
       place_of_safety_kind  text,
       clock_started_at      timestamptz,
       deadline              timestamptz,
       extended              boolean NOT NULL DEFAULT false,
       approaching_noticed   boolean NOT NULL DEFAULT false,
       exceeded_noticed      boolean NOT NULL DEFAULT false,
       closed                boolean NOT NULL DEFAULT false
     )`,
    // The scheduler's and the active list's query: active detentions by deadline.
    `CREATE INDEX ON ${table} (deadline) WHERE detention_status = 'active'`,
  ],
  async apply(event: EventEnvelope, tx: PoolClient, table: string): Promise<void> {
    if (!event.streamId.startsWith('outcome-')) return;
    const { rows } = await tx.query<{ version: number; facts: CaseFacts }>(
      `SELECT version, facts FROM ${table} WHERE incident_id = $1 FOR UPDATE`,
      [event.incidentId],
    );
    const current = rows[0];
    if (current && current.version >= event.streamVersion) return;
    const base =
      current && !Array.isArray(current.facts.outcome?.recorded)
        ? await refoldedFromStore(tx, table, event)
        : (current?.facts ?? initialCaseFacts());
    const facts = evolveCaseFacts(base, {
      type: event.type,
      data: event.data,
    } as OutcomeEvent);
    const columns = detentionColumnsOf(facts);
    await tx.query(
      `INSERT INTO ${table} AS t (incident_id, version, facts, detention_status, detained_at, place_of_safety_kind,
                                  clock_started_at, deadline, extended, approaching_noticed, exceeded_noticed, closed)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (incident_id) DO UPDATE SET
         version = EXCLUDED.version, facts = EXCLUDED.facts, detention_status = EXCLUDED.detention_status,
         detained_at = EXCLUDED.detained_at, place_of_safety_kind = EXCLUDED.place_of_safety_kind,
         clock_started_at = EXCLUDED.clock_started_at, deadline = EXCLUDED.deadline, extended = EXCLUDED.extended,
         approaching_noticed = EXCLUDED.approaching_noticed, exceeded_noticed = EXCLUDED.exceeded_noticed,
         closed = EXCLUDED.closed`,
      [
        event.incidentId,
        event.streamVersion,
        JSON.stringify(facts),
        columns.detentionStatus,
        columns.detainedAt,
        columns.placeOfSafetyKind,
        columns.clockStartedAt,
        columns.deadline,
        columns.extended,
        columns.approachingNoticed,
        columns.exceededNoticed,
        columns.closed,
      ],
    );
  },
};

/**
 * Facts folded before issue 14 kept no recorded facts, so the `at`-ordered state cannot continue from them: the
 * stream's earlier events are read from this service's own store (same schema) and folded again. Personal fields
 * are still encrypted there, which is fine: the folded state keeps none of them.
 */
async function refoldedFromStore(tx: PoolClient, table: string, event: EventEnvelope): Promise<CaseFacts> {
  const schema = table.slice(0, table.indexOf('.'));
  const { rows } = await tx.query<{ type: string; schema_version: number; data: unknown }>(
    `SELECT type, schema_version, data FROM ${schema}.events
      WHERE stream_id = $1 AND stream_version < $2 ORDER BY stream_version`,
    [event.streamId, event.streamVersion],
  );
  return rows
    .map((row) => upcast({ type: row.type, schemaVersion: row.schema_version, data: row.data }))
    .reduce(
      (facts, stored) => evolveCaseFacts(facts, { type: stored.type, data: stored.data } as OutcomeEvent),
      initialCaseFacts(),
    );
}

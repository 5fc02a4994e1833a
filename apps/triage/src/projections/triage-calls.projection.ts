import type { AnyEventEnvelope, EventEnvelope } from '@rcrp/events';
import type { Projection } from '@rcrp/projections';
import type { PoolClient } from 'pg';

/**
 * One row per call (per incident): where it stands and when each step happened. Feeds the live queue
 * (`status = 'queued'`) and the time-to-answer / time-to-advice metrics. No personal data: clinical free text
 * (risk factors, rationale, notes) stays in the encrypted events. Rebuildable from the triage streams
 * (`npm run replay -- --projection triage.triage_calls`).
 *
 * Every update is guarded by the stream version, so applying an event twice, or an older one late, changes nothing.
 */
export const triageCallsProjection: Projection = {
  name: 'triage_calls',
  // The live queue: if it cannot advance, new calls never reach a clinician, so readiness says so.
  critical: true,
  tables: (table) => [
    `CREATE TABLE ${table} (
       incident_id          uuid PRIMARY KEY,
       status               text NOT NULL,
       priority             integer NOT NULL,
       presenting_concerns  text[] NOT NULL,
       queued_at            timestamptz NOT NULL,
       answered_at          timestamptz,
       clinician_id         text,
       profession           text,
       risk_level           text,
       advice_count         integer NOT NULL DEFAULT 0,
       first_advice_at      timestamptz,
       ended_at             timestamptz,
       version              integer NOT NULL,
       officer_id           text,
       force                text,
       borough              text,
       category             text,
       location_kind        text,
       source_system        text,
       external_ref         text
     )`,
    // The queue: most urgent first, then longest waiting; only waiting calls are indexed.
    `CREATE INDEX ON ${table} (priority DESC, queued_at ASC, incident_id ASC) WHERE status = 'queued'`,
    // Metrics select the calls queued in a window.
    `CREATE INDEX ON ${table} (queued_at)`,
  ],
  async apply(event: EventEnvelope, tx: PoolClient, table: string): Promise<void> {
    const typed = event as AnyEventEnvelope;
    const update = (assignments: string, values: unknown[]) =>
      tx.query(`UPDATE ${table} SET ${assignments}, version = $2 WHERE incident_id = $1 AND version < $2`, [
        typed.incidentId,
        typed.streamVersion,
        ...values,
      ]);
    switch (typed.type) {
      case 'CallQueued':
        await tx.query(
          `INSERT INTO ${table} (incident_id, status, priority, presenting_concerns, queued_at, version,
                                 officer_id, force, borough, category, location_kind, source_system, external_ref)
           VALUES ($1, 'queued', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
           ON CONFLICT (incident_id) DO NOTHING`,
          [
            typed.incidentId,
            typed.data.priority,
            typed.data.presentingConcerns,
            typed.data.queuedAt,
            typed.streamVersion,
            typed.data.officerId,
            typed.data.force,
            typed.data.borough,
            typed.data.category,
            typed.data.locationKind,
            typed.data.sourceSystem,
            typed.data.externalRef,
          ],
        );
        return;
      case 'CallQueueUpdated':
        await update(`priority = $3, presenting_concerns = $4`, [
          typed.data.priority,
          typed.data.presentingConcerns,
        ]);
        return;
      case 'CallAnswered':
        await update(`status = 'answered', answered_at = $3, clinician_id = $4, profession = $5`, [
          typed.data.answeredAt,
          typed.data.clinicianId,
          typed.data.profession,
        ]);
        return;
      case 'RiskAssessed':
        await update(`risk_level = $3`, [typed.data.level]);
        return;
      case 'AdviceGiven':
        await update(`advice_count = advice_count + 1, first_advice_at = COALESCE(first_advice_at, $3)`, [
          typed.data.givenAt,
        ]);
        return;
      case 'TriageClosed':
        await update(`status = 'closed', ended_at = $3`, [typed.data.closedAt]);
        return;
      case 'CallAbandoned':
        await update(`status = 'abandoned', ended_at = $3`, [typed.data.abandonedAt]);
        return;
      case 'CallWithdrawn':
        await update(`status = 'withdrawn', ended_at = $3`, [typed.data.withdrawnAt]);
        return;
      case 'RecordsChecked':
        // Nothing the queue or the metrics show, but the version still moves on.
        await update(`status = status`, []);
        return;
      default:
        return;
    }
  },
};

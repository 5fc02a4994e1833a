import type { AnyEventEnvelope, EventEnvelope } from '@rcrp/events';
import { ageBandOf } from '@rcrp/personal-data';
import type { Projection } from '@rcrp/projections';
import type { PoolClient } from 'pg';

/**
 * The list of incidents behind `GET /incidents` (no personal data: status, category, times, location kind, age
 * band). Rebuildable from the incident streams (`npm run replay -- --projection intake.incident_list`).
 */
export const incidentListProjection: Projection = {
  name: 'incident_list',
  tables: (table) => [
    `CREATE TABLE ${table} (
       incident_id    uuid PRIMARY KEY,
       status         text NOT NULL,
       category       text NOT NULL,
       reported_at    timestamptz NOT NULL,
       recorded_at    timestamptz NOT NULL,
       location_kind  text NOT NULL,
       age_band       text NOT NULL,
       source_system  text,
       version        integer NOT NULL,
       external_ref   text,
       officer_id     text,
       borough        text
     )`,
    // Keyset pagination: newest reports first, incident id as the tie-breaker.
    `CREATE INDEX ON ${table} (reported_at DESC, incident_id DESC)`,
    `CREATE INDEX ON ${table} (external_ref) WHERE external_ref IS NOT NULL`,
    `CREATE INDEX ON ${table} (officer_id, reported_at DESC)`,
  ],
  async apply(event: EventEnvelope, tx: PoolClient, table: string): Promise<void> {
    const typed = event as AnyEventEnvelope;
    switch (typed.type) {
      case 'IncidentReported': {
        const data = typed.data;
        await tx.query(
          `INSERT INTO ${table} (incident_id, status, category, reported_at, recorded_at, location_kind, age_band,
                                 source_system, version, external_ref, officer_id, borough)
           VALUES ($1, 'reported', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
           ON CONFLICT (incident_id) DO NOTHING`,
          [
            data.incidentId,
            data.category,
            data.reportedAt,
            typed.recordedAt,
            data.location.kind,
            ageBandOf(data.subject.ageYears),
            data.source?.system ?? null,
            typed.streamVersion,
            data.source?.externalRef ?? null,
            data.officer.id,
            data.location.borough || null,
          ],
        );
        return;
      }
      case 'IncidentDetailsAmended': {
        const changes = typed.data.changes;
        const ageChanged = changes.subject?.ageYears !== undefined && changes.subject?.ageYears !== null;
        await tx.query(
          `UPDATE ${table}
              SET category = COALESCE($2, category),
                  location_kind = COALESCE($3, location_kind),
                  age_band = CASE WHEN $4::boolean THEN $5 ELSE age_band END,
                  version = $6,
                  borough = CASE WHEN $7::boolean THEN $8 ELSE borough END
            WHERE incident_id = $1 AND version < $6`,
          [
            typed.incidentId,
            changes.category ?? null,
            changes.location?.kind ?? null,
            ageChanged,
            ageBandOf(changes.subject?.ageYears),
            typed.streamVersion,
            changes.location !== undefined && changes.location !== null && 'borough' in changes.location,
            changes.location?.borough || null,
          ],
        );
        return;
      }
      case 'IncidentWithdrawn':
        await tx.query(
          `UPDATE ${table} SET status = 'withdrawn', version = $2 WHERE incident_id = $1 AND version < $2`,
          [typed.incidentId, typed.streamVersion],
        );
        return;
      default:
        return;
    }
  },
};

import type { EventEnvelope } from '@rcrp/events';
import type { Projection } from '@rcrp/projections';
import type { PoolClient } from 'pg';

/**
 * Intake's and triage's events of each incident, exactly as they arrived (their personal fields are ciphertext
 * under the other service's keys), for `GET /cases/:incidentId/timeline`. The outcome stream itself is read from
 * this service's own store. Idempotent by event id, so a redelivery or a rebuild replay adds nothing twice.
 */
export const caseTimelineProjection: Projection = {
  name: 'case_timeline',
  tables: (table) => [
    `CREATE TABLE ${table} (
       event_id        uuid PRIMARY KEY,
       incident_id     uuid NOT NULL,
       stream_id       text NOT NULL,
       stream_version  integer NOT NULL,
       recorded_at     timestamptz NOT NULL,
       envelope        jsonb NOT NULL
     )`,
    `CREATE INDEX ON ${table} (incident_id, stream_id, stream_version)`,
  ],
  async apply(event: EventEnvelope, tx: PoolClient, table: string): Promise<void> {
    // Only incident and triage streams belong to a case (a subject stream, e.g. an erasure, is not an incident's).
    if (!/^(incident|triage)-/.test(event.streamId)) return;
    await tx.query(
      `INSERT INTO ${table} (event_id, incident_id, stream_id, stream_version, recorded_at, envelope)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (event_id) DO NOTHING`,
      [
        event.eventId,
        event.incidentId,
        event.streamId,
        event.streamVersion,
        event.recordedAt,
        JSON.stringify(event),
      ],
    );
  },
};

import type { AnyEventEnvelope, EventEnvelope } from '@rcrp/events';
import type { Projection } from '@rcrp/projections';
import type { PoolClient } from 'pg';

/**
 * One row per piece of advice (advice is repeatable), for "advice by recommendation". The rationale is personal
 * free text and is not copied here. Rebuildable from the triage streams.
 */
export const triageAdviceProjection: Projection = {
  name: 'triage_advice',
  tables: (table) => [
    `CREATE TABLE ${table} (
       event_id        uuid PRIMARY KEY,
       incident_id     uuid NOT NULL,
       given_at        timestamptz NOT NULL,
       clinician_id    text NOT NULL,
       profession      text NOT NULL,
       recommendation  text NOT NULL
     )`,
    `CREATE INDEX ON ${table} (incident_id)`,
  ],
  async apply(event: EventEnvelope, tx: PoolClient, table: string): Promise<void> {
    const typed = event as AnyEventEnvelope;
    if (typed.type !== 'AdviceGiven') return;
    await tx.query(
      `INSERT INTO ${table} (event_id, incident_id, given_at, clinician_id, profession, recommendation)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (event_id) DO NOTHING`,
      [
        typed.eventId,
        typed.incidentId,
        typed.data.givenAt,
        // Readers repair a stored `clinicianId: null` to the actor (libs/events historic-repairs.ts); this also holds
        // for an event handed over unrepaired (`decode: false`), so the NOT NULL column never stalls the read model.
        typed.data.clinicianId ?? typed.actor.id,
        typed.data.profession,
        typed.data.recommendation,
      ],
    );
  },
};

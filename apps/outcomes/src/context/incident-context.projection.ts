import type { AnyEventEnvelope, EventEnvelope } from '@rcrp/events';
import type { Projection } from '@rcrp/projections';
import type { PoolClient } from 'pg';

/**
 * What outcomes knows of each incident from intake and triage (issue 7): the facts the outcome decider needs
 * (location kind, the subject's age, every piece of advice with clinician, profession, time and event id), the
 * subject reference whose key encrypts outcome events' personal fields, and the non-personal facts statistics
 * break down by (report time, category, sex, officer-perceived ethnicity).
 *
 * Fed from two topics with no order between them: a triage event may arrive before the incident's report, so
 * every event upserts the row; intake changes are guarded by the intake stream version, advice by its event id.
 * Rebuildable by replaying both topics.
 */
export const incidentContextProjection: Projection = {
  name: 'incident_context',
  tables: (table) => [
    `CREATE TABLE ${table} (
       incident_id        uuid PRIMARY KEY,
       intake_version     integer NOT NULL DEFAULT 0,
       subject_ref        text,
       reported_at        timestamptz,
       category           text,
       location_kind      text,
       subject_age_years  integer,
       sex                text,
       ethnicity          text,
       withdrawn          boolean NOT NULL DEFAULT false,
       -- [{ eventId, clinicianId, profession, givenAt, recommendation }] in arrival order
       advice             jsonb NOT NULL DEFAULT '[]'::jsonb
     )`,
    `CREATE INDEX ON ${table} (reported_at)`,
  ],
  async apply(event: EventEnvelope, tx: PoolClient, table: string): Promise<void> {
    const typed = event as AnyEventEnvelope;
    switch (typed.type) {
      case 'IncidentReported': {
        const { data } = typed;
        await tx.query(
          `INSERT INTO ${table} AS t
             (incident_id, intake_version, subject_ref, reported_at, category, location_kind, subject_age_years, sex, ethnicity)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
           ON CONFLICT (incident_id) DO UPDATE
             SET intake_version = EXCLUDED.intake_version, subject_ref = EXCLUDED.subject_ref,
                 reported_at = EXCLUDED.reported_at, category = EXCLUDED.category,
                 location_kind = EXCLUDED.location_kind, subject_age_years = EXCLUDED.subject_age_years,
                 sex = EXCLUDED.sex, ethnicity = EXCLUDED.ethnicity
           WHERE t.intake_version < EXCLUDED.intake_version`,
          [
            data.incidentId,
            typed.streamVersion,
            data.subject.ref,
            data.reportedAt,
            data.category,
            data.location.kind,
            data.subject.ageYears ?? null,
            data.subject.sex ?? null,
            data.subject.ethnicity ?? null,
          ],
        );
        return;
      }
      case 'IncidentDetailsAmended': {
        const { changes } = typed.data;
        const subject = changes.subject ?? {};
        // Only the fields present in the amendment change (null in an amendment means "not changed", as in intake).
        await tx.query(
          `UPDATE ${table}
              SET intake_version = $2,
                  category = COALESCE($3, category),
                  location_kind = COALESCE($4, location_kind),
                  subject_age_years = COALESCE($5, subject_age_years),
                  sex = COALESCE($6, sex),
                  ethnicity = COALESCE($7, ethnicity)
            WHERE incident_id = $1 AND intake_version < $2`,
          [
            typed.incidentId,
            typed.streamVersion,
            changes.category ?? null,
            changes.location?.kind ?? null,
            subject.ageYears ?? null,
            subject.sex ?? null,
            subject.ethnicity ?? null,
          ],
        );
        return;
      }
      case 'IncidentWithdrawn':
        await tx.query(
          `UPDATE ${table} SET withdrawn = true, intake_version = $2 WHERE incident_id = $1 AND intake_version < $2`,
          [typed.incidentId, typed.streamVersion],
        );
        return;
      case 'AdviceGiven': {
        const { data } = typed;
        const advice = {
          eventId: typed.eventId,
          clinicianId: data.clinicianId,
          profession: data.profession,
          givenAt: data.givenAt,
          recommendation: data.recommendation,
        };
        await tx.query(
          `INSERT INTO ${table} AS t (incident_id, advice) VALUES ($1, jsonb_build_array($2::jsonb))
           ON CONFLICT (incident_id) DO UPDATE SET advice = t.advice || EXCLUDED.advice
           WHERE NOT t.advice @> jsonb_build_array(jsonb_build_object('eventId', $3::text))`,
          [typed.incidentId, JSON.stringify(advice), typed.eventId],
        );
        return;
      }
      default:
        return;
    }
  },
};

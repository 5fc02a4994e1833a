import { Inject, Injectable } from '@nestjs/common';
import type { AdviceFact, IncidentContext } from '@rcrp/domain';
import type { LocationKind, Recommendation } from '@rcrp/events';
import { DATABASE_POOL } from '@rcrp/database';
import type { Pool } from 'pg';
import { incidentContextProjection } from './incident-context.projection';

export interface KnownAdvice extends AdviceFact {
  recommendation: Recommendation;
}

/** An incident as outcomes knows it from intake and triage, once intake's report has arrived. */
export interface KnownIncident {
  incidentId: string;
  subjectRef: string;
  reportedAt: string;
  withdrawn: boolean;
  /** What the outcome decider's `Detain` needs. */
  context: IncidentContext & { advice: readonly KnownAdvice[] };
}

interface ContextRow {
  incident_id: string;
  subject_ref: string | null;
  reported_at: Date | null;
  location_kind: LocationKind | null;
  subject_age_years: number | null;
  withdrawn: boolean;
  advice: KnownAdvice[];
}

/** Reads the incident-context projection; the write path builds `IncidentContext` from it. */
@Injectable()
export class IncidentContextReader {
  constructor(@Inject(DATABASE_POOL) private readonly pool: Pool) {}

  /** Null until intake's report of the incident has been consumed (advice alone does not make an incident). */
  async find(incidentId: string): Promise<KnownIncident | null> {
    const { rows } = await this.pool.query<ContextRow>(
      `SELECT incident_id, subject_ref, reported_at, location_kind, subject_age_years, withdrawn, advice
         FROM ${incidentContextProjection.name} WHERE incident_id = $1`,
      [incidentId],
    );
    const row = rows[0];
    if (!row || row.subject_ref === null || row.location_kind === null || row.reported_at === null)
      return null;
    return {
      incidentId: row.incident_id,
      subjectRef: row.subject_ref,
      reportedAt: row.reported_at.toISOString(),
      withdrawn: row.withdrawn,
      context: {
        locationKind: row.location_kind,
        subjectAgeYears: row.subject_age_years,
        advice: row.advice,
      },
    };
  }
}

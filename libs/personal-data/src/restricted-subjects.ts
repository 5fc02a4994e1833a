import type { Pool, PoolClient } from 'pg';

type Queryable = Pick<Pool | PoolClient, 'query'>;

export interface SubjectRestriction {
  subjectRef: string;
  incidentId: string;
  reason: string;
  restrictedAt: Date;
}

/**
 * Restriction of processing (UK GDPR Art. 18, issue 11), per service schema: while a subject is listed here, reads of
 * their personal fields are refused except to an operator who states a reason. Keyed by subject, and also looked up
 * by incident, because a read route knows the incident before it knows whose data it will return (a subject belongs
 * to exactly one incident). `incident_id` is text so an id that is not a UUID simply matches nothing.
 * Every call takes the caller's client, so the row changes in the same transaction as the event that caused it.
 */
export class RestrictedSubjects {
  private readonly table: string;

  constructor(schema: string) {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
      throw new Error(`schema must be a lower-case SQL identifier, got "${schema}"`);
    this.table = `"${schema}".restricted_subjects`;
  }

  /** Idempotent: a repeated restriction keeps the first one's reason and time. */
  async restrict(
    db: Queryable,
    restriction: { subjectRef: string; incidentId: string; reason: string },
  ): Promise<void> {
    await db.query(
      `INSERT INTO ${this.table} (subject_ref, incident_id, reason) VALUES ($1, $2, $3)
       ON CONFLICT (subject_ref) DO NOTHING`,
      [restriction.subjectRef, restriction.incidentId, restriction.reason],
    );
  }

  /** Idempotent: lifting what is not restricted changes nothing. */
  async lift(db: Queryable, subjectRef: string): Promise<void> {
    await db.query(`DELETE FROM ${this.table} WHERE subject_ref = $1`, [subjectRef]);
  }

  async ofIncident(db: Queryable, incidentId: string): Promise<SubjectRestriction[]> {
    const { rows } = await db.query<{
      subject_ref: string;
      incident_id: string;
      reason: string;
      restricted_at: Date;
    }>(
      `SELECT subject_ref, incident_id, reason, restricted_at FROM ${this.table} WHERE incident_id = $1 ORDER BY subject_ref`,
      [incidentId],
    );
    return rows.map((row) => ({
      subjectRef: row.subject_ref,
      incidentId: row.incident_id,
      reason: row.reason,
      restrictedAt: row.restricted_at,
    }));
  }

  async isRestricted(db: Queryable, subjectRef: string): Promise<boolean> {
    const { rowCount } = await db.query(`SELECT 1 FROM ${this.table} WHERE subject_ref = $1`, [subjectRef]);
    return rowCount === 1;
  }
}

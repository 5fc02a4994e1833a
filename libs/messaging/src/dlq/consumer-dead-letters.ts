import type { Pool } from 'pg';
import { quoteIdent } from '@rcrp/database';
import { parkedIncidentOf, type ParkedIncident } from '../consumer/parking';

export type DeadLetterDecisionKind = 'redriven' | 'skipped';

/** One row of `<schema>.dead_letter_decisions`: who redrove or skipped which dead letter, when and why. */
export interface DeadLetterDecision {
  deadLetter: string;
  /** `<topic>/<partition>/<offset>` the dead letter came from. */
  source: string;
  incidentKey: string | null;
  eventId: string | null;
  decision: DeadLetterDecisionKind;
  redriveId: string | null;
  actor: string;
  reason: string | null;
  decidedAt?: Date;
}

/** Parked incidents a redrive found: released by it, taken over from a redrive that stopped, or left running. */
export interface ReleaseStart {
  started: ParkedIncident[];
  takenOver: ParkedIncident[];
  running: ParkedIncident[];
}

/**
 * One consumer group's dead-letter state in its service's schema, as the operators' tool (`npm run dlq`) reads and
 * changes it: the parked incidents, the decisions, and the inbox row a skip writes. The consumer itself parks and
 * holds (IncidentParking); the tool only starts releases, unparks incidents with nothing left behind them, and
 * records decisions.
 */
export class ConsumerDeadLetters {
  private readonly schema: string;

  constructor(
    private readonly pool: Pool,
    schema: string,
    readonly consumerGroup: string,
  ) {
    this.schema = quoteIdent(schema);
  }

  async parked(topic?: string): Promise<ParkedIncident[]> {
    const { rows } = await this.pool.query(
      `SELECT * FROM ${this.schema}.parked WHERE consumer_group = $1 AND ($2::text IS NULL OR topic = $2)
        ORDER BY parked_at`,
      [this.consumerGroup, topic ?? null],
    );
    return rows.map(parkedIncidentOf);
  }

  async decisions(): Promise<DeadLetterDecision[]> {
    const { rows } = await this.pool.query(
      `SELECT dead_letter, source, incident_key, event_id, decision, redrive_id, actor, reason, decided_at
         FROM ${this.schema}.dead_letter_decisions WHERE consumer_group = $1 ORDER BY position`,
      [this.consumerGroup],
    );
    return rows.map((row) => ({
      deadLetter: row.dead_letter,
      source: row.source,
      incidentKey: row.incident_key,
      eventId: row.event_id,
      decision: row.decision,
      redriveId: row.redrive_id,
      actor: row.actor,
      reason: row.reason,
      decidedAt: row.decided_at,
    }));
  }

  /**
   * Marks the chosen parked incidents of `topic` as released by `releaseId`, before its records are published, so the
   * consumer lets exactly those through. An incident another redrive is releasing is left to it, unless that redrive
   * started more than `staleAfterMs` ago (it stopped before its last record was published): then it is taken over.
   */
  async beginRelease(
    topic: string,
    keys: readonly string[] | 'all',
    releaseId: string,
    staleAfterMs: number,
  ): Promise<ReleaseStart> {
    const all = keys === 'all';
    const { rows } = await this.pool.query(
      `WITH chosen AS (
         SELECT incident_key, release_id AS previous FROM ${this.schema}.parked
          WHERE consumer_group = $1 AND topic = $2 AND ($3 OR incident_key = ANY($4::text[]))
            AND (release_id IS NULL OR release_started_at < now() - make_interval(secs => $6::double precision / 1000))
          FOR UPDATE
       )
       UPDATE ${this.schema}.parked p
          SET release_id = $5, release_started_at = now(), held_during_release = 0
         FROM chosen
        WHERE p.consumer_group = $1 AND p.topic = $2 AND p.incident_key = chosen.incident_key
       RETURNING p.*, chosen.previous`,
      [this.consumerGroup, topic, all, all ? [] : keys, releaseId, staleAfterMs],
    );
    const started = rows.filter((row) => row.previous === null).map(parkedIncidentOf);
    const takenOver = rows.filter((row) => row.previous !== null).map(parkedIncidentOf);
    const mine = new Set(rows.map((row) => row.incident_key as string));
    const running = (await this.parked(topic)).filter(
      (incident) =>
        !mine.has(incident.incidentKey) &&
        incident.releaseId !== null &&
        (keys === 'all' || keys.includes(incident.incidentKey)),
    );
    return { started, takenOver, running };
  }

  /** Unparks an incident of `releaseId` that has nothing left behind its dead letters (all skipped or redriven). */
  async unpark(topic: string, key: string, releaseId: string): Promise<boolean> {
    const result = await this.pool.query(
      `DELETE FROM ${this.schema}.parked
        WHERE consumer_group = $1 AND topic = $2 AND incident_key = $3 AND release_id = $4`,
      [this.consumerGroup, topic, key, releaseId],
    );
    return result.rowCount === 1;
  }

  /** Records a decision; a second skip of the same dead letter is a no-op (returns false). */
  async record(decision: DeadLetterDecision): Promise<boolean> {
    const result = await this.pool.query(
      `INSERT INTO ${this.schema}.dead_letter_decisions
         (consumer_group, dead_letter, source, incident_key, event_id, decision, redrive_id, actor, reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (consumer_group, dead_letter) WHERE decision = 'skipped' DO NOTHING`,
      [
        this.consumerGroup,
        decision.deadLetter,
        decision.source,
        decision.incidentKey,
        decision.eventId,
        decision.decision,
        decision.redriveId,
        decision.actor,
        decision.reason,
      ],
    );
    return result.rowCount === 1;
  }

  /**
   * A skipped event counts as processed with no effect: its inbox row means a redelivery of it (the relay publishes
   * at least once) is a duplicate, not a new dead letter that parks the incident again.
   */
  async markProcessed(
    eventId: string,
    source: { topic: string; partition: number; offset: string },
  ): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${this.schema}.inbox (event_id, topic, partition, "offset", processed_at, dedupe_key)
       VALUES ($1, $2, $3, $4, now(), NULL) ON CONFLICT (event_id) DO NOTHING`,
      [eventId, source.topic, source.partition, source.offset],
    );
  }
}

import type { Pool, PoolClient } from 'pg';
import { quoteIdent } from '@rcrp/database';

/** A dead letter's place, `<dlq topic>/<partition>/<offset>`: what x-parked-behind, list and show name. */
export function deadLetterPosition(topic: string, partition: number, offset: string): string {
  return `${topic}/${partition}/${offset}`;
}

/** An incident a consumer holds back on one topic: the row of `<schema>.parked`. */
export interface ParkedIncident {
  consumerGroup: string;
  topic: string;
  incidentKey: string;
  /** The first dead letter, `<dlq topic>/<partition>/<offset>`. */
  deadLetter: string;
  sourcePartition: number;
  sourceOffset: string;
  reason: string;
  parkedAt: Date;
  /** Later records sent to the DLQ behind the first. */
  held: number;
  /** The redrive whose records pass (their x-redrive-id), while it runs. */
  releaseId: string | null;
  releaseStartedAt: Date | null;
  heldDuringRelease: number;
}

interface ParkedRow {
  consumer_group: string;
  topic: string;
  incident_key: string;
  dead_letter: string;
  source_partition: number;
  source_offset: string;
  reason: string;
  parked_at: Date;
  held: number;
  release_id: string | null;
  release_started_at: Date | null;
  held_during_release: number;
}

export function parkedIncidentOf(row: ParkedRow): ParkedIncident {
  return {
    consumerGroup: row.consumer_group,
    topic: row.topic,
    incidentKey: row.incident_key,
    deadLetter: row.dead_letter,
    sourcePartition: row.source_partition,
    sourceOffset: String(row.source_offset),
    reason: row.reason,
    parkedAt: row.parked_at,
    held: row.held,
    releaseId: row.release_id,
    releaseStartedAt: row.release_started_at,
    heldDuringRelease: row.held_during_release,
  };
}

/** Why a finished release left the incident parked: records of it came in live while the redrive ran. */
export const HELD_DURING_RELEASE_REASON =
  'records of this incident arrived while a redrive ran and are held behind it: redrive again';

/**
 * One consumer group's parked incidents (issue 20, Axon's sequenced dead-letter queue): once a record of an internal
 * topic is dead-lettered, every later record of the same key (the incident) on that topic waits in the DLQ behind it,
 * so no consumer applies an incident's events out of order or with a gap. Kafka orders records per partition, so
 * the sequence is the topic's: records of the incident on another topic were never ordered against these. Only the
 * instance that owns the partition parks or holds its keys; operators release them (`npm run dlq`), which sets
 * `release_id` before publishing the redriven records, and the last of them unparks the incident in its own
 * effect's transaction.
 */
export class IncidentParking {
  private readonly table: string;

  constructor(
    private readonly pool: Pool,
    schema: string,
    private readonly consumerGroup: string,
  ) {
    this.table = `${quoteIdent(schema)}.parked`;
  }

  async find(topic: string, key: string): Promise<ParkedIncident | null> {
    const { rows } = await this.pool.query<ParkedRow>(
      `SELECT * FROM ${this.table} WHERE consumer_group = $1 AND topic = $2 AND incident_key = $3`,
      [this.consumerGroup, topic, key],
    );
    return rows[0] ? parkedIncidentOf(rows[0]) : null;
  }

  /**
   * Which of `keys` are parked on `topic`, and whether this group holds back any incident at all (on any topic or
   * partition): one query for a consumer's whole batch.
   */
  async parkedAmong(topic: string, keys: readonly string[]): Promise<{ among: Set<string>; any: boolean }> {
    const { rows } = await this.pool.query<{ among: string[]; any: boolean }>(
      `SELECT array(SELECT incident_key FROM ${this.table}
                     WHERE consumer_group = $1 AND topic = $2 AND incident_key = ANY($3::text[])) AS among,
              EXISTS (SELECT 1 FROM ${this.table} WHERE consumer_group = $1) AS any`,
      [this.consumerGroup, topic, keys],
    );
    return { among: new Set(rows[0].among), any: rows[0].any };
  }

  /**
   * Parks `key` behind its dead letter, or parks it again behind a redriven record that failed once more (which
   * ends that release: the rest of its records are held again).
   */
  async park(
    topic: string,
    key: string,
    source: { partition: number; offset: string },
    deadLetter: string,
    reason: string,
  ): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${this.table}
         (consumer_group, topic, incident_key, dead_letter, source_partition, source_offset, reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (consumer_group, topic, incident_key) DO UPDATE SET
         dead_letter = excluded.dead_letter, source_partition = excluded.source_partition,
         source_offset = excluded.source_offset, reason = excluded.reason, parked_at = now(), held = 0,
         release_id = NULL, release_started_at = NULL, held_during_release = 0`,
      [this.consumerGroup, topic, key, deadLetter, source.partition, source.offset, reason],
    );
  }

  /** Counts a record held behind the first dead letter (and whether a redrive was running, which it is not part of). */
  async held(topic: string, key: string): Promise<void> {
    await this.pool.query(
      `UPDATE ${this.table}
          SET held = held + 1,
              held_during_release = held_during_release + CASE WHEN release_id IS NULL THEN 0 ELSE 1 END
        WHERE consumer_group = $1 AND topic = $2 AND incident_key = $3`,
      [this.consumerGroup, topic, key],
    );
  }

  /**
   * The last redriven record of `releaseId` has taken effect (in `tx`): the incident is unparked, unless records came
   * in live while the redrive ran — those are held behind it and a further redrive releases them.
   */
  async finishRelease(tx: PoolClient, topic: string, key: string, releaseId: string): Promise<void> {
    const params = [this.consumerGroup, topic, key, releaseId];
    const released = await tx.query(
      `DELETE FROM ${this.table}
        WHERE consumer_group = $1 AND topic = $2 AND incident_key = $3 AND release_id = $4
          AND held_during_release = 0`,
      params,
    );
    if (released.rowCount === 1) return;
    await tx.query(
      `UPDATE ${this.table}
          SET release_id = NULL, release_started_at = NULL, reason = $5
        WHERE consumer_group = $1 AND topic = $2 AND incident_key = $3 AND release_id = $4`,
      [...params, HELD_DURING_RELEASE_REASON],
    );
  }

  /** Incidents this consumer group holds back now, over every instance (readiness and metrics). */
  async count(): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${this.table} WHERE consumer_group = $1`,
      [this.consumerGroup],
    );
    return rows[0].n;
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { RECOMMENDATIONS, type Recommendation } from '@rcrp/events';
import { DATABASE_POOL } from '@rcrp/database';
import type { Pool } from 'pg';
import {
  shownMetrics,
  type CountedTriageMetrics,
  type DurationSummaryOf,
  type TriageMetrics,
} from './triage-metrics';

/**
 * The line's measures (docs/triage.md, "Metrics"), over the cohort of calls queued in [from, to), from the triage_calls
 * and triage_advice projections. Percentiles are PostgreSQL's `percentile_disc` (nearest rank: an observed value,
 * never an interpolation).
 */
@Injectable()
export class TriageMetricsService {
  constructor(@Inject(DATABASE_POOL) private readonly pool: Pool) {}

  /** `suppressSmallCounts`: the analysts' view (counts of 1-4 read `'<5'`, see `shownMetrics`). */
  async metrics(from: string, to: string, suppressSmallCounts: boolean): Promise<TriageMetrics> {
    return shownMetrics(await this.counted(from, to), suppressSmallCounts);
  }

  private async counted(from: string, to: string): Promise<CountedTriageMetrics> {
    const [calls, advice] = await Promise.all([
      this.pool.query<Record<string, number | string | null>>(
        `WITH cohort AS (
           SELECT status, answered_at, first_advice_at,
                  extract(epoch FROM answered_at - queued_at)     AS to_answer,
                  extract(epoch FROM first_advice_at - queued_at) AS to_advice
             FROM triage_calls
            WHERE queued_at >= $1 AND queued_at < $2
         )
         SELECT count(*)::int                                       AS calls,
                count(answered_at)::int                             AS answered,
                count(*) FILTER (WHERE status = 'abandoned')::int   AS abandoned,
                count(*) FILTER (WHERE status = 'withdrawn')::int   AS withdrawn,
                count(*) FILTER (WHERE status = 'queued')::int      AS waiting,
                count(first_advice_at)::int                         AS advised,
                percentile_disc(0.5)  WITHIN GROUP (ORDER BY to_answer) AS answer_median,
                percentile_disc(0.9)  WITHIN GROUP (ORDER BY to_answer) AS answer_p90,
                percentile_disc(0.95) WITHIN GROUP (ORDER BY to_answer) AS answer_p95,
                percentile_disc(0.5)  WITHIN GROUP (ORDER BY to_advice) AS advice_median,
                percentile_disc(0.9)  WITHIN GROUP (ORDER BY to_advice) AS advice_p90,
                percentile_disc(0.95) WITHIN GROUP (ORDER BY to_advice) AS advice_p95
           FROM cohort`,
        [from, to],
      ),
      this.pool.query<{ recommendation: Recommendation; n: number }>(
        `SELECT a.recommendation, count(*)::int AS n
           FROM triage_advice a
           JOIN triage_calls c ON c.incident_id = a.incident_id
          WHERE c.queued_at >= $1 AND c.queued_at < $2
          GROUP BY a.recommendation`,
        [from, to],
      ),
    ]);
    const row = calls.rows[0];
    const adviceByRecommendation = Object.fromEntries(RECOMMENDATIONS.map((r) => [r, 0])) as Record<
      Recommendation,
      number
    >;
    for (const { recommendation, n } of advice.rows) adviceByRecommendation[recommendation] = n;
    return {
      from,
      to,
      calls: Number(row.calls),
      answered: Number(row.answered),
      abandoned: Number(row.abandoned),
      withdrawn: Number(row.withdrawn),
      waiting: Number(row.waiting),
      advised: Number(row.advised),
      timeToAnswerSeconds: summary(Number(row.answered), row.answer_median, row.answer_p90, row.answer_p95),
      timeToAdviceSeconds: summary(Number(row.advised), row.advice_median, row.advice_p90, row.advice_p95),
      adviceGiven: advice.rows.reduce((total, { n }) => total + n, 0),
      adviceByRecommendation,
    };
  }
}

/** `extract(epoch …)` is numeric, which pg returns as a string; seconds to the millisecond. */
function seconds(value: number | string | null): number | null {
  return value === null ? null : Math.round(Number(value) * 1000) / 1000;
}

function summary(
  count: number,
  median: number | string | null,
  p90: number | string | null,
  p95: number | string | null,
): DurationSummaryOf<number> {
  return { count, median: seconds(median), p90: seconds(p90), p95: seconds(p95) };
}

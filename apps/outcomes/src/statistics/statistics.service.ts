import { Inject, Injectable } from '@nestjs/common';
import { DATABASE_POOL } from '@rcrp/database';
import type { Pool } from 'pg';
import { incidentContextProjection } from '../context/incident-context.projection';
import type { CaseFacts } from '../projections/case-facts';
import { outcomeCasesProjection } from '../projections/outcome-cases.projection';
import { computeStatistics, type Statistics } from './statistics';

/**
 * `GET /statistics`: incidents reported in `[from, to)` (withdrawn ones excluded: they were reported in error),
 * joined with their outcome cases, counted by `computeStatistics`.
 */
@Injectable()
export class StatisticsService {
  constructor(@Inject(DATABASE_POOL) private readonly pool: Pool) {}

  async statistics(period: { from: string; to: string }, suppressSmallCounts: boolean): Promise<Statistics> {
    const { rows } = await this.pool.query<{
      subject_age_years: number | null;
      sex: string | null;
      ethnicity: string | null;
      advised: boolean;
      seconds_to_first_advice: number | null;
      facts: CaseFacts | null;
    }>(
      `SELECT c.subject_age_years, c.sex, c.ethnicity, jsonb_array_length(c.advice) > 0 AS advised,
              extract(epoch FROM (SELECT min((a->>'givenAt')::timestamptz) FROM jsonb_array_elements(c.advice) a)
                                 - c.reported_at)::float8 AS seconds_to_first_advice,
              o.facts
         FROM ${incidentContextProjection.name} c
         LEFT JOIN ${outcomeCasesProjection.name} o ON o.incident_id = c.incident_id
        WHERE c.reported_at >= $1 AND c.reported_at < $2 AND NOT c.withdrawn`,
      [period.from, period.to],
    );
    return computeStatistics(
      rows.map((row) => ({
        ageYears: row.subject_age_years,
        sex: row.sex,
        ethnicity: row.ethnicity,
        advised: row.advised,
        secondsToFirstAdvice: row.seconds_to_first_advice,
        facts: row.facts,
      })),
      period,
      suppressSmallCounts,
    );
  }
}

import type { Recommendation } from '@rcrp/events';
import { figureShown, suppressedCount, suppressedCounts, type Count } from '@rcrp/personal-data';

/** Distribution of a duration over the calls that have it (nearest-rank percentiles, in seconds). */
export interface DurationSummaryOf<C> {
  count: C;
  median: number | null;
  p90: number | null;
  p95: number | null;
}

/** The line's measures (docs/triage.md, "Metrics"); `C` is a plain count as counted, or a `Count` as shown. */
export interface TriageMetricsOf<C> {
  from: string;
  to: string;
  calls: C;
  answered: C;
  abandoned: C;
  withdrawn: C;
  waiting: C;
  advised: C;
  timeToAnswerSeconds: DurationSummaryOf<C>;
  timeToAdviceSeconds: DurationSummaryOf<C>;
  adviceGiven: C;
  adviceByRecommendation: Record<Recommendation, C>;
}

export type CountedTriageMetrics = TriageMetricsOf<number>;
export type DurationSummary = DurationSummaryOf<Count>;

export interface TriageMetrics extends TriageMetricsOf<Count> {
  /** True when counts of 1-4 read `'<5'` (and durations over fewer than 5 calls are null): the analysts' view. */
  smallCountsSuppressed: boolean;
}

function shownDuration(summary: DurationSummaryOf<number>, suppress: boolean): DurationSummary {
  // A median of fewer than 5 calls could be one person's: hidden with the count, as in outcomes' statistics.
  const shown = figureShown(summary.count, suppress);
  return {
    count: suppressedCount(summary.count, suppress),
    median: shown ? summary.median : null,
    p90: shown ? summary.p90 : null,
    p95: shown ? summary.p95 : null,
  };
}

/** The metrics as a role sees them: for analysts (`suppress`) the small-count rule of libs/personal-data. */
export function shownMetrics(counted: CountedTriageMetrics, suppress: boolean): TriageMetrics {
  const count = (value: number) => suppressedCount(value, suppress);
  return {
    from: counted.from,
    to: counted.to,
    smallCountsSuppressed: suppress,
    calls: count(counted.calls),
    answered: count(counted.answered),
    abandoned: count(counted.abandoned),
    withdrawn: count(counted.withdrawn),
    waiting: count(counted.waiting),
    advised: count(counted.advised),
    timeToAnswerSeconds: shownDuration(counted.timeToAnswerSeconds, suppress),
    timeToAdviceSeconds: shownDuration(counted.timeToAdviceSeconds, suppress),
    adviceGiven: count(counted.adviceGiven),
    adviceByRecommendation: suppressedCounts(counted.adviceByRecommendation, suppress),
  };
}

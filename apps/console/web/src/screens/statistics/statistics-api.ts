import type { ApiClient } from '../../api/api-client';
import type { OutcomeStatistics, SeriesPoint, TriageMetrics } from './figures';
import { periodQuery, seriesWindows, type Period } from './period';

/** Outcomes' and triage's report routes as the console reaches them (docs/openapi/*.json). */
const STATISTICS = '/api/outcomes/statistics';
const METRICS = '/api/triage/triage/metrics';

/** At most this many window requests at once, so a long period does not flood outcomes. */
const WINDOW_CONCURRENCY = 4;

export interface PeriodFigures {
  statistics: OutcomeStatistics;
  metrics: TriageMetrics;
  series: { unit: 'day' | 'week'; points: SeriesPoint[] };
}

const query = (range: { from: string; to: string }) =>
  `?${new URLSearchParams({ from: range.from, to: range.to }).toString()}`;

/**
 * Everything the statistics screen shows for a period: outcomes' statistics and triage's metrics of the whole
 * period, and detentions over time. The statistics have no time series, so the series is outcomes' own
 * `section136Detentions` for each day (or week) window, asked one window at a time; each is suppressed on its own.
 */
export async function readPeriodFigures(
  api: ApiClient,
  period: Period,
  signal?: AbortSignal,
): Promise<PeriodFigures> {
  const whole = query(periodQuery(period));
  const { unit, windows } = seriesWindows(period);
  const [statistics, metrics, points] = await Promise.all([
    api.request<OutcomeStatistics>(`${STATISTICS}${whole}`, { signal }),
    api.request<TriageMetrics>(`${METRICS}${whole}`, { signal }),
    inBatches(windows, WINDOW_CONCURRENCY, async (window) => {
      const answer = await api.request<OutcomeStatistics>(`${STATISTICS}${query(window)}`, { signal });
      return { label: window.label, detentions: answer.section136Detentions };
    }),
  ]);
  return { statistics, metrics, series: { unit, points } };
}

async function inBatches<T, R>(
  items: readonly T[],
  size: number,
  each: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += size) {
    results.push(...(await Promise.all(items.slice(start, start + size).map(each))));
  }
  return results;
}

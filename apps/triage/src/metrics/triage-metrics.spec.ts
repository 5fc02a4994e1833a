import { RECOMMENDATIONS } from '@rcrp/events';
import { shownMetrics, type CountedTriageMetrics } from './triage-metrics';

const counted = (calls: number, advised: number): CountedTriageMetrics => ({
  from: '2026-11-23T00:00:00.000Z',
  to: '2026-11-24T00:00:00.000Z',
  calls,
  answered: calls,
  abandoned: 0,
  withdrawn: 1,
  waiting: 0,
  advised,
  timeToAnswerSeconds: { count: calls, median: 12, p90: 30, p95: 41 },
  timeToAdviceSeconds: { count: advised, median: 70, p90: 95, p95: 99 },
  adviceGiven: advised,
  adviceByRecommendation: {
    ...(Object.fromEntries(
      RECOMMENDATIONS.map((r) => [r, 0]),
    ) as CountedTriageMetrics['adviceByRecommendation']),
    'refer-to-crisis-team': advised,
  },
});

describe('triage metrics as each role sees them', () => {
  it('analysts: counts of 1-4 read <5, 0 and 5 or more are shown', () => {
    const shown = shownMetrics(counted(9, 3), true);
    expect(shown).toMatchObject({
      smallCountsSuppressed: true,
      calls: 9,
      abandoned: 0,
      withdrawn: '<5',
      advised: '<5',
      adviceGiven: '<5',
    });
    expect(shown.adviceByRecommendation['refer-to-crisis-team']).toBe('<5');
    expect(shown.adviceByRecommendation['consider-section-136']).toBe(0);
    expect(JSON.stringify(shown)).not.toMatch(/":[1-4][,}]/);
  });

  it('analysts: a duration over fewer than 5 calls has no median or percentiles', () => {
    const shown = shownMetrics(counted(9, 3), true);
    expect(shown.timeToAnswerSeconds).toEqual({ count: 9, median: 12, p90: 30, p95: 41 });
    expect(shown.timeToAdviceSeconds).toEqual({ count: '<5', median: null, p90: null, p95: null });
  });

  it('operators and clinicians: every figure as counted', () => {
    const shown = shownMetrics(counted(9, 3), false);
    expect(shown).toMatchObject({ smallCountsSuppressed: false, withdrawn: 1, advised: 3 });
    expect(shown.timeToAdviceSeconds).toEqual({ count: 3, median: 70, p90: 95, p95: 99 });
  });
});

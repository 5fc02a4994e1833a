import { figuresCsv } from './figures-csv';
import { figureTables, type OutcomeStatistics, type TriageMetrics } from './figures';

const group = (incidents: unknown, advised: unknown, detentions: unknown, avoidedDetentions: unknown) => ({
  incidents,
  advised,
  detentions,
  avoidedDetentions,
});

/** An analyst's answers: small counts read '<5', and a median over fewer than 5 calls is withheld. */
const STATISTICS: OutcomeStatistics = {
  from: '2026-06-30T23:00:00.000Z',
  to: '2026-07-02T23:00:00.000Z',
  smallCountsSuppressed: true,
  incidents: 12,
  incidentsAdvised: 9,
  section136Detentions: '<5',
  detentionShareOfAdvisedIncidents: null,
  avoidedDetentions: 5,
  firstPlaceOfSafety: { 'health-based-place-of-safety': '<5', 'police-station': 0 },
  conveyances: { ambulance: 6, 'police-vehicle': '<5', other: 0 },
  policeVehicleReasons: { 'ambulance-unavailable': '<5' },
  timeToFirstAdviceSeconds: { median: 600, p90: 1200 },
  byAgeBand: { '18-24': group(7, 5, '<5', 0) },
  bySex: { female: group(6, 5, 0, '<5') },
  byEthnicity: { 'not-recorded': group(12, 9, '<5', 5) },
};

const METRICS: TriageMetrics = {
  from: STATISTICS.from,
  to: STATISTICS.to,
  smallCountsSuppressed: true,
  calls: 14,
  answered: 13,
  advised: 9,
  timeToAnswerSeconds: { count: 13, median: 42.5, p90: 120 },
  timeToAdviceSeconds: { count: '<5', median: null, p90: null },
  adviceByRecommendation: { 'refer-to-crisis-team': 7, 'no-police-action': '<5' },
};

const SERIES = {
  unit: 'day' as const,
  points: [
    { label: '2026-07-01', detentions: '<5' },
    { label: '2026-07-02', detentions: 0 },
  ],
};

describe('the figures of the statistics screen', () => {
  const tables = figureTables(STATISTICS, METRICS, SERIES);
  const table = (id: string) => tables.find((t) => t.id === id)!;

  it('keeps every suppressed count as the service gave it, never as a number', () => {
    expect(table('first-place-of-safety').series[0].values).toEqual(['<5', 0]);
    expect(table('by-age-band').series.map((s) => s.values[0])).toEqual([7, 5, '<5', 0]);
    expect(table('detentions-over-time').series[0].values).toEqual(['<5', 0]);
  });

  it('shows a withheld median as none, and names each duration by what it measures', () => {
    expect(table('times').series.map((s) => [s.label, s.values])).toEqual([
      ['Queued to answered', [42.5, 120]],
      ['Queued to first advice', [null, null]],
      ['Reported to first advice', [600, 1200]],
    ]);
  });

  it('names each figure as the services do', () => {
    expect(table('by-sex').series.map((s) => s.measure)).toEqual([
      'bySex.incidents',
      'bySex.advised',
      'bySex.detentions',
      'bySex.avoidedDetentions',
    ]);
    expect(table('conveyance').categories.map((c) => c.key)).toEqual([
      'ambulance',
      'police-vehicle',
      'other',
    ]);
  });
});

describe('the CSV of what is shown', () => {
  const csv = figuresCsv(figureTables(STATISTICS, METRICS, SERIES), { from: '2026-07-01', to: '2026-07-03' });
  const lines = csv.split('\r\n');

  it('starts with its header and the period, and ends with CRLF', () => {
    expect(lines.slice(0, 3)).toEqual([
      'source,measure,category,value',
      'console,period,from,2026-07-01',
      'console,period,to,2026-07-03',
    ]);
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('has each figure shown once, suppressed ones as <5 and withheld ones empty', () => {
    expect(lines).toEqual(
      expect.arrayContaining([
        'triage,calls,,14',
        'outcomes,section136Detentions,,<5',
        'outcomes,detentionShareOfAdvisedIncidents,,',
        'outcomes,section136Detentions.byDay,2026-07-01,<5',
        'outcomes,section136Detentions.byDay,2026-07-02,0',
        'outcomes,firstPlaceOfSafety,health-based-place-of-safety,<5',
        'triage,timeToAnswerSeconds,median,42.5',
        'triage,timeToAdviceSeconds,p90,',
        'outcomes,byEthnicity.avoidedDetentions,not-recorded,5',
      ]),
    );
    const figures = figureTables(STATISTICS, METRICS, SERIES).flatMap((t) =>
      t.series.flatMap((s) => s.values),
    );
    expect(lines.filter(Boolean)).toHaveLength(3 + figures.length);
  });

  it('quotes a category with a comma', () => {
    const csvWithComma = figuresCsv(
      [
        {
          id: 'x',
          title: 'x',
          categoryHeading: 'x',
          categories: [{ key: 'a,b', label: 'a,b' }],
          series: [{ source: 'outcomes', measure: 'm', label: 'm', unit: 'count', values: [1] }],
          chart: false,
        },
      ],
      { from: '2026-07-01', to: '2026-07-02' },
    );
    expect(csvWithComma).toContain('outcomes,m,"a,b",1\r\n');
  });
});

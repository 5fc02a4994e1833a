import { labelOf } from '../../ui/labels';
import { countOf, type ShownValue, type Unit } from './shown-value';

/** What the screen reads of outcomes' `GET /statistics` (apps/outcomes/src/statistics/statistics.ts). */
export interface OutcomeStatistics {
  from: string;
  to: string;
  smallCountsSuppressed: boolean;
  incidents: unknown;
  incidentsAdvised: unknown;
  section136Detentions: unknown;
  detentionShareOfAdvisedIncidents: number | null;
  avoidedDetentions: unknown;
  firstPlaceOfSafety: Record<string, unknown>;
  conveyances: Record<string, unknown>;
  policeVehicleReasons: Record<string, unknown>;
  timeToFirstAdviceSeconds: { median: number | null; p90: number | null };
  byAgeBand: Record<string, Record<string, unknown>>;
  bySex: Record<string, Record<string, unknown>>;
  byEthnicity: Record<string, Record<string, unknown>>;
}

/** What the screen reads of triage's `GET /triage/metrics` (apps/triage/src/metrics/triage-metrics.ts). */
export interface TriageMetrics {
  from: string;
  to: string;
  smallCountsSuppressed: boolean;
  calls: unknown;
  answered: unknown;
  advised: unknown;
  timeToAnswerSeconds: { count: unknown; median: number | null; p90: number | null };
  timeToAdviceSeconds: { count: unknown; median: number | null; p90: number | null };
  adviceByRecommendation: Record<string, unknown>;
}

/** Detentions in one window of the period (outcomes' `section136Detentions` of that window alone). */
export interface SeriesPoint {
  label: string;
  detentions: unknown;
}

export type Source = 'outcomes' | 'triage';

/** One line of a table: a measure of one service, with a value for each column of the table. */
export interface FigureSeries {
  source: Source;
  /** The services' own name of the measure (their CSV's `measure`): `section136Detentions`, `byAgeBand.detentions`. */
  measure: string;
  label: string;
  unit: Unit;
  values: ShownValue[];
}

/**
 * One table of the screen, and the chart drawn from it: columns (`categories`) by lines (`series`). Everything the
 * screen shows is one of these, so the tables, the charts and the CSV are the same figures.
 */
export interface FigureTable {
  id: string;
  title: string;
  /** The heading of the column of categories: "Day", "Place of safety", "Age band". */
  categoryHeading: string;
  /** `key` is the services' category (their CSV's `category`; empty for a single figure). */
  categories: Array<{ key: string; label: string }>;
  series: FigureSeries[];
  chart: boolean;
}

const GROUP_MEASURES = [
  ['incidents', 'Incidents'],
  ['advised', 'Advised'],
  ['detentions', 'Detentions'],
  ['avoidedDetentions', 'Avoided detentions'],
] as const;

/** A record of counts by kind (`placesOfSafety`), in the service's order: one line of the table. */
function byKind(
  source: Source,
  id: string,
  title: string,
  categoryHeading: string,
  measure: string,
  label: string,
  record: Record<string, unknown>,
): FigureTable {
  const keys = Object.keys(record);
  return {
    id,
    title,
    categoryHeading,
    categories: keys.map((key) => ({ key, label: labelOf(key) })),
    series: [{ source, measure, label, unit: 'count', values: keys.map((key) => countOf(record[key])) }],
    chart: true,
  };
}

/** A breakdown (`byAgeBand`): its groups as columns, incidents, advised, detentions and avoided as lines. */
function breakdown(
  id: string,
  title: string,
  categoryHeading: string,
  measure: string,
  record: Record<string, Record<string, unknown>>,
): FigureTable {
  const keys = Object.keys(record);
  return {
    id,
    title,
    categoryHeading,
    categories: keys.map((key) => ({ key, label: labelOf(key) })),
    series: GROUP_MEASURES.map(([inner, label]) => ({
      source: 'outcomes' as const,
      measure: `${measure}.${inner}`,
      label,
      unit: 'count' as const,
      values: keys.map((key) => countOf(record[key]?.[inner])),
    })),
    chart: true,
  };
}

/** Every table of the statistics screen for one period, from what the services answered. */
export function figureTables(
  statistics: OutcomeStatistics,
  metrics: TriageMetrics,
  series: { unit: 'day' | 'week'; points: SeriesPoint[] },
): FigureTable[] {
  const total = (source: Source, measure: string, label: string, value: unknown, unit: Unit = 'count') => ({
    source,
    measure,
    label,
    unit,
    values: [unit === 'count' ? countOf(value) : typeof value === 'number' ? value : null],
  });
  return [
    {
      id: 'totals',
      title: 'The period in figures',
      categoryHeading: 'Figure',
      categories: [{ key: '', label: 'Value' }],
      series: [
        total('triage', 'calls', 'Calls to the line', metrics.calls),
        total('triage', 'answered', 'Calls answered', metrics.answered),
        total('triage', 'advised', 'Calls advised', metrics.advised),
        total('outcomes', 'incidents', 'Incidents reported', statistics.incidents),
        total('outcomes', 'incidentsAdvised', 'Incidents advised', statistics.incidentsAdvised),
        total('outcomes', 'section136Detentions', 'Section 136 detentions', statistics.section136Detentions),
        total('outcomes', 'avoidedDetentions', 'Avoided detentions', statistics.avoidedDetentions),
        total(
          'outcomes',
          'detentionShareOfAdvisedIncidents',
          'Advised incidents that were detained',
          statistics.detentionShareOfAdvisedIncidents,
          'share',
        ),
      ],
      chart: false,
    },
    {
      id: 'detentions-over-time',
      title: series.unit === 'day' ? 'Detentions by day' : 'Detentions by week',
      categoryHeading: series.unit === 'day' ? 'Day' : 'Week from',
      categories: series.points.map((point) => ({ key: point.label, label: point.label })),
      series: [
        {
          source: 'outcomes',
          measure: `section136Detentions.by${series.unit === 'day' ? 'Day' : 'Week'}`,
          label: 'Section 136 detentions',
          unit: 'count',
          values: series.points.map((point) => countOf(point.detentions)),
        },
      ],
      chart: true,
    },
    byKind(
      'outcomes',
      'first-place-of-safety',
      'First place of safety',
      'Place of safety',
      'firstPlaceOfSafety',
      'Detentions',
      statistics.firstPlaceOfSafety,
    ),
    byKind(
      'outcomes',
      'conveyance',
      'Conveyance by mode',
      'Mode',
      'conveyances',
      'Conveyances',
      statistics.conveyances,
    ),
    byKind(
      'outcomes',
      'police-vehicle-reasons',
      'Why a police vehicle conveyed',
      'Reason',
      'policeVehicleReasons',
      'Police-vehicle conveyances',
      statistics.policeVehicleReasons,
    ),
    {
      id: 'times',
      title: 'Time to answer and to advice',
      categoryHeading: 'Measure',
      categories: [
        { key: 'median', label: 'Median' },
        { key: 'p90', label: '90th percentile' },
      ],
      series: [
        duration('triage', 'timeToAnswerSeconds', 'Queued to answered', metrics.timeToAnswerSeconds),
        duration('triage', 'timeToAdviceSeconds', 'Queued to first advice', metrics.timeToAdviceSeconds),
        duration(
          'outcomes',
          'timeToFirstAdviceSeconds',
          'Reported to first advice',
          statistics.timeToFirstAdviceSeconds,
        ),
      ],
      chart: true,
    },
    byKind(
      'triage',
      'advice',
      'Advice by recommendation',
      'Recommendation',
      'adviceByRecommendation',
      'Advice given',
      metrics.adviceByRecommendation,
    ),
    breakdown('by-age-band', 'By age band', 'Age band', 'byAgeBand', statistics.byAgeBand),
    breakdown('by-sex', 'By sex', 'Sex', 'bySex', statistics.bySex),
    breakdown(
      'by-ethnicity',
      'By ethnicity (as the officer perceived it)',
      'Ethnicity',
      'byEthnicity',
      statistics.byEthnicity,
    ),
  ];
}

function duration(
  source: Source,
  measure: string,
  label: string,
  summary: { median: number | null; p90: number | null },
): FigureSeries {
  const seconds = (value: unknown) => (typeof value === 'number' ? value : null);
  return { source, measure, label, unit: 'seconds', values: [seconds(summary.median), seconds(summary.p90)] };
}

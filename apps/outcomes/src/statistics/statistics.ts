import {
  ASSESSMENT_OUTCOMES,
  CONSULTATION_BASES,
  CONVEYANCE_MODES,
  DISPOSITIONS,
  PERCEIVED_ETHNICITIES,
  PLACE_OF_SAFETY_KINDS,
  POLICE_VEHICLE_REASON_CODES,
  SEXES,
} from '@rcrp/events';
import { AGE_BANDS, ageBandOf } from '@rcrp/personal-data';
import type { CaseFacts } from '../projections/case-facts';

/** One incident reported in the period, with what outcomes knows of it. */
export interface StatisticsRow {
  ageYears: number | null;
  sex: string | null;
  ethnicity: string | null;
  advised: boolean;
  facts: CaseFacts | null;
}

/** A count, or `'<5'` where a count of 1-4 is suppressed for analysts (small numbers can identify people). */
export type Count = number | '<5';
export const SUPPRESSION_THRESHOLD = 5;

export interface GroupCounts {
  incidents: Count;
  advised: Count;
  detentions: Count;
  avoidedDetentions: Count;
}

export interface Statistics {
  from: string;
  to: string;
  /** True when counts of 1-4 are shown as `'<5'` (and shares built on them as null). */
  smallCountsSuppressed: boolean;
  incidents: Count;
  incidentsAdvised: Count;
  section136Detentions: Count;
  /** Advised incidents that ended in a section 136 detention, as a share (0-1) of advised incidents. */
  detentionShareOfAdvisedIncidents: number | null;
  /** Advised incidents with a recorded disposition and no section 136 detention. */
  avoidedDetentions: Count;
  /** Detentions by how the consultation duty (rule 2) was met. */
  consultation: Record<string, Count>;
  /** Detentions that used a place of safety of each kind (chosen or transferred to). */
  placesOfSafety: Record<string, Count>;
  conveyances: Record<string, Count>;
  /** Police-vehicle conveyances by reason code (`not-recorded`: none, only possible before reasons were required). */
  policeVehicleReasons: Record<string, Count>;
  extensions: Count;
  limitBreaches: Count;
  assessmentOutcomes: Record<string, Count>;
  /** Incidents with each disposition recorded. */
  dispositions: Record<string, Count>;
  byAgeBand: Record<string, GroupCounts>;
  bySex: Record<string, GroupCounts>;
  byEthnicity: Record<string, GroupCounts>;
}

const zeros = (keys: readonly string[]): Record<string, number> =>
  Object.fromEntries(keys.map((key) => [key, 0]));

const isDetention = (row: StatisticsRow) => row.facts?.outcome.detention != null;
const isAvoided = (row: StatisticsRow) =>
  row.advised && !isDetention(row) && (row.facts?.outcome.dispositions.length ?? 0) > 0;

/** Counts the rows of one period. `suppress`: analysts' view (counts under 5 hidden). */
export function computeStatistics(
  rows: readonly StatisticsRow[],
  period: { from: string; to: string },
  suppress: boolean,
): Statistics {
  const detentions = rows.filter(isDetention);
  const advised = rows.filter((row) => row.advised);
  const advisedDetentions = advised.filter(isDetention).length;

  const consultation = zeros(CONSULTATION_BASES);
  const placesOfSafety = zeros(PLACE_OF_SAFETY_KINDS);
  const assessmentOutcomes = zeros(ASSESSMENT_OUTCOMES);
  let extensions = 0;
  let limitBreaches = 0;
  for (const row of detentions) {
    const facts = row.facts!;
    const detention = facts.outcome.detention!;
    if (facts.consultationBasis) consultation[facts.consultationBasis] += 1;
    for (const kind of new Set(detention.placesOfSafety)) placesOfSafety[kind] += 1;
    if (facts.assessmentOutcome) assessmentOutcomes[facts.assessmentOutcome] += 1;
    if (detention.extensionCount > 0) extensions += 1;
    if (detention.limitExceededNoticed) limitBreaches += 1;
  }
  const conveyances = zeros(CONVEYANCE_MODES);
  const policeVehicleReasons = zeros([...POLICE_VEHICLE_REASON_CODES, 'not-recorded']);
  const dispositions = zeros(DISPOSITIONS);
  for (const row of rows) {
    for (const conveyance of row.facts?.conveyances ?? []) {
      conveyances[conveyance.mode] += 1;
      if (conveyance.mode === 'police-vehicle')
        policeVehicleReasons[conveyance.reasonCode ?? 'not-recorded'] += 1;
    }
    for (const disposition of new Set(row.facts?.outcome.dispositions ?? [])) dispositions[disposition] += 1;
  }

  const count = (value: number): Count =>
    suppress && value > 0 && value < SUPPRESSION_THRESHOLD ? '<5' : value;
  const counts = (record: Record<string, number>) =>
    Object.fromEntries(Object.entries(record).map(([key, value]) => [key, count(value)]));
  const share =
    advised.length === 0 || count(advised.length) === '<5' || count(advisedDetentions) === '<5'
      ? null
      : Math.round((advisedDetentions / advised.length) * 1000) / 1000;
  const groupsBy = (
    keys: readonly string[],
    keyOf: (row: StatisticsRow) => string,
  ): Record<string, GroupCounts> =>
    Object.fromEntries(
      keys.map((key) => {
        const group = rows.filter((row) => keyOf(row) === key);
        return [
          key,
          {
            incidents: count(group.length),
            advised: count(group.filter((row) => row.advised).length),
            detentions: count(group.filter(isDetention).length),
            avoidedDetentions: count(group.filter(isAvoided).length),
          },
        ];
      }),
    );

  return {
    from: period.from,
    to: period.to,
    smallCountsSuppressed: suppress,
    incidents: count(rows.length),
    incidentsAdvised: count(advised.length),
    section136Detentions: count(detentions.length),
    detentionShareOfAdvisedIncidents: share,
    avoidedDetentions: count(rows.filter(isAvoided).length),
    consultation: counts(consultation),
    placesOfSafety: counts(placesOfSafety),
    conveyances: counts(conveyances),
    policeVehicleReasons: counts(policeVehicleReasons),
    extensions: count(extensions),
    limitBreaches: count(limitBreaches),
    assessmentOutcomes: counts(assessmentOutcomes),
    dispositions: counts(dispositions),
    byAgeBand: groupsBy(AGE_BANDS, (row) => ageBandOf(row.ageYears)),
    bySex: groupsBy(SEXES, (row) => row.sex ?? 'unknown'),
    byEthnicity: groupsBy(PERCEIVED_ETHNICITIES, (row) => row.ethnicity ?? 'not-recorded'),
  };
}

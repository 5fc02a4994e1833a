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
import {
  AGE_BANDS,
  ageBandOf,
  figureShown,
  suppressedCount,
  suppressedCounts,
  type Count,
} from '@rcrp/personal-data';
import type { CaseFacts } from '../projections/case-facts';

/** One incident reported in the period, with what outcomes knows of it. */
export interface StatisticsRow {
  ageYears: number | null;
  sex: string | null;
  ethnicity: string | null;
  advised: boolean;
  /** From the report to the first piece of the line's advice; null without advice. */
  secondsToFirstAdvice: number | null;
  facts: CaseFacts | null;
}

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
  /** Detentions by the kind of their first place of safety (the Home Office return's measure). */
  firstPlaceOfSafety: Record<string, Count>;
  /** Detentions at a police station (first place or transfer) of a person intake now records as under 18: must be 0. */
  policeStationUnder18: Count;
  /** Detentions at a police station of a person intake records as 18 or over. */
  policeStationAdults: Count;
  /** `WelfareCheckOverdue` notices (a missed 30-minute welfare check at a police station, SI 2017/1036 reg. 4). */
  welfareChecksOverdue: Count;
  conveyances: Record<string, Count>;
  /** Police-vehicle conveyances by reason code (`not-recorded`: none, only possible before reasons were required). */
  policeVehicleReasons: Record<string, Count>;
  extensions: Count;
  /** Detentions with a recorded `DetentionLimitExceeded`, even when an extension was recorded late afterwards. */
  limitBreaches: Count;
  /** Detentions whose extension was recorded as a late entry (for example after the limit notice). */
  lateRecordedExtensions: Count;
  assessmentOutcomes: Record<string, Count>;
  /** Detentions whose completed assessment did not end in admission (under the Act or informally). */
  endedWithoutAdmission: Count;
  /** `endedWithoutAdmission` as a share (0-1) of detentions with a completed assessment. */
  endedWithoutAdmissionShare: number | null;
  /** From report to the line's first advice, over incidents with advice: median and 90th percentile (nearest rank). */
  timeToFirstAdviceSeconds: { median: number | null; p90: number | null };
  /** Incidents with each disposition recorded. */
  dispositions: Record<string, Count>;
  byAgeBand: Record<string, GroupCounts>;
  bySex: Record<string, GroupCounts>;
  byEthnicity: Record<string, GroupCounts>;
}

const ADMISSIONS = new Set<string>(['admitted-under-mha', 'admitted-informally']);

/** The middle value, or the mean of the two middle values, of sorted numbers. */
export function median(sorted: readonly number[]): number {
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The nearest-rank percentile of sorted numbers: the smallest value with at least `p` of the values at or below it. */
export function nearestRank(sorted: readonly number[], p: number): number {
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
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
  const firstPlaceOfSafety = zeros(PLACE_OF_SAFETY_KINDS);
  const assessmentOutcomes = zeros(ASSESSMENT_OUTCOMES);
  let extensions = 0;
  let limitBreaches = 0;
  let lateRecordedExtensions = 0;
  let policeStationUnder18 = 0;
  let policeStationAdults = 0;
  let welfareChecksOverdue = 0;
  let assessed = 0;
  let endedWithoutAdmission = 0;
  for (const row of detentions) {
    const facts = row.facts!;
    const detention = facts.outcome.detention!;
    if (facts.consultationBasis) consultation[facts.consultationBasis] += 1;
    for (const kind of new Set(detention.placesOfSafety)) placesOfSafety[kind] += 1;
    const first = detention.placesOfSafety[0];
    if (first) firstPlaceOfSafety[first] += 1;
    if (facts.assessmentOutcome) {
      assessmentOutcomes[facts.assessmentOutcome] += 1;
      assessed += 1;
      if (!ADMISSIONS.has(facts.assessmentOutcome)) endedWithoutAdmission += 1;
    }
    if (detention.extensionCount > 0) extensions += 1;
    // A limit notice counts even when a late extension moved the deadline afterwards (the breach stays visible).
    if ((detention.limitExceededFor?.length ?? 0) > 0 || detention.limitExceededNoticed) limitBreaches += 1;
    if (facts.extensionLateEntry) lateRecordedExtensions += 1;
    if (detention.placesOfSafety.includes('police-station') && row.ageYears !== null) {
      if (row.ageYears < 18) policeStationUnder18 += 1;
      else policeStationAdults += 1;
    }
    welfareChecksOverdue += facts.welfareChecksOverdue ?? 0;
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

  // Analysts' view: the one rule of libs/personal-data (small-counts.ts), shared with triage's metrics.
  const count = (value: number): Count => suppressedCount(value, suppress);
  const counts = (record: Record<string, number>) => suppressedCounts(record, suppress);
  /** A share (3 decimals), or null with no denominator or when either count is suppressed. */
  const shareOf = (part: number, whole: number) =>
    whole === 0 || !figureShown(whole, suppress) || !figureShown(part, suppress)
      ? null
      : Math.round((part / whole) * 1000) / 1000;
  const share = shareOf(advisedDetentions, advised.length);
  const adviceTimes = rows
    .map((row) => row.secondsToFirstAdvice)
    .filter((seconds): seconds is number => seconds !== null && seconds >= 0)
    .sort((a, b) => a - b);
  // A median of fewer than 5 incidents could be one person's: hidden for analysts, like the counts.
  const timesShown = adviceTimes.length > 0 && figureShown(adviceTimes.length, suppress);
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
    firstPlaceOfSafety: counts(firstPlaceOfSafety),
    policeStationUnder18: count(policeStationUnder18),
    policeStationAdults: count(policeStationAdults),
    welfareChecksOverdue: count(welfareChecksOverdue),
    conveyances: counts(conveyances),
    policeVehicleReasons: counts(policeVehicleReasons),
    extensions: count(extensions),
    limitBreaches: count(limitBreaches),
    lateRecordedExtensions: count(lateRecordedExtensions),
    assessmentOutcomes: counts(assessmentOutcomes),
    endedWithoutAdmission: count(endedWithoutAdmission),
    endedWithoutAdmissionShare: shareOf(endedWithoutAdmission, assessed),
    timeToFirstAdviceSeconds: {
      median: timesShown ? median(adviceTimes) : null,
      p90: timesShown ? nearestRank(adviceTimes, 0.9) : null,
    },
    dispositions: counts(dispositions),
    byAgeBand: groupsBy(AGE_BANDS, (row) => ageBandOf(row.ageYears)),
    bySex: groupsBy(SEXES, (row) => row.sex ?? 'unknown'),
    byEthnicity: groupsBy(PERCEIVED_ETHNICITIES, (row) => row.ethnicity ?? 'not-recorded'),
  };
}

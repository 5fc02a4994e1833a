import { detentionDeadline, nextWelfareCheckDue, type OutcomeState } from '@rcrp/domain';
import { ageBandOf, type AgeBand } from '@rcrp/personal-data';
import type { KnownIncident } from '../context/incident-context.reader';

/** `GET /outcomes/:incidentId`: the outcome stream's state, its deadline, and what outcomes knows of the incident. */
export interface OutcomeView {
  incidentId: string;
  /** Version of the outcome stream (0: nothing recorded yet); the ETag and the `If-Match` of the next write. */
  version: number;
  asOf: string | null;
  incident: {
    reportedAt: string;
    withdrawn: boolean;
    locationKind: string;
    subjectAgeYears?: number | null;
    ageBand?: AgeBand;
    advice: KnownIncident['context']['advice'];
  } | null;
  /** `professionalId` repeats `clinicianId`, its old name, for one release (issue 16). */
  consultation: (NonNullable<OutcomeState['consultation']> & { professionalId?: string | null }) | null;
  detention:
    | (Omit<NonNullable<OutcomeState['detention']>, 'subjectAgeYears'> & {
        subjectAgeYears?: number | null;
        ageBand?: AgeBand;
        deadline: string | null;
        extended: boolean;
        minutesRemaining: number | null;
        /** At a police station: when the next welfare check is (or was) due (SI 2017/1036 reg. 4). */
        nextWelfareCheckDue: string | null;
      })
    | null;
  dispositions: OutcomeState['dispositions'];
  closed: boolean;
}

/**
 * Builds the view. `now` is the moment "time remaining" is measured from (the `asOf` time for a past view).
 * For analysts (`pseudonymise`) exact ages become age bands.
 */
export function outcomeViewOf(input: {
  incidentId: string;
  state: OutcomeState;
  version: number;
  known: KnownIncident | null;
  now: Date;
  asOf: string | null;
  pseudonymise: boolean;
}): OutcomeView {
  const { state, known, pseudonymise } = input;
  const age = (years: number | null) =>
    pseudonymise ? { ageBand: ageBandOf(years) } : { subjectAgeYears: years };
  const deadline = detentionDeadline(state);
  const detention = state.detention;
  return {
    incidentId: input.incidentId,
    version: input.version,
    asOf: input.asOf,
    incident: known && {
      reportedAt: known.reportedAt,
      withdrawn: known.withdrawn,
      locationKind: known.context.locationKind,
      ...age(known.context.subjectAgeYears),
      advice: known.context.advice,
    },
    consultation:
      state.consultation?.kind === 'consulted'
        ? { ...state.consultation, professionalId: state.consultation.clinicianId }
        : state.consultation,
    detention: detention && {
      ...withoutAge(detention),
      ...age(detention.subjectAgeYears),
      deadline,
      extended: detention.extensionCount > 0,
      nextWelfareCheckDue: nextWelfareCheckDue(state),
      minutesRemaining:
        deadline && detention.status === 'active'
          ? Math.floor((Date.parse(deadline) - input.now.getTime()) / 60_000)
          : null,
    },
    dispositions: state.dispositions,
    closed: state.closed,
  };
}

function withoutAge<T extends { subjectAgeYears: unknown }>(value: T): Omit<T, 'subjectAgeYears'> {
  const { subjectAgeYears: _omitted, ...rest } = value;
  return rest;
}

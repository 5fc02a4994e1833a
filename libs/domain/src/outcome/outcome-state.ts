import {
  personalFieldsOf,
  type Disposition,
  type OutcomeEvent,
  type PlaceOfSafetyKind,
  type Profession,
} from '@rcrp/events';
import { addHours, addMinutes, type Instant } from '../time';
import { ruleSetById } from './rule-sets';

/**
 * The outcome stream's state and the clock derived from it. Records are made after the fact (DESIGN §4 rule 10):
 * the stream is append-only in recorded order, but the state is always the fold of its facts ordered by when they
 * happened (`at`), so a conveyance entered after the arrival with its true, earlier time sits before the arrival.
 */

export type Consultation =
  | { kind: 'consulted'; profession: Profession; clinicianId: string | null; at: Instant }
  | { kind: 'not-practicable'; at: Instant };

/** A notice the clock gave, for the deadline it named: an extension makes a new deadline with its own notices. */
interface WelfareOverdueNotice {
  sinceAt: Instant;
  dueAt: Instant;
}

export interface Detention {
  status: 'active' | 'ended';
  detainedAt: Instant;
  ruleSetId: string;
  /** The latest age from intake a decision of this detention used (detention, place of safety, transfer, review). */
  subjectAgeYears: number | null;
  /** Where the person is (or is going): the chosen place, then each transfer. */
  placeOfSafety: { kind: PlaceOfSafetyKind; keptWhereFound: boolean } | null;
  /** Kinds of every place of safety the person has been at or chosen for. */
  placesOfSafety: PlaceOfSafetyKind[];
  /** Rule 3: arrival at the first place of safety, or the decision when kept where found. */
  clockStartedAt: Instant | null;
  extensionHours: number;
  extensionCount: number;
  /** A notice for the current deadline has been recorded. */
  deadlineApproachingNoticed: boolean;
  limitExceededNoticed: boolean;
  /** Every deadline a limit notice was recorded for (in `at` order). */
  limitExceededFor: Instant[];
  approachingNoticedFor: Instant[];
  /** An extension was recorded (in recorded order) after a `DetentionLimitExceeded`: the breach stays visible. */
  limitExceededBeforeExtensionRecorded: boolean;
  /** Rule 8 (regulation 4): since when the person is at a police station (arrival or transfer), else null. */
  atPoliceStationSince: Instant | null;
  lastWelfareCheckAt: Instant | null;
  welfareOverdueNotices: WelfareOverdueNotice[];
  /** The current police-station stay was found unlawful (under 18) by `PoliceStationUseInvalidated`. */
  policeStationInvalidated: { at: Instant; ruleId: string } | null;
  assessmentCompleted: boolean;
  endedAt: Instant | null;
}

export interface OutcomeState {
  consultation: Consultation | null;
  detention: Detention | null;
  dispositions: Disposition[];
  closed: boolean;
  /** The latest `at` of a fact a person recorded (clock notices excluded): the reference for late entries. */
  lastRecordedAt: Instant | null;
  /**
   * Every event in recorded order, personal fields redacted (the state is stored in read models): the source
   * of the `at`-ordered fold and of re-checking later facts when a late one arrives.
   */
  recorded: OutcomeEvent[];
}

export function initialOutcomeState(): OutcomeState {
  return {
    consultation: null,
    detention: null,
    dispositions: [],
    closed: false,
    lastRecordedAt: null,
    recorded: [],
  };
}

/** Stands for a personal value in `recorded`: the state never holds personal data, only that it was given. */
export const REDACTED = '[recorded]';

/** When the fact of `event` happened in the world. */
export function atOf(event: OutcomeEvent): Instant {
  switch (event.type) {
    case 'Section136ConsultationRecorded':
      return event.data.consultedAt;
    case 'Section136Detained':
      return event.data.detainedAt;
    case 'PlaceOfSafetyChosen':
      return event.data.chosenAt;
    case 'ConveyanceRecorded':
      return event.data.conveyedAt;
    case 'ArrivedAtPlaceOfSafety':
      return event.data.arrivedAt;
    case 'DetentionTransferred':
      return event.data.transferredAt;
    case 'DetentionExtended':
      return event.data.extendedAt;
    case 'DetentionDeadlineApproaching':
    case 'DetentionLimitExceeded':
    case 'WelfareCheckOverdue':
      return event.data.noticedAt;
    case 'WelfareCheckRecorded':
      return event.data.checkedAt;
    case 'PoliceStationUseInvalidated':
      return event.data.invalidatedAt;
    case 'AssessmentCompleted':
      return event.data.completedAt;
    case 'DetentionEnded':
      return event.data.endedAt;
    case 'DispositionRecorded':
      return event.data.recordedAt;
    case 'CaseClosed':
      return event.data.closedAt;
  }
}

/** Notices of the service itself (the clock, facts from intake), not facts a person recorded. */
export function isSystemNotice(event: OutcomeEvent): boolean {
  return (
    event.type === 'DetentionDeadlineApproaching' ||
    event.type === 'DetentionLimitExceeded' ||
    event.type === 'WelfareCheckOverdue' ||
    event.type === 'PoliceStationUseInvalidated'
  );
}

/** Events sorted by `at`; equal times keep their recorded order (the sort is stable). */
export function inAtOrder(events: readonly OutcomeEvent[]): OutcomeEvent[] {
  return events
    .map((event, index) => ({ event, index, at: Date.parse(atOf(event)) }))
    .sort((a, b) => a.at - b.at || a.index - b.index)
    .map(({ event }) => event);
}

function redacted(event: OutcomeEvent): OutcomeEvent {
  const paths = personalFieldsOf(event.type);
  if (paths.length === 0) return event;
  const data = structuredClone(event.data) as unknown as Record<string, unknown>;
  for (const path of paths) {
    const keys = path.split('.');
    const parent = keys
      .slice(0, -1)
      .reduce<unknown>(
        (node, key) =>
          node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined,
        data,
      ) as Record<string, unknown> | undefined;
    const last = keys[keys.length - 1];
    if (parent && typeof parent === 'object' && typeof parent[last] === 'string' && parent[last] !== '') {
      parent[last] = REDACTED;
    }
  }
  return { ...event, data } as unknown as OutcomeEvent;
}

/** The state of `recorded` (recorded order): folded in `at` order. */
export function outcomeStateOf(recorded: readonly OutcomeEvent[]): OutcomeState {
  const folded = inAtOrder(recorded).reduce(applyFact, initialOutcomeState());
  const people = recorded.filter((event) => !isSystemNotice(event)).map(atOf);
  const lastRecordedAt = people.length
    ? people.reduce((latest, at) => (Date.parse(at) > Date.parse(latest) ? at : latest))
    : null;
  const limitIndex = recorded.findIndex((event) => event.type === 'DetentionLimitExceeded');
  const extendedAfterLimit =
    limitIndex >= 0 && recorded.slice(limitIndex + 1).some((event) => event.type === 'DetentionExtended');
  const detention = folded.detention && {
    ...folded.detention,
    ...noticesFor(folded),
    limitExceededBeforeExtensionRecorded: extendedAfterLimit,
  };
  return { ...folded, detention, lastRecordedAt, recorded: [...recorded] };
}

/** `recorded` arrives in recorded order; the state is rebuilt in `at` order (streams are short). */
export function evolveOutcome(state: OutcomeState, event: OutcomeEvent): OutcomeState {
  return outcomeStateOf([...state.recorded, redacted(event)]);
}

function noticesFor(
  state: OutcomeState,
): Pick<Detention, 'deadlineApproachingNoticed' | 'limitExceededNoticed'> {
  const deadline = detentionDeadline(state);
  const detention = state.detention!;
  const named = (deadlines: Instant[]) =>
    deadline !== null && deadlines.some((noticed) => Date.parse(noticed) === Date.parse(deadline));
  return {
    deadlineApproachingNoticed: named(detention.approachingNoticedFor),
    limitExceededNoticed: named(detention.limitExceededFor),
  };
}

function withDetention(state: OutcomeState, change: Partial<Detention>): OutcomeState {
  if (!state.detention) return state;
  return { ...state, detention: { ...state.detention, ...change } };
}

/** Where a police-station stay starts when the person reaches (or is kept at) one. */
function policeStationStay(kind: PlaceOfSafetyKind, since: Instant | null): Partial<Detention> {
  return kind === 'police-station' && since
    ? { atPoliceStationSince: since, lastWelfareCheckAt: null, welfareOverdueNotices: [] }
    : { atPoliceStationSince: null, lastWelfareCheckAt: null, welfareOverdueNotices: [] };
}

/** One fact, in `at` order. */
function applyFact(state: OutcomeState, event: OutcomeEvent): OutcomeState {
  switch (event.type) {
    case 'Section136ConsultationRecorded': {
      const { data } = event;
      const consultation: Consultation = data.profession
        ? {
            kind: 'consulted',
            profession: data.profession,
            clinicianId: data.clinicianId ?? null,
            at: data.consultedAt,
          }
        : { kind: 'not-practicable', at: data.consultedAt };
      return { ...state, consultation };
    }
    case 'Section136Detained':
      return {
        ...state,
        detention: {
          status: 'active',
          detainedAt: event.data.detainedAt,
          ruleSetId: event.data.ruleSetId,
          subjectAgeYears: event.data.subjectAgeYears ?? null,
          placeOfSafety: null,
          placesOfSafety: [],
          clockStartedAt: null,
          extensionHours: 0,
          extensionCount: 0,
          deadlineApproachingNoticed: false,
          limitExceededNoticed: false,
          limitExceededFor: [],
          approachingNoticedFor: [],
          limitExceededBeforeExtensionRecorded: false,
          atPoliceStationSince: null,
          lastWelfareCheckAt: null,
          welfareOverdueNotices: [],
          policeStationInvalidated: null,
          assessmentCompleted: false,
          endedAt: null,
        },
      };
    case 'PlaceOfSafetyChosen': {
      const { kind, keptWhereFound } = event.data;
      const detention = state.detention;
      const clockStartedAt = keptWhereFound ? (detention?.detainedAt ?? null) : null;
      return withDetention(state, {
        placeOfSafety: { kind, keptWhereFound },
        placesOfSafety: [...(detention?.placesOfSafety ?? []), kind],
        clockStartedAt,
        subjectAgeYears: ageOr(event.data.subjectAgeYears, detention),
        policeStationInvalidated: null,
        ...policeStationStay(kind, clockStartedAt),
      });
    }
    case 'ConveyanceRecorded':
      return state;
    case 'ArrivedAtPlaceOfSafety': {
      const kind = state.detention?.placeOfSafety?.kind;
      return withDetention(state, {
        clockStartedAt: event.data.arrivedAt,
        ...(kind ? policeStationStay(kind, event.data.arrivedAt) : {}),
      });
    }
    case 'DetentionTransferred':
      return withDetention(state, {
        placeOfSafety: { kind: event.data.toKind, keptWhereFound: false },
        placesOfSafety: [...(state.detention?.placesOfSafety ?? []), event.data.toKind],
        subjectAgeYears: ageOr(event.data.subjectAgeYears, state.detention),
        policeStationInvalidated: null,
        ...policeStationStay(event.data.toKind, event.data.transferredAt),
      });
    case 'DetentionExtended':
      return withDetention(state, {
        extensionHours: (state.detention?.extensionHours ?? 0) + event.data.hours,
        extensionCount: (state.detention?.extensionCount ?? 0) + 1,
      });
    case 'DetentionDeadlineApproaching':
      return withDetention(state, {
        approachingNoticedFor: [...(state.detention?.approachingNoticedFor ?? []), event.data.deadline],
      });
    case 'DetentionLimitExceeded':
      return withDetention(state, {
        limitExceededFor: [...(state.detention?.limitExceededFor ?? []), event.data.deadline],
      });
    case 'WelfareCheckRecorded':
      return withDetention(state, { lastWelfareCheckAt: event.data.checkedAt });
    case 'WelfareCheckOverdue':
      return withDetention(state, {
        welfareOverdueNotices: [
          ...(state.detention?.welfareOverdueNotices ?? []),
          { sinceAt: event.data.sinceAt, dueAt: event.data.dueAt },
        ],
      });
    case 'PoliceStationUseInvalidated':
      return withDetention(state, {
        policeStationInvalidated: { at: event.data.invalidatedAt, ruleId: event.data.ruleId },
        subjectAgeYears: ageOr(event.data.subjectAgeYears, state.detention),
      });
    case 'AssessmentCompleted':
      return withDetention(state, { assessmentCompleted: true });
    case 'DetentionEnded':
      return withDetention(state, { status: 'ended', endedAt: event.data.endedAt });
    case 'DispositionRecorded':
      return { ...state, dispositions: [...state.dispositions, event.data.disposition] };
    case 'CaseClosed':
      return { ...state, closed: true };
  }
}

function ageOr(age: number | null | undefined, detention: Detention | null): number | null {
  return age === undefined ? (detention?.subjectAgeYears ?? null) : age;
}

/**
 * When the permitted period ends (rule 3 plus any extension), or null while the clock has not started
 * (detained, not yet at a place of safety) or there is no detention. For the durable scheduler.
 */
export function detentionDeadline(state: OutcomeState): Instant | null {
  const detention = state.detention;
  if (!detention?.clockStartedAt) return null;
  const rules = ruleSetById(detention.ruleSetId);
  return addHours(detention.clockStartedAt, rules.permittedPeriodHours + detention.extensionHours);
}

/** Regulation 4: when the next welfare check is (or was) due: the stay's start or the last check + the interval. */
export function nextWelfareCheckDue(state: OutcomeState): Instant | null {
  const base = welfareBase(state);
  return base && addMinutes(base, welfareIntervalOf(state));
}

/** When the next `WelfareCheckOverdue` falls due: one per missed interval since the last check. */
export function nextWelfareOverdueAt(state: OutcomeState): Instant | null {
  const base = welfareBase(state);
  if (!base) return null;
  const missed = state.detention!.welfareOverdueNotices.filter(
    (notice) => Date.parse(notice.sinceAt) === Date.parse(base),
  ).length;
  return addMinutes(base, welfareIntervalOf(state) * (missed + 1));
}

/** The arrival at the police station or the last check, while an active detention is there. */
export function welfareBase(state: OutcomeState): Instant | null {
  const detention = state.detention;
  if (!detention || detention.status !== 'active' || state.closed || !detention.atPoliceStationSince)
    return null;
  const since = detention.atPoliceStationSince;
  const check = detention.lastWelfareCheckAt;
  return check && Date.parse(check) > Date.parse(since) ? check : since;
}

function welfareIntervalOf(state: OutcomeState): number {
  return ruleSetById(state.detention!.ruleSetId).policeStation.welfareCheckIntervalMinutes;
}

/**
 * The next instant at which a `Tick` would produce an event, or null if none ever will (no running clock,
 * detention ended, notices given). The scheduler stores this and ticks then.
 */
export function nextClockCheckAt(state: OutcomeState, warningLeadMinutes?: number): Instant | null {
  const detention = state.detention;
  const deadline = detentionDeadline(state);
  if (!detention || !deadline || detention.status !== 'active' || state.closed) return null;
  const welfare = nextWelfareOverdueAt(state);
  let deadlineCheck: Instant | null = null;
  if (!detention.limitExceededNoticed) {
    const lead = warningLeadMinutes ?? ruleSetById(detention.ruleSetId).defaultWarningLeadMinutes;
    deadlineCheck = detention.deadlineApproachingNoticed ? deadline : addMinutes(deadline, -lead);
  }
  if (!welfare) return deadlineCheck;
  if (!deadlineCheck) return welfare;
  return Date.parse(welfare) < Date.parse(deadlineCheck) ? welfare : deadlineCheck;
}

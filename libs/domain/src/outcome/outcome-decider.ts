import {
  POLICE_VEHICLE_REASON_CODES,
  type AssessmentOutcome,
  type ConveyanceMode,
  type DetentionEndReason,
  type Disposition,
  type OccupierConsent,
  type OutcomeEvent,
  type PlaceOfSafetyKind,
  type PoliceVehicleReasonCode,
  type Profession,
} from '@rcrp/events';
import type { Decider } from '../decider';
import { DomainError } from '../domain-error';
import { RULE_IDS } from '../rule-ids';
import { addHours, addMinutes, millisOf, type Instant } from '../time';
import type { IncidentContext } from './incident-context';
import {
  atOf,
  detentionDeadline,
  evolveOutcome,
  inAtOrder,
  initialOutcomeState,
  nextWelfareOverdueAt,
  outcomeStateOf,
  REDACTED,
  welfareBase,
  type Detention,
  type OutcomeState,
} from './outcome-state';
import {
  POLICE_STATION_CONDITIONS,
  ruleSetAt,
  ruleSetById,
  type PoliceStationCondition,
  type Section136RuleSet,
} from './rule-sets';

/**
 * The outcome stream (outcomes): the section 136 lifecycle and every other disposition, enforcing
 * DESIGN §4 rules 1–10 from the rule set in force. `now` of each command is when the act happened: the rules
 * are evaluated on the history ordered by that time, so facts may be recorded late (rule 10).
 */

/** DESIGN §4 rule 10: a fact dated more than this before the latest recorded fact is a late entry. */
export const LATE_ENTRY_MINUTES = 15;
/** Time sanity (issue 14): how far before the incident's report, and how far ahead of the service's clock. */
export const BEFORE_REPORT_TOLERANCE_HOURS = 24;
export const FUTURE_TOLERANCE_MINUTES = 2;

type Base = {
  now: Instant;
  incidentId: string;
  /** Required when the fact is a late entry (rule 10); personal free text. */
  lateEntryReason?: string | null;
  /** The service's clock when the command arrived: `now` may not be more than 2 minutes ahead of it. */
  receivedAt?: Instant;
  /** The incident's `reportedAt` from intake: `now` may not be more than 24 hours before it. */
  incidentReportedAt?: Instant | null;
};
export type PoliceStationAuthorisationInput = {
  inspectorId: string;
  imminentRiskReason: string;
  noOtherPlaceReason?: string | null;
  healthcareProfessionalPresent?: boolean | null;
};
export type DwellingConsentInput = { detainedPerson: boolean; occupier: OccupierConsent };
export type PoliceVehicleReasonInput = { code: PoliceVehicleReasonCode; detail?: string | null };

/** Where a place of safety is chosen or transferred to; the age is intake's current one (undefined: the detention's). */
type PlaceFields = {
  policeStationAuthorisation?: PoliceStationAuthorisationInput | null;
  /** An "other suitable place" that is someone's home (rule 9). */
  isDwelling?: boolean | null;
  consent?: DwellingConsentInput | null;
  currentAgeYears?: number | null;
};

export type RecordConsultation = Base & {
  type: 'RecordConsultation';
  profession?: Profession | null;
  /** The professional consulted (staff number or registration). */
  clinicianId?: string | null;
  notPracticableReason?: string | null;
};
export type Detain = Base & { type: 'Detain'; officerId: string; context: IncidentContext };
export type ChoosePlaceOfSafety = Base &
  PlaceFields & {
    type: 'ChoosePlaceOfSafety';
    kind: PlaceOfSafetyKind;
    name?: string | null;
    /** The person stays where they are: the period runs from the decision to detain. */
    keptWhereFound: boolean;
  };
export type RecordConveyance = Base & {
  type: 'RecordConveyance';
  mode: ConveyanceMode;
  policeVehicleReason?: PoliceVehicleReasonInput | null;
};
export type RecordArrival = Base & { type: 'RecordArrival' };
export type TransferDetention = Base &
  PlaceFields & {
    type: 'TransferDetention';
    toKind: PlaceOfSafetyKind;
    toName?: string | null;
  };
export type ExtendDetention = Base & {
  type: 'ExtendDetention';
  hours: number;
  authorisedBy: { clinicianId: string; profession: Profession };
  superintendentId?: string | null;
  /** Why the person's condition makes assessment impracticable within the period. */
  reason: string;
};
/** Regulation 4: a healthcare professional checked the welfare of the person held at a police station. */
export type RecordWelfareCheck = Base & {
  type: 'RecordWelfareCheck';
  checkedBy: string;
  profession: Profession;
};
export type CompleteAssessment = Base & {
  type: 'CompleteAssessment';
  outcome: AssessmentOutcome;
  /** The professional who assessed (staff number or registration). */
  clinicianId?: string | null;
};
export type EndDetention = Base & { type: 'EndDetention'; reason: DetentionEndReason };
export type RecordDisposition = Base & {
  type: 'RecordDisposition';
  disposition: Disposition;
  notes?: string | null;
};
export type CloseCase = Base & { type: 'CloseCase' };
/** From the durable scheduler: the current time; `warningLeadMinutes` overrides the rule set's default. */
export type Tick = Base & { type: 'Tick'; warningLeadMinutes?: number };
/** From intake's amendments: the person's current age, re-checked against where they are held (rule 5). */
export type ReviewSubjectAge = Base & { type: 'ReviewSubjectAge'; currentAgeYears: number | null };

export type OutcomeCommand =
  | RecordConsultation
  | Detain
  | ChoosePlaceOfSafety
  | RecordConveyance
  | RecordArrival
  | TransferDetention
  | ExtendDetention
  | RecordWelfareCheck
  | CompleteAssessment
  | EndDetention
  | RecordDisposition
  | CloseCase
  | Tick
  | ReviewSubjectAge;

/** Commands a person records (the clock and intake's facts are the service's own). */
type PersonCommand = Exclude<OutcomeCommand, Tick | ReviewSubjectAge>;

const refuse = (ruleId: ConstructorParameters<typeof DomainError>[0], message: string): never => {
  throw new DomainError(ruleId, message);
};

const isBlank = (text: string | null | undefined) => !text || text.trim().length === 0;

function requireCaseOpen(state: OutcomeState): void {
  if (state.closed) refuse(RULE_IDS.caseClosed, 'This case is closed; nothing more can be recorded on it.');
}

/** The active detention, or the reason there is none. */
function requireActiveDetention(state: OutcomeState, action: string): Detention {
  const detention = state.detention;
  if (!detention) {
    return refuse(
      RULE_IDS.s136NotDetained,
      `No section 136 detention has been recorded, so ${action} cannot be recorded.`,
    );
  }
  if (detention.status === 'ended') {
    return refuse(
      RULE_IDS.s136DetentionEnded,
      `The section 136 detention has already ended, so ${action} cannot be recorded.`,
    );
  }
  return detention;
}

function requireClockStarted(detention: Detention, action: string): Instant {
  if (!detention.clockStartedAt) {
    return refuse(
      RULE_IDS.s136ClockNotStarted,
      `The person has not reached a place of safety yet, so ${action} cannot be recorded.`,
    );
  }
  return detention.clockStartedAt;
}

const CONDITION_REFUSALS: Record<
  PoliceStationCondition,
  {
    ruleId: ConstructorParameters<typeof DomainError>[0];
    met: (a: PoliceStationAuthorisationInput) => boolean;
    message: string;
  }
> = {
  'inspector-authorisation': {
    ruleId: RULE_IDS.posPoliceStationAuthorisation,
    met: (a) => !isBlank(a.inspectorId),
    message: 'A police station needs the authorisation of an inspector (or above), recorded with their id.',
  },
  'imminent-risk': {
    ruleId: RULE_IDS.posPoliceStationImminentRisk,
    met: (a) => !isBlank(a.imminentRiskReason),
    message:
      'A police station needs the reason the person’s behaviour poses an imminent risk of serious injury or death (SI 2017/1036 reg. 2).',
  },
  'no-other-place': {
    ruleId: RULE_IDS.posPoliceStationNoOtherPlace,
    met: (a) => !isBlank(a.noOtherPlaceReason),
    message:
      'A police station needs the reason no other place of safety in the area can reasonably be expected to detain the person (SI 2017/1036 reg. 2).',
  },
  'healthcare-professional-present': {
    ruleId: RULE_IDS.posPoliceStationHealthcareProfessional,
    met: (a) => a.healthcareProfessionalPresent === true,
    message:
      'A police station needs a healthcare professional present and available to the person (SI 2017/1036 reg. 2 and 4(1)(b)).',
  },
};

/** Rules 5 and 8: when a police station may be a place of safety, with intake's current age. */
function checkPoliceStation(rules: Section136RuleSet, detention: Detention, place: PlaceFields): void {
  const policeStation = rules.policeStation;
  if (!policeStation.permitted) {
    refuse(
      RULE_IDS.posPoliceStationNotPermitted,
      'A police station is no longer a place of safety under the rules in force.',
    );
  }
  const age = place.currentAgeYears === undefined ? detention.subjectAgeYears : place.currentAgeYears;
  if (age === null) {
    refuse(
      RULE_IDS.posPoliceStationAgeUnknown,
      'A police station cannot be used while the person’s age is unknown: it is never a place of safety for anyone under 18.',
    );
  }
  if ((age ?? 0) < policeStation.minimumAgeYears) {
    refuse(
      RULE_IDS.posPoliceStationUnder18,
      'A police station is never a place of safety for a person under 18.',
    );
  }
  const authorisation = place.policeStationAuthorisation;
  for (const condition of POLICE_STATION_CONDITIONS) {
    if (!policeStation.requiredConditions.includes(condition)) continue;
    const refusal = CONDITION_REFUSALS[condition];
    if (!authorisation || !refusal.met(authorisation)) refuse(refusal.ruleId, refusal.message);
  }
}

/** Rule 9 (s135(7)): a dwelling needs the detained person's consent and the occupier's (or they are the occupier). */
function checkDwelling(rules: Section136RuleSet, kind: PlaceOfSafetyKind, place: PlaceFields): void {
  if (kind !== 'other-suitable-place' || place.isDwelling !== true || !rules.dwelling.requiresConsent) return;
  const consent = place.consent;
  const occupierAgrees = consent?.occupier === 'given' || consent?.occupier === 'is-detained-person';
  if (consent?.detainedPerson !== true || !occupierAgrees) {
    refuse(
      RULE_IDS.posDwellingConsent,
      'A home can be a place of safety only with the detained person’s consent and, if they do not live there alone as occupier, the occupier’s consent.',
    );
  }
}

/** What a chosen place or transfer records of rules 5, 8 and 9, beyond its kind. */
function placeFacts(kind: PlaceOfSafetyKind, detention: Detention, place: PlaceFields) {
  return {
    // An authorisation only means something for a police station; elsewhere it is not recorded.
    policeStationAuthorisation:
      kind === 'police-station' && place.policeStationAuthorisation
        ? {
            inspectorId: place.policeStationAuthorisation.inspectorId,
            imminentRiskReason: place.policeStationAuthorisation.imminentRiskReason,
            noOtherPlaceReason: place.policeStationAuthorisation.noOtherPlaceReason ?? undefined,
            healthcareProfessionalPresent:
              place.policeStationAuthorisation.healthcareProfessionalPresent ?? undefined,
          }
        : null,
    ...(kind === 'other-suitable-place'
      ? { isDwelling: place.isDwelling === true, consent: place.consent ?? null }
      : {}),
    subjectAgeYears: place.currentAgeYears === undefined ? detention.subjectAgeYears : place.currentAgeYears,
  };
}

function decideConsultation(command: RecordConsultation, state: OutcomeState): OutcomeEvent[] {
  if (state.detention) {
    refuse(
      RULE_IDS.s136ConsultationAfterDetention,
      'Consultation is recorded before the decision to detain, not after it.',
    );
  }
  const consulted = command.profession != null;
  const notPracticable = !isBlank(command.notPracticableReason);
  if (consulted === notPracticable) {
    refuse(
      RULE_IDS.s136ConsultationIncomplete,
      'Record either the professional consulted (with their profession) or why consultation was not practicable.',
    );
  }
  const rules = ruleSetAt(command.now);
  if (consulted && !rules.consultationProfessions.includes(command.profession!)) {
    refuse(
      RULE_IDS.s136ConsultationProfession,
      'Section 136 consultation is with a doctor, nurse, AMHP, occupational therapist or paramedic; that profession is not one of them.',
    );
  }
  return [
    {
      type: 'Section136ConsultationRecorded',
      data: {
        incidentId: command.incidentId,
        consultedAt: command.now,
        clinicianId: consulted ? (command.clinicianId ?? null) : null,
        profession: consulted ? command.profession! : null,
        notPracticableReason: consulted ? null : command.notPracticableReason!,
      },
    },
  ];
}

function decideDetention(command: Detain, state: OutcomeState): OutcomeEvent[] {
  if (state.detention) {
    refuse(RULE_IDS.s136AlreadyDetained, 'A section 136 detention has already been recorded on this case.');
  }
  const rules = ruleSetAt(command.now);
  const { context } = command;
  // Rule 1.
  if (context.locationKind === 'private-dwelling') {
    refuse(
      RULE_IDS.s136PrivateDwelling,
      'Section 136 cannot be used in a house, flat or room where a person lives, or its private garden or buildings.',
    );
  }
  // Rule 2: the line's own advice counts as the consultation and is linked; else a recorded consultation.
  const lineAdvice = context.advice
    .filter((advice) => rules.consultationProfessions.includes(advice.profession))
    .filter((advice) => Date.parse(advice.givenAt) <= millisOf(command.now))
    .sort((a, b) => Date.parse(a.givenAt) - Date.parse(b.givenAt))
    .at(-1);
  const basis = lineAdvice
    ? 'line-advice'
    : state.consultation?.kind === 'consulted'
      ? 'recorded-consultation'
      : state.consultation?.kind === 'not-practicable'
        ? 'not-practicable'
        : refuse(
            RULE_IDS.s136ConsultationRequired,
            'Before detaining, consult a doctor, nurse, AMHP, occupational therapist or paramedic (or record why it was not practicable).',
          );
  return [
    {
      type: 'Section136Detained',
      data: {
        incidentId: command.incidentId,
        detainedAt: command.now,
        officerId: command.officerId,
        locationKind: context.locationKind,
        ruleSetId: rules.id,
        consultationBasis: basis,
        adviceEventId: lineAdvice?.eventId ?? null,
        subjectAgeYears: context.subjectAgeYears,
      },
    },
  ];
}

function decidePlaceOfSafety(command: ChoosePlaceOfSafety, state: OutcomeState): OutcomeEvent[] {
  const detention = requireActiveDetention(state, 'a place of safety');
  if (detention.clockStartedAt) {
    refuse(
      RULE_IDS.s136AlreadyAtPlaceOfSafety,
      'The person is already at a place of safety; record a transfer instead.',
    );
  }
  const rules = ruleSetById(detention.ruleSetId);
  if (command.kind === 'police-station') checkPoliceStation(rules, detention, command);
  checkDwelling(rules, command.kind, command);
  return [
    {
      type: 'PlaceOfSafetyChosen',
      data: {
        incidentId: command.incidentId,
        chosenAt: command.now,
        kind: command.kind,
        name: command.name ?? null,
        keptWhereFound: command.keptWhereFound,
        ...placeFacts(command.kind, detention, command),
      },
    },
  ];
}

function decideConveyance(command: RecordConveyance, state: OutcomeState): OutcomeEvent[] {
  requireActiveDetention(state, 'a conveyance');
  // Rule 6: a coded reason; `other` says what it was.
  const reason = command.policeVehicleReason;
  const police = command.mode === 'police-vehicle';
  if (
    police &&
    (!reason ||
      !POLICE_VEHICLE_REASON_CODES.includes(reason.code) ||
      (reason.code === 'other' && isBlank(reason.detail)))
  ) {
    refuse(
      RULE_IDS.conveyancePoliceVehicleReason,
      'Conveying the person in a police vehicle needs a recorded reason: a reason code, and for `other` a detail.',
    );
  }
  return [
    {
      type: 'ConveyanceRecorded',
      data: {
        incidentId: command.incidentId,
        conveyedAt: command.now,
        mode: command.mode,
        policeVehicleReason:
          police && reason
            ? { code: reason.code, detail: isBlank(reason.detail) ? null : reason.detail! }
            : null,
      },
    },
  ];
}

function decideArrival(command: RecordArrival, state: OutcomeState): OutcomeEvent[] {
  const detention = requireActiveDetention(state, 'an arrival at a place of safety');
  if (!detention.placeOfSafety) {
    refuse(RULE_IDS.posNotChosen, 'Choose the place of safety before recording the arrival there.');
  }
  if (detention.clockStartedAt) {
    refuse(
      RULE_IDS.s136AlreadyAtPlaceOfSafety,
      'The person is already at a place of safety; record a transfer instead.',
    );
  }
  return [
    { type: 'ArrivedAtPlaceOfSafety', data: { incidentId: command.incidentId, arrivedAt: command.now } },
  ];
}

function decideTransfer(command: TransferDetention, state: OutcomeState): OutcomeEvent[] {
  const detention = requireActiveDetention(state, 'a transfer');
  if (!detention.clockStartedAt) {
    refuse(
      RULE_IDS.s136TransferBeforeArrival,
      'The person has not arrived at a place of safety yet, so cannot be transferred.',
    );
  }
  const rules = ruleSetById(detention.ruleSetId);
  if (command.toKind === 'police-station') checkPoliceStation(rules, detention, command);
  checkDwelling(rules, command.toKind, command);
  return [
    {
      type: 'DetentionTransferred',
      data: {
        incidentId: command.incidentId,
        transferredAt: command.now,
        toKind: command.toKind,
        toName: command.toName ?? null,
        ...placeFacts(command.toKind, detention, command),
      },
    },
  ];
}

function decideExtension(command: ExtendDetention, state: OutcomeState): OutcomeEvent[] {
  const detention = requireActiveDetention(state, 'an extension');
  requireClockStarted(detention, 'an extension');
  const rules = ruleSetById(detention.ruleSetId);
  const deadline = detentionDeadline(state)!;
  if (detention.extensionCount >= rules.maxExtensions) {
    refuse(
      RULE_IDS.s136ExtensionOnce,
      'The permitted period has already been extended; it can be extended only once.',
    );
  }
  if (!(command.hours > 0 && command.hours <= rules.maxExtensionHours)) {
    refuse(
      RULE_IDS.s136ExtensionMaxHours,
      `An extension is for more than 0 and at most ${rules.maxExtensionHours} hours.`,
    );
  }
  if (!rules.extensionProfessions.includes(command.authorisedBy.profession)) {
    refuse(
      RULE_IDS.s136ExtensionByRmp,
      'Only the registered medical practitioner responsible for the examination can extend the period.',
    );
  }
  if (millisOf(command.now) >= Date.parse(deadline)) {
    refuse(
      RULE_IDS.s136ExtensionAfterExpiry,
      `The permitted period ended at ${deadline}; it can only be extended before it ends.`,
    );
  }
  if (
    detention.placeOfSafety?.kind === 'police-station' &&
    rules.policeStation.extensionRequiresSuperintendent &&
    isBlank(command.superintendentId)
  ) {
    refuse(
      RULE_IDS.s136ExtensionSuperintendent,
      'At a police station, an extension also needs a superintendent’s approval.',
    );
  }
  if (isBlank(command.reason)) {
    refuse(
      RULE_IDS.s136ExtensionReason,
      'An extension needs the reason the person’s condition makes it impracticable to complete the assessment in time.',
    );
  }
  return [
    {
      type: 'DetentionExtended',
      data: {
        incidentId: command.incidentId,
        extendedAt: command.now,
        hours: command.hours,
        authorisedBy: command.authorisedBy,
        superintendentId: command.superintendentId ?? null,
        reason: command.reason,
        newDeadline: addHours(deadline, command.hours),
      },
    },
  ];
}

function decideWelfareCheck(command: RecordWelfareCheck, state: OutcomeState): OutcomeEvent[] {
  const detention = requireActiveDetention(state, 'a welfare check');
  if (!detention.atPoliceStationSince) {
    refuse(
      RULE_IDS.welfareCheckNotAtPoliceStation,
      'Welfare checks (SI 2017/1036 reg. 4) are recorded while the person is held at a police station; at that time they were not.',
    );
  }
  const rules = ruleSetById(detention.ruleSetId);
  if (!rules.policeStation.welfareCheckProfessions.includes(command.profession)) {
    refuse(
      RULE_IDS.welfareCheckProfession,
      'A welfare check is made by a healthcare professional: a doctor, nurse, AMHP, occupational therapist or paramedic.',
    );
  }
  return [
    {
      type: 'WelfareCheckRecorded',
      data: {
        incidentId: command.incidentId,
        checkedAt: command.now,
        checkedBy: command.checkedBy,
        profession: command.profession,
      },
    },
  ];
}

/** Rule 5 is absolute: when intake's amendment shows a person held at a police station is under 18, say so at once. */
function decideAgeReview(command: ReviewSubjectAge, state: OutcomeState): OutcomeEvent[] {
  const detention = state.detention;
  if (state.closed || !detention || detention.status !== 'active') return [];
  if (detention.placeOfSafety?.kind !== 'police-station' || detention.policeStationInvalidated) return [];
  const age = command.currentAgeYears;
  if (age === null || age >= ruleSetById(detention.ruleSetId).policeStation.minimumAgeYears) return [];
  return [
    {
      type: 'PoliceStationUseInvalidated',
      data: {
        incidentId: command.incidentId,
        invalidatedAt: command.now,
        ruleId: RULE_IDS.posPoliceStationUnder18,
        subjectAgeYears: age,
      },
    },
  ];
}

function decideAssessment(command: CompleteAssessment, state: OutcomeState): OutcomeEvent[] {
  const detention = requireActiveDetention(state, 'an assessment');
  requireClockStarted(detention, 'an assessment');
  if (detention.assessmentCompleted) {
    refuse(RULE_IDS.s136AssessmentAlreadyCompleted, 'The assessment has already been recorded as completed.');
  }
  return [
    {
      type: 'AssessmentCompleted',
      data: {
        incidentId: command.incidentId,
        completedAt: command.now,
        outcome: command.outcome,
        clinicianId: command.clinicianId ?? null,
      },
    },
  ];
}

function decideEnd(command: EndDetention, state: OutcomeState): OutcomeEvent[] {
  requireActiveDetention(state, 'its end');
  return [
    {
      type: 'DetentionEnded',
      data: { incidentId: command.incidentId, endedAt: command.now, reason: command.reason },
    },
  ];
}

function decideDisposition(command: RecordDisposition, state: OutcomeState): OutcomeEvent[] {
  if (state.detention?.status === 'active') {
    refuse(
      RULE_IDS.dispositionDetentionActive,
      'End the section 136 detention before recording another disposition.',
    );
  }
  return [
    {
      type: 'DispositionRecorded',
      data: {
        incidentId: command.incidentId,
        recordedAt: command.now,
        disposition: command.disposition,
        notes: command.notes ?? null,
      },
    },
  ];
}

function decideClose(command: CloseCase, state: OutcomeState): OutcomeEvent[] {
  if (state.detention?.status === 'active') {
    refuse(
      RULE_IDS.caseOpenDetention,
      'The case cannot be closed while the section 136 detention is still active.',
    );
  }
  if (!state.detention && state.dispositions.length === 0) {
    refuse(
      RULE_IDS.caseNoOutcome,
      'Record what happened (a disposition or a detention) before closing the case.',
    );
  }
  return [{ type: 'CaseClosed', data: { incidentId: command.incidentId, closedAt: command.now } }];
}

/** At most this many overdue notices in one tick (a scheduler down for a day must not flood the stream). */
const MAX_WELFARE_NOTICES_PER_TICK = 48;

/**
 * Rules 7 and 8: each deadline notice once per deadline, as soon as a tick at or after its time arrives (only the
 * limit notice when the deadline has already passed: a warning after the breach would mislead); one
 * `WelfareCheckOverdue` per missed welfare-check interval at a police station.
 */
function decideTick(command: Tick, state: OutcomeState): OutcomeEvent[] {
  const detention = state.detention;
  if (!detention || detention.status !== 'active' || state.closed) return [];
  const now = millisOf(command.now);
  const events: OutcomeEvent[] = [];
  const deadline = detentionDeadline(state);
  if (deadline) {
    const leadMinutes =
      command.warningLeadMinutes ?? ruleSetById(detention.ruleSetId).defaultWarningLeadMinutes;
    const common = { incidentId: command.incidentId, deadline, noticedAt: command.now };
    if (!detention.limitExceededNoticed && now >= Date.parse(deadline)) {
      events.push({ type: 'DetentionLimitExceeded', data: common });
    } else if (
      !detention.deadlineApproachingNoticed &&
      !detention.limitExceededNoticed &&
      now >= Date.parse(deadline) - leadMinutes * 60_000
    ) {
      events.push({ type: 'DetentionDeadlineApproaching', data: { ...common, leadMinutes } });
    }
  }
  let welfare = events.reduce(evolveOutcome, state);
  const intervalMinutes = ruleSetById(detention.ruleSetId).policeStation.welfareCheckIntervalMinutes;
  for (let notices = 0; notices < MAX_WELFARE_NOTICES_PER_TICK; notices++) {
    const dueAt = nextWelfareOverdueAt(welfare);
    const sinceAt = welfareBase(welfare);
    if (!dueAt || !sinceAt || Date.parse(dueAt) > now) break;
    const notice: OutcomeEvent = {
      type: 'WelfareCheckOverdue',
      data: { incidentId: command.incidentId, sinceAt, dueAt, noticedAt: command.now, intervalMinutes },
    };
    events.push(notice);
    welfare = evolveOutcome(welfare, notice);
  }
  return events;
}

/** Rule 6 of time: no fact from before the incident could plausibly have happened, none from the future. */
function requireSaneTime(command: PersonCommand): void {
  const now = millisOf(command.now);
  if (command.receivedAt && now > Date.parse(addMinutes(command.receivedAt, FUTURE_TOLERANCE_MINUTES))) {
    refuse(
      RULE_IDS.commandTimeInvalid,
      `The time given is more than ${FUTURE_TOLERANCE_MINUTES} minutes in the future; record what has happened, when it happened.`,
    );
  }
  if (
    command.incidentReportedAt &&
    now < Date.parse(addHours(command.incidentReportedAt, -BEFORE_REPORT_TOLERANCE_HOURS))
  ) {
    refuse(
      RULE_IDS.commandTimeInvalid,
      `The time given is more than ${BEFORE_REPORT_TOLERANCE_HOURS} hours before the incident was reported.`,
    );
  }
}

/** Rule 10: dated well before the latest recorded fact, or before a recorded breach of the limit. */
function isLateEntry(state: OutcomeState, now: Instant): boolean {
  const at = Date.parse(now);
  if (state.lastRecordedAt && at < Date.parse(addMinutes(state.lastRecordedAt, -LATE_ENTRY_MINUTES)))
    return true;
  return state.recorded.some(
    (event) => event.type === 'DetentionLimitExceeded' && at < Date.parse(event.data.noticedAt),
  );
}

/** The rules of one person's command on the state at its time. */
function decideAt(command: PersonCommand, state: OutcomeState): OutcomeEvent[] {
  requireCaseOpen(state);
  switch (command.type) {
    case 'RecordConsultation':
      return decideConsultation(command, state);
    case 'Detain':
      return decideDetention(command, state);
    case 'ChoosePlaceOfSafety':
      return decidePlaceOfSafety(command, state);
    case 'RecordConveyance':
      return decideConveyance(command, state);
    case 'RecordArrival':
      return decideArrival(command, state);
    case 'TransferDetention':
      return decideTransfer(command, state);
    case 'ExtendDetention':
      return decideExtension(command, state);
    case 'RecordWelfareCheck':
      return decideWelfareCheck(command, state);
    case 'CompleteAssessment':
      return decideAssessment(command, state);
    case 'EndDetention':
      return decideEnd(command, state);
    case 'RecordDisposition':
      return decideDisposition(command, state);
    case 'CloseCase':
      return decideClose(command, state);
  }
}

/**
 * The command a recorded fact answered, to re-check it when a late fact is placed before it. Only what depends on
 * the history is re-checked: the fact's own content (reasons, consents, authorisations) was checked when it was
 * recorded and stands (its personal text is redacted in the state, and facts from before issue 14 lack fields the
 * rules now ask for). Notices of the service are not re-checked.
 */
function commandOf(event: OutcomeEvent, incidentId: string): PersonCommand | null {
  const base = { incidentId, now: atOf(event) };
  const asRecorded = {
    policeStationAuthorisation: {
      inspectorId: REDACTED,
      imminentRiskReason: REDACTED,
      noOtherPlaceReason: REDACTED,
      healthcareProfessionalPresent: true,
    },
    isDwelling: false,
  };
  switch (event.type) {
    case 'Section136ConsultationRecorded':
      return {
        ...base,
        type: 'RecordConsultation',
        profession: event.data.profession ?? null,
        clinicianId: event.data.clinicianId ?? null,
        notPracticableReason: event.data.profession ? null : REDACTED,
      };
    case 'Section136Detained':
      return {
        ...base,
        type: 'Detain',
        officerId: event.data.officerId,
        context: {
          locationKind: event.data.locationKind,
          subjectAgeYears: event.data.subjectAgeYears ?? null,
          advice:
            event.data.consultationBasis === 'line-advice'
              ? [
                  {
                    eventId: event.data.adviceEventId ?? REDACTED,
                    clinicianId: REDACTED,
                    profession: 'registered-nurse',
                    givenAt: base.now,
                  },
                ]
              : [],
        },
      };
    case 'PlaceOfSafetyChosen':
      return {
        ...base,
        ...asRecorded,
        type: 'ChoosePlaceOfSafety',
        kind: event.data.kind,
        keptWhereFound: event.data.keptWhereFound,
        currentAgeYears: event.data.subjectAgeYears,
      };
    case 'ConveyanceRecorded':
      return {
        ...base,
        type: 'RecordConveyance',
        mode: event.data.mode,
        policeVehicleReason:
          event.data.mode === 'police-vehicle' ? { code: 'other', detail: REDACTED } : null,
      };
    case 'ArrivedAtPlaceOfSafety':
      return { ...base, type: 'RecordArrival' };
    case 'DetentionTransferred':
      return {
        ...base,
        ...asRecorded,
        type: 'TransferDetention',
        toKind: event.data.toKind,
        currentAgeYears: event.data.subjectAgeYears,
      };
    case 'DetentionExtended':
      return {
        ...base,
        type: 'ExtendDetention',
        hours: event.data.hours,
        authorisedBy: event.data.authorisedBy,
        superintendentId: event.data.superintendentId ?? null,
        reason: REDACTED,
      };
    case 'WelfareCheckRecorded':
      return {
        ...base,
        type: 'RecordWelfareCheck',
        checkedBy: event.data.checkedBy,
        profession: event.data.profession,
      };
    case 'AssessmentCompleted':
      return { ...base, type: 'CompleteAssessment', outcome: event.data.outcome };
    case 'DetentionEnded':
      return { ...base, type: 'EndDetention', reason: event.data.reason };
    case 'DispositionRecorded':
      return { ...base, type: 'RecordDisposition', disposition: event.data.disposition };
    case 'CaseClosed':
      return { ...base, type: 'CloseCase' };
    default:
      return null;
  }
}

/**
 * Rule 10: the command is decided on the state at its time (the facts recorded with an earlier or equal `at`);
 * then every fact recorded with a later `at` is re-checked on the history with the new fact in place, and the
 * command is refused with the rule such a fact would break. A late entry carries `lateEntry` and its reason.
 */
function decidePersonCommand(command: PersonCommand, state: OutcomeState): OutcomeEvent[] {
  requireCaseOpen(state);
  requireSaneTime(command);
  const at = Date.parse(command.now);
  const earlier = state.recorded.filter((event) => Date.parse(atOf(event)) <= at);
  const later = state.recorded.filter((event) => Date.parse(atOf(event)) > at);
  const decided = decideAt(command, outcomeStateOf(earlier));
  const broken = firstUnlawfulFact([...earlier, ...decided], later, command.incidentId);
  if (broken) {
    refuse(
      broken.error.ruleId,
      `This would make a fact already recorded (${broken.fact.type} at ${atOf(broken.fact)}) unlawful: ${broken.error.message}`,
    );
  }
  if (!isLateEntry(state, command.now)) return decided;
  if (isBlank(command.lateEntryReason)) {
    throw new DomainError(
      RULE_IDS.lateEntryReasonRequired,
      `This is recorded more than ${LATE_ENTRY_MINUTES} minutes after a later fact of the case (or after the limit notice): a late entry needs lateEntryReason, why it is recorded late.`,
      'lateEntryReason',
    );
  }
  return decided.map(
    (event) =>
      ({
        ...event,
        data: { ...event.data, lateEntry: true, lateEntryReason: command.lateEntryReason },
      }) as OutcomeEvent,
  );
}

/**
 * The first of `facts` (taken in `at` order after the history `before`) whose rules refuse it on the history
 * before it, with the refusal; null when every one is lawful there.
 */
function firstUnlawfulFact(
  before: readonly OutcomeEvent[],
  facts: readonly OutcomeEvent[],
  incidentId: string,
): { fact: OutcomeEvent; error: DomainError } | null {
  let history = before.reduce(evolveOutcome, initialOutcomeState());
  for (const fact of inAtOrder(facts)) {
    const recheck = commandOf(fact, incidentId);
    if (recheck) {
      try {
        decideAt(recheck, history);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        return { fact, error };
      }
    }
    history = evolveOutcome(history, fact);
  }
  return null;
}

/**
 * Rule 10's guarantee, for audits and the property tests: re-read in `at` order, is every fact of a recorded
 * history lawful on the facts before it? Null when it is; else the first fact that is not, and the rule it breaks.
 */
export function unlawfulFactInAtOrder(
  recorded: readonly OutcomeEvent[],
  incidentId: string,
): { type: OutcomeEvent['type']; at: Instant; ruleId: string } | null {
  const broken = firstUnlawfulFact([], recorded, incidentId);
  return broken && { type: broken.fact.type, at: atOf(broken.fact), ruleId: broken.error.ruleId };
}

export function decideOutcome(command: OutcomeCommand, state: OutcomeState): OutcomeEvent[] {
  millisOf(command.now);
  if (command.type === 'Tick') return decideTick(command, state);
  if (command.type === 'ReviewSubjectAge') return decideAgeReview(command, state);
  return decidePersonCommand(command, state);
}

export const outcomeDecider: Decider<OutcomeCommand, OutcomeEvent, OutcomeState> = {
  initialState: initialOutcomeState,
  evolve: evolveOutcome,
  decide: decideOutcome,
};

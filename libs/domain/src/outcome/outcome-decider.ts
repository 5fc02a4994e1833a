import type {
  AssessmentOutcome,
  ConveyanceMode,
  DetentionEndReason,
  Disposition,
  OutcomeEvent,
  PlaceOfSafetyKind,
  Profession,
} from '@rcrp/events';
import type { Decider } from '../decider';
import { DomainError } from '../domain-error';
import { RULE_IDS } from '../rule-ids';
import { addHours, millisOf, type Instant } from '../time';
import type { IncidentContext } from './incident-context';
import {
  detentionDeadline,
  evolveOutcome,
  initialOutcomeState,
  type Detention,
  type OutcomeState,
} from './outcome-state';
import { ruleSetAt, ruleSetById, type Section136RuleSet } from './rule-sets';

/**
 * The outcome stream (outcomes): the section 136 lifecycle and every other disposition, enforcing
 * DESIGN §4 rules 1–7 from the rule set in force. `now` of each command is when the act happened.
 */

type Base = { now: Instant; incidentId: string };
export type PoliceStationAuthorisationInput = { inspectorId: string; imminentRiskReason: string };

export type RecordConsultation = Base & {
  type: 'RecordConsultation';
  profession?: Profession | null;
  professionalId?: string | null;
  notPracticableReason?: string | null;
};
export type Detain = Base & { type: 'Detain'; officerId: string; context: IncidentContext };
export type ChoosePlaceOfSafety = Base & {
  type: 'ChoosePlaceOfSafety';
  kind: PlaceOfSafetyKind;
  name?: string | null;
  /** The person stays where they are: the period runs from the decision to detain. */
  keptWhereFound: boolean;
  policeStationAuthorisation?: PoliceStationAuthorisationInput | null;
};
export type RecordConveyance = Base & {
  type: 'RecordConveyance';
  mode: ConveyanceMode;
  policeVehicleReason?: string | null;
};
export type RecordArrival = Base & { type: 'RecordArrival' };
export type TransferDetention = Base & {
  type: 'TransferDetention';
  toKind: PlaceOfSafetyKind;
  toName?: string | null;
  policeStationAuthorisation?: PoliceStationAuthorisationInput | null;
};
export type ExtendDetention = Base & {
  type: 'ExtendDetention';
  hours: number;
  authorisedBy: { clinicianId: string; profession: Profession };
  superintendentId?: string | null;
  /** Why the person's condition makes assessment impracticable within the period. */
  reason: string;
};
export type CompleteAssessment = Base & {
  type: 'CompleteAssessment';
  outcome: AssessmentOutcome;
  assessedBy?: string | null;
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

export type OutcomeCommand =
  | RecordConsultation
  | Detain
  | ChoosePlaceOfSafety
  | RecordConveyance
  | RecordArrival
  | TransferDetention
  | ExtendDetention
  | CompleteAssessment
  | EndDetention
  | RecordDisposition
  | CloseCase
  | Tick;

const refuse = (ruleId: ConstructorParameters<typeof DomainError>[0], message: string): never => {
  throw new DomainError(ruleId, message);
};

const isBlank = (text: string | null | undefined) => !text || text.trim().length === 0;

function requireCaseOpen(state: OutcomeState): void {
  if (state.closed) refuse(RULE_IDS.caseClosed, 'This case is closed; nothing more can be recorded on it.');
}

/** Commands record facts in order: a command may not claim to have happened before the last recorded one. */
function requireInOrder(state: OutcomeState, now: Instant): void {
  if (state.lastRecordedAt && millisOf(now) < Date.parse(state.lastRecordedAt)) {
    refuse(
      RULE_IDS.commandTimeBeforeLastEvent,
      `The time given is before the last thing recorded on this case (${state.lastRecordedAt}).`,
    );
  }
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

/** Rule 5: when a police station may be a place of safety. */
function checkPoliceStation(
  rules: Section136RuleSet,
  detention: Detention,
  authorisation: PoliceStationAuthorisationInput | null | undefined,
): void {
  const policeStation = rules.policeStation;
  if (!policeStation.permitted) {
    refuse(
      RULE_IDS.posPoliceStationNotPermitted,
      'A police station is no longer a place of safety under the rules in force.',
    );
  }
  if (detention.subjectAgeYears === null) {
    refuse(
      RULE_IDS.posPoliceStationAgeUnknown,
      'A police station cannot be used while the person’s age is unknown: it is never a place of safety for anyone under 18.',
    );
  }
  if ((detention.subjectAgeYears ?? 0) < policeStation.minimumAgeYears) {
    refuse(
      RULE_IDS.posPoliceStationUnder18,
      'A police station is never a place of safety for a person under 18.',
    );
  }
  if (
    policeStation.requiresInspectorAuthorisation &&
    (!authorisation || isBlank(authorisation.inspectorId) || isBlank(authorisation.imminentRiskReason))
  ) {
    refuse(
      RULE_IDS.posPoliceStationAuthorisation,
      'A police station needs an inspector’s authorisation, with the reason the person’s behaviour poses an imminent risk of serious injury or death.',
    );
  }
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
      `A ${command.profession} is not a professional section 136 consultation can be with.`,
    );
  }
  return [
    {
      type: 'Section136ConsultationRecorded',
      data: {
        incidentId: command.incidentId,
        consultedAt: command.now,
        professionalId: consulted ? (command.professionalId ?? null) : null,
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
  if (command.kind === 'police-station') {
    checkPoliceStation(ruleSetById(detention.ruleSetId), detention, command.policeStationAuthorisation);
  }
  return [
    {
      type: 'PlaceOfSafetyChosen',
      data: {
        incidentId: command.incidentId,
        chosenAt: command.now,
        kind: command.kind,
        name: command.name ?? null,
        keptWhereFound: command.keptWhereFound,
        // An authorisation only means something for a police station; elsewhere it is not recorded.
        policeStationAuthorisation:
          command.kind === 'police-station' ? command.policeStationAuthorisation! : null,
      },
    },
  ];
}

function decideConveyance(command: RecordConveyance, state: OutcomeState): OutcomeEvent[] {
  requireActiveDetention(state, 'a conveyance');
  // Rule 6.
  if (command.mode === 'police-vehicle' && isBlank(command.policeVehicleReason)) {
    refuse(
      RULE_IDS.conveyancePoliceVehicleReason,
      'Conveying the person in a police vehicle needs a recorded reason.',
    );
  }
  return [
    {
      type: 'ConveyanceRecorded',
      data: {
        incidentId: command.incidentId,
        conveyedAt: command.now,
        mode: command.mode,
        policeVehicleReason: command.mode === 'police-vehicle' ? command.policeVehicleReason! : null,
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
  if (command.toKind === 'police-station') {
    checkPoliceStation(ruleSetById(detention.ruleSetId), detention, command.policeStationAuthorisation);
  }
  return [
    {
      type: 'DetentionTransferred',
      data: {
        incidentId: command.incidentId,
        transferredAt: command.now,
        toKind: command.toKind,
        toName: command.toName ?? null,
        policeStationAuthorisation:
          command.toKind === 'police-station' ? command.policeStationAuthorisation! : null,
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
        assessedBy: command.assessedBy ?? null,
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

/** Rule 7: each notice exactly once per detention, as soon as a tick at or after its time arrives. */
function decideTick(command: Tick, state: OutcomeState): OutcomeEvent[] {
  const detention = state.detention;
  const deadline = detentionDeadline(state);
  if (!detention || !deadline || detention.status !== 'active') return [];
  const now = millisOf(command.now);
  const leadMinutes =
    command.warningLeadMinutes ?? ruleSetById(detention.ruleSetId).defaultWarningLeadMinutes;
  const events: OutcomeEvent[] = [];
  const common = { incidentId: command.incidentId, deadline, noticedAt: command.now };
  if (!detention.deadlineApproachingNoticed && now >= Date.parse(deadline) - leadMinutes * 60_000) {
    events.push({ type: 'DetentionDeadlineApproaching', data: { ...common, leadMinutes } });
  }
  if (!detention.limitExceededNoticed && now >= Date.parse(deadline)) {
    events.push({ type: 'DetentionLimitExceeded', data: common });
  }
  return events;
}

export function decideOutcome(command: OutcomeCommand, state: OutcomeState): OutcomeEvent[] {
  millisOf(command.now);
  if (command.type === 'Tick') return decideTick(command, state);
  requireCaseOpen(state);
  requireInOrder(state, command.now);
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

export const outcomeDecider: Decider<OutcomeCommand, OutcomeEvent, OutcomeState> = {
  initialState: initialOutcomeState,
  evolve: evolveOutcome,
  decide: decideOutcome,
};

/**
 * Every rule the deciders enforce, by stable id. The HTTP layer answers 422 with the id and the error's
 * message; the ids are part of the API and must never be renamed.
 */
export const RULE_IDS = {
  commandTimeInvalid: 'COMMAND-TIME-INVALID',
  /** No longer refused (late entries are accepted, issue 14); kept because ids are never reused or renamed. */
  commandTimeBeforeLastEvent: 'COMMAND-TIME-BEFORE-LAST-EVENT',
  // DESIGN §4 rule 10: late entries
  lateEntryReasonRequired: 'LATE-ENTRY-REASON-REQUIRED',

  incidentAlreadyReported: 'INCIDENT-ALREADY-REPORTED',
  incidentNotReported: 'INCIDENT-NOT-REPORTED',
  incidentWithdrawn: 'INCIDENT-WITHDRAWN',
  incidentAlreadyWithdrawn: 'INCIDENT-ALREADY-WITHDRAWN',
  incidentAmendmentEmpty: 'INCIDENT-AMENDMENT-EMPTY',
  incidentDateOfBirthInFuture: 'INCIDENT-DATE-OF-BIRTH-IN-FUTURE',
  incidentSubjectAgeImplausible: 'INCIDENT-SUBJECT-AGE-IMPLAUSIBLE',
  incidentReportedAtInvalid: 'INCIDENT-REPORTED-AT-INVALID',

  triageNotQueued: 'TRIAGE-NOT-QUEUED',
  triageAlreadyQueued: 'TRIAGE-ALREADY-QUEUED',
  triageAlreadyAnswered: 'TRIAGE-ALREADY-ANSWERED',
  triageNotAnswered: 'TRIAGE-NOT-ANSWERED',
  triageCallAbandoned: 'TRIAGE-CALL-ABANDONED',
  triageCallWithdrawn: 'TRIAGE-CALL-WITHDRAWN',
  triageClosed: 'TRIAGE-CLOSED',
  triageCloseWithoutAdvice: 'TRIAGE-CLOSE-WITHOUT-ADVICE',

  // DESIGN §4 rule 1
  s136PrivateDwelling: 'S136-PRIVATE-DWELLING',
  // rule 2
  s136ConsultationRequired: 'S136-CONSULTATION-REQUIRED',
  s136ConsultationIncomplete: 'S136-CONSULTATION-INCOMPLETE',
  s136ConsultationProfession: 'S136-CONSULTATION-PROFESSION',
  s136ConsultationAfterDetention: 'S136-CONSULTATION-AFTER-DETENTION',
  // rule 3 and the lifecycle
  s136NoRuleSet: 'S136-NO-RULE-SET',
  s136AlreadyDetained: 'S136-ALREADY-DETAINED',
  s136NotDetained: 'S136-NOT-DETAINED',
  s136DetentionEnded: 'S136-DETENTION-ENDED',
  s136AlreadyAtPlaceOfSafety: 'S136-ALREADY-AT-PLACE-OF-SAFETY',
  s136TransferBeforeArrival: 'S136-TRANSFER-BEFORE-ARRIVAL',
  s136ClockNotStarted: 'S136-CLOCK-NOT-STARTED',
  s136AssessmentAlreadyCompleted: 'S136-ASSESSMENT-ALREADY-COMPLETED',
  posNotChosen: 'POS-NOT-CHOSEN',
  // rule 4
  s136ExtensionOnce: 'S136-EXTENSION-ONCE',
  s136ExtensionMaxHours: 'S136-EXTENSION-MAX-HOURS',
  s136ExtensionAfterExpiry: 'S136-EXTENSION-AFTER-EXPIRY',
  s136ExtensionByRmp: 'S136-EXTENSION-BY-RMP',
  s136ExtensionSuperintendent: 'S136-EXTENSION-SUPERINTENDENT',
  s136ExtensionReason: 'S136-EXTENSION-REASON',
  // rule 5
  posPoliceStationUnder18: 'POS-POLICE-STATION-UNDER-18',
  posPoliceStationAgeUnknown: 'POS-POLICE-STATION-AGE-UNKNOWN',
  /** Regulation 2: the inspector's authorisation (or the whole authorisation) is missing. */
  posPoliceStationAuthorisation: 'POS-POLICE-STATION-AUTHORISATION',
  // rule 8: regulation 2's other conditions, and regulation 4's welfare checks
  posPoliceStationImminentRisk: 'POS-POLICE-STATION-IMMINENT-RISK',
  posPoliceStationNoOtherPlace: 'POS-POLICE-STATION-NO-OTHER-PLACE',
  posPoliceStationHealthcareProfessional: 'POS-POLICE-STATION-HEALTHCARE-PROFESSIONAL',
  welfareCheckNotAtPoliceStation: 'WELFARE-CHECK-NOT-AT-POLICE-STATION',
  welfareCheckProfession: 'WELFARE-CHECK-PROFESSION',
  // rule 9
  posDwellingConsent: 'POS-DWELLING-CONSENT',
  posPoliceStationNotPermitted: 'POS-POLICE-STATION-NOT-PERMITTED',
  // rule 6
  conveyancePoliceVehicleReason: 'CONVEYANCE-POLICE-VEHICLE-REASON',
  // dispositions and closure
  dispositionDetentionActive: 'DISPOSITION-DETENTION-ACTIVE',
  caseClosed: 'CASE-CLOSED',
  caseOpenDetention: 'CASE-OPEN-DETENTION',
  caseNoOutcome: 'CASE-NO-OUTCOME',

  // personal data (issue 11)
  subjectErased: 'SUBJECT-ERASED',
} as const;

export type RuleId = (typeof RULE_IDS)[keyof typeof RULE_IDS];

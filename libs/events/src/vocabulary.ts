/**
 * The closed vocabularies of DESIGN §4. Each is a readonly tuple (used by class-validator `@IsIn`, by the
 * JSON Schema generator as `enum`, and by the domain) plus the union type derived from it, so one list
 * feeds validation, documentation and the compiler.
 */

export const LOCATION_KINDS = [
  'public-place',
  'private-dwelling',
  'health-setting',
  'police-station',
  'other',
] as const;
export type LocationKind = (typeof LOCATION_KINDS)[number];

export const RCRP_CATEGORIES = [
  'concern-for-welfare',
  'walkout-from-health-setting',
  'awol-or-missing-patient',
  'mha-transport',
  's136-handover',
  'other',
] as const;
export type RcrpCategory = (typeof RCRP_CATEGORIES)[number];

export const SEXES = ['female', 'male', 'other', 'unknown'] as const;
export type Sex = (typeof SEXES)[number];

/** Officer-perceived ethnicity, the broad groups police forces record when the person has not self-defined. */
export const PERCEIVED_ETHNICITIES = ['white', 'black', 'asian', 'mixed', 'other', 'not-recorded'] as const;
export type PerceivedEthnicity = (typeof PERCEIVED_ETHNICITIES)[number];

/** What the officer sees on arrival; drives the triage queue priority. */
export const PRESENTING_CONCERNS = [
  'suicidal-ideation',
  'self-harm',
  'weapon',
  'violence-or-aggression',
  'medical-emergency',
  'intoxication',
  'psychosis',
  'distress',
  'vulnerability',
  'other',
] as const;
export type PresentingConcern = (typeof PRESENTING_CONCERNS)[number];

/** The professions that answer the line (and that section 136 consultation may be with). */
export const PROFESSIONS = [
  'registered-nurse',
  'registered-medical-practitioner',
  'amhp',
  'occupational-therapist',
  'paramedic',
] as const;
export type Profession = (typeof PROFESSIONS)[number];

export const RISK_LEVELS = ['low', 'moderate', 'high', 'immediate'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** The clinician's advice to the officer. Section 136 is the last resort, hence last. */
export const RECOMMENDATIONS = [
  'no-police-action-needed',
  'leave-with-family-or-carer',
  'refer-to-crisis-team',
  'refer-to-community-or-gp',
  'voluntary-attendance',
  'convey-for-medical-care',
  'arrange-mha-assessment',
  'consider-section-136',
  'other',
] as const;
export type Recommendation = (typeof RECOMMENDATIONS)[number];

export const CALL_ABANDON_REASONS = ['caller-disconnected', 'advice-no-longer-needed', 'other'] as const;
export type CallAbandonReason = (typeof CALL_ABANDON_REASONS)[number];

export const PLACE_OF_SAFETY_KINDS = [
  'health-based-place-of-safety',
  'emergency-department',
  'other-health-setting',
  'police-station',
  'other-suitable-place',
] as const;
export type PlaceOfSafetyKind = (typeof PLACE_OF_SAFETY_KINDS)[number];

export const CONVEYANCE_MODES = ['ambulance', 'police-vehicle', 'other'] as const;
export type ConveyanceMode = (typeof CONVEYANCE_MODES)[number];

/**
 * Why a police vehicle conveyed the person (DESIGN §4 rule 6), coded so statistics can count them (the Home
 * Office "Police powers and procedures" return). `other` needs a free-text detail.
 */
export const POLICE_VEHICLE_REASON_CODES = [
  'ambulance-not-available',
  'ambulance-delayed',
  'risk-to-crew-or-public',
  'person-already-in-police-vehicle',
  'other',
] as const;
export type PoliceVehicleReasonCode = (typeof POLICE_VEHICLE_REASON_CODES)[number];

/**
 * The occupier's consent to a dwelling used as a place of safety (s135(7)): given, refused, not sought, or the
 * detained person is the occupier (their own consent is then the occupier's).
 */
export const OCCUPIER_CONSENTS = ['given', 'refused', 'not-sought', 'is-detained-person'] as const;
export type OccupierConsent = (typeof OCCUPIER_CONSENTS)[number];

export const ASSESSMENT_OUTCOMES = [
  'admitted-under-mha',
  'admitted-informally',
  'referred-to-community-services',
  'no-further-mental-health-action',
  'other',
] as const;
export type AssessmentOutcome = (typeof ASSESSMENT_OUTCOMES)[number];

export const DETENTION_END_REASONS = [
  'assessment-completed',
  'released-no-grounds',
  'admitted-to-hospital',
  'other',
] as const;
export type DetentionEndReason = (typeof DETENTION_END_REASONS)[number];

export const DISPOSITIONS = [
  'no-further-action',
  'left-with-family-or-carer',
  'referred-to-crisis-team',
  'voluntary-attendance',
  'conveyed-for-medical-care',
  'arrested-for-offence',
  'other',
] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

/** How a section 136 detention met the consultation duty (DESIGN §4 rule 2). */
export const CONSULTATION_BASES = ['line-advice', 'recorded-consultation', 'not-practicable'] as const;
export type ConsultationBasis = (typeof CONSULTATION_BASES)[number];

/** The stream types of the system; a stream id is `<streamType>-<id>`. */
export const STREAM_TYPES = ['incident', 'triage', 'outcome', 'subject'] as const;
export type StreamType = (typeof STREAM_TYPES)[number];

export function streamIdOf(streamType: StreamType, id: string): string {
  return `${streamType}-${id}`;
}

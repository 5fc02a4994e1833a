import type { Profession } from '@rcrp/events';
import { DomainError } from '../domain-error';
import { RULE_IDS } from '../rule-ids';
import { millisOf, type Instant } from '../time';

/**
 * Section 136 rules as data (DESIGN §4): a change in law is a new rule set with its effective date, not a
 * code change. A detention is governed by the set in force when the officer decided to detain; every later
 * step of that detention (place of safety, transfer, extension, clock) uses the same set.
 */
/**
 * The conditions of the Places of Safety Regulations 2017 (SI 2017/1036) regulation 2 for using a police station
 * for an adult, each refused with its own rule id when missing.
 */
export const POLICE_STATION_CONDITIONS = [
  'inspector-authorisation',
  'imminent-risk',
  'no-other-place',
  'healthcare-professional-present',
] as const;
export type PoliceStationCondition = (typeof POLICE_STATION_CONDITIONS)[number];

export interface PoliceStationRules {
  /** False once police stations stop being places of safety at all. */
  permitted: boolean;
  /** Never for anyone younger (s136A(1)). */
  minimumAgeYears: number;
  /** Regulation 2: every condition that must be recorded (an empty list: none). */
  requiredConditions: readonly PoliceStationCondition[];
  /** An extension of a detention at a police station also needs a superintendent's approval. */
  extensionRequiresSuperintendent: boolean;
  /** Regulation 4: a healthcare professional checks the person's welfare at least this often. */
  welfareCheckIntervalMinutes: number;
  /** Who may make the welfare check (a healthcare professional). */
  welfareCheckProfessions: readonly Profession[];
}

export interface DwellingRules {
  /** s135(7): a dwelling as "any other suitable place" needs the detained person's consent (and the occupier's). */
  requiresConsent: boolean;
}

export interface Section136RuleSet {
  id: string;
  title: string;
  /** The first instant the set applies (UTC). */
  effectiveFrom: Instant;
  /** True while the date is an assumption, not the commencement date of the law. */
  placeholder: boolean;
  permittedPeriodHours: number;
  maxExtensions: number;
  maxExtensionHours: number;
  /** Default lead time of `DetentionDeadlineApproaching`; the caller may choose another. */
  defaultWarningLeadMinutes: number;
  /** Professionals the officer must consult before detaining, if practicable (rule 2). */
  consultationProfessions: readonly Profession[];
  /** Who may extend the period (rule 4): the registered medical practitioner responsible for the examination. */
  extensionProfessions: readonly Profession[];
  policeStation: PoliceStationRules;
  dwelling: DwellingRules;
}

const CONSULTATION_PROFESSIONS: readonly Profession[] = [
  'registered-medical-practitioner',
  'registered-nurse',
  'amhp',
  'occupational-therapist',
  'paramedic',
];

/** Mental Health Act 1983 s.135/136 as amended by the Policing and Crime Act 2017, in force 11 Dec 2017. */
export const ENGLAND_WALES_2017 = Object.freeze<Section136RuleSet>({
  id: 'england-wales-2017-12-11',
  title: 'England and Wales, Policing and Crime Act 2017 amendments',
  effectiveFrom: '2017-12-11T00:00:00.000Z',
  placeholder: false,
  permittedPeriodHours: 24,
  maxExtensions: 1,
  maxExtensionHours: 12,
  defaultWarningLeadMinutes: 120,
  consultationProfessions: CONSULTATION_PROFESSIONS,
  extensionProfessions: ['registered-medical-practitioner'],
  policeStation: {
    permitted: true,
    minimumAgeYears: 18,
    requiredConditions: POLICE_STATION_CONDITIONS,
    extensionRequiresSuperintendent: true,
    welfareCheckIntervalMinutes: 30,
    welfareCheckProfessions: CONSULTATION_PROFESSIONS,
  },
  dwelling: { requiresConsent: true },
});

/**
 * The Mental Health Act reforms remove police stations as places of safety. PLACEHOLDER: the commencement
 * date is not yet known; 11 Dec 2027 is an assumption to be replaced when the provision commences.
 */
export const ENGLAND_WALES_MHA_REFORM = Object.freeze<Section136RuleSet>({
  ...ENGLAND_WALES_2017,
  id: 'england-wales-mha-reform-placeholder-2027-12-11',
  title:
    'England and Wales, Mental Health Act reform: police stations are never places of safety (placeholder date)',
  effectiveFrom: '2027-12-11T00:00:00.000Z',
  placeholder: true,
  policeStation: { ...ENGLAND_WALES_2017.policeStation, permitted: false },
});

/** Every rule set, oldest first. */
export const RULE_SETS: readonly Section136RuleSet[] = [ENGLAND_WALES_2017, ENGLAND_WALES_MHA_REFORM];

/** The rule set in force at `at`. Before 11 Dec 2017 (the old 72-hour law) no set is modelled. */
export function ruleSetAt(
  at: Instant,
  ruleSets: readonly Section136RuleSet[] = RULE_SETS,
): Section136RuleSet {
  const millis = millisOf(at);
  const inForce = ruleSets.filter((set) => Date.parse(set.effectiveFrom) <= millis).at(-1);
  if (!inForce) {
    throw new DomainError(
      RULE_IDS.s136NoRuleSet,
      'No section 136 rules are recorded for the time given; this system applies the law in force since 11 December 2017.',
    );
  }
  return inForce;
}

export function ruleSetById(
  id: string,
  ruleSets: readonly Section136RuleSet[] = RULE_SETS,
): Section136RuleSet {
  const found = ruleSets.find((set) => set.id === id);
  if (!found) throw new Error(`unknown section 136 rule set ${id}`);
  return found;
}

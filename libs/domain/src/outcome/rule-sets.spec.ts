import { ENGLAND_WALES_2017, ENGLAND_WALES_MHA_REFORM, RULE_SETS, ruleSetAt, ruleSetById } from './rule-sets';
import { DomainError } from '../domain-error';

describe('section 136 rule sets', () => {
  it('applies the 2017 law from 11 December 2017', () => {
    expect(ruleSetAt('2017-12-11T00:00:00Z')).toBe(ENGLAND_WALES_2017);
    expect(ruleSetAt('2026-11-23T21:04:00Z')).toBe(ENGLAND_WALES_2017);
  });

  it('encodes the current law', () => {
    expect(ENGLAND_WALES_2017).toMatchObject({
      permittedPeriodHours: 24,
      maxExtensions: 1,
      maxExtensionHours: 12,
      defaultWarningLeadMinutes: 120,
      extensionProfessions: ['registered-medical-practitioner'],
      policeStation: {
        permitted: true,
        minimumAgeYears: 18,
        requiredConditions: [
          'inspector-authorisation',
          'imminent-risk',
          'no-other-place',
          'healthcare-professional-present',
        ],
        welfareCheckIntervalMinutes: 30,
      },
      dwelling: { requiresConsent: true },
    });
    expect([...ENGLAND_WALES_2017.consultationProfessions].sort()).toEqual([
      'amhp',
      'occupational-therapist',
      'paramedic',
      'registered-medical-practitioner',
      'registered-nurse',
    ]);
  });

  it('switches to the (placeholder-dated) reform set, where a police station is never a place of safety', () => {
    expect(ruleSetAt('2027-12-10T23:59:59Z')).toBe(ENGLAND_WALES_2017);
    expect(ruleSetAt('2027-12-11T00:00:00Z')).toBe(ENGLAND_WALES_MHA_REFORM);
    expect(ENGLAND_WALES_MHA_REFORM.placeholder).toBe(true);
    expect(ENGLAND_WALES_MHA_REFORM.policeStation.permitted).toBe(false);
    // The reform inherits everything else of the 2017 set as data.
    expect(ENGLAND_WALES_MHA_REFORM.policeStation.welfareCheckIntervalMinutes).toBe(30);
    expect(ENGLAND_WALES_MHA_REFORM.dwelling).toEqual(ENGLAND_WALES_2017.dwelling);
  });

  it('has no set before the 2017 law (S136-NO-RULE-SET)', () => {
    expect(() => ruleSetAt('1999-01-01T00:00:00Z')).toThrow(DomainError);
  });

  it('is ordered by effective date with unique ids, and found by id', () => {
    const dates = RULE_SETS.map((set) => Date.parse(set.effectiveFrom));
    expect(dates).toEqual([...dates].sort((a, b) => a - b));
    expect(new Set(RULE_SETS.map((set) => set.id)).size).toBe(RULE_SETS.length);
    expect(ruleSetById(ENGLAND_WALES_2017.id)).toBe(ENGLAND_WALES_2017);
  });

  it('takes a different list of sets (a change in law is data)', () => {
    const test = { ...ENGLAND_WALES_2017, id: 'test', effectiveFrom: '2030-01-01T00:00:00Z' };
    expect(ruleSetAt('2030-06-01T00:00:00Z', [...RULE_SETS, test])).toBe(test);
  });
});

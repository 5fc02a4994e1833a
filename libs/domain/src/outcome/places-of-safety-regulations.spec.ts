import type { OutcomeEvent } from '@rcrp/events';
import { deciderSpec } from '../testing/decider-spec';
import {
  at,
  command,
  ev,
  incidentId,
  policeStationAuthorisation as authorisation,
} from '../testing/outcome-fixtures';
import { outcomeDecider } from './outcome-decider';
import { nextClockCheckAt, nextWelfareCheckDue } from './outcome-state';

/**
 * Issue 14: rule 5 with intake's current age, the Places of Safety Regulations 2017 (SI 2017/1036) regulations 2
 * and 4 (rule 8), and the consent a dwelling needs (rule 9, s135(7)).
 */
const spec = deciderSpec(outcomeDecider);
const stateOf = (events: OutcomeEvent[]) =>
  events.reduce(outcomeDecider.evolve, outcomeDecider.initialState());
const station = (extra = {}) =>
  command('ChoosePlaceOfSafety', at(10), {
    kind: 'police-station',
    keptWhereFound: false,
    policeStationAuthorisation: authorisation,
    ...extra,
  });
const atStation = () => [ev.detained(), ev.chosen(at(10), 'police-station'), ev.arrived(at(60))];
const tick = (now: string) => command('Tick', now, {});
const welfareCheck = (now: string, profession = 'registered-nurse' as const) =>
  command('RecordWelfareCheck', now, { checkedBy: 'RN-104', profession });

describe('rule 5 with the current age from intake', () => {
  it('POS-POLICE-STATION-UNDER-18 when intake now says 16, whatever the detention recorded', () =>
    spec
      .given([ev.detained(at(5), 36)])
      .when(station({ currentAgeYears: 16 }))
      .thenThrows('POS-POLICE-STATION-UNDER-18'));
  it('POS-POLICE-STATION-AGE-UNKNOWN when intake no longer knows the age', () =>
    spec
      .given([ev.detained(at(5), 36)])
      .when(station({ currentAgeYears: null }))
      .thenThrows('POS-POLICE-STATION-AGE-UNKNOWN'));
  it('on a transfer too', () =>
    spec
      .given([ev.detained(), ev.chosen(), ev.arrived()])
      .when(
        command('TransferDetention', at(90), {
          toKind: 'police-station',
          policeStationAuthorisation: authorisation,
          currentAgeYears: 17,
        }),
      )
      .thenThrows('POS-POLICE-STATION-UNDER-18'));
  it('records the age the decision used', () =>
    spec
      .given([ev.detained(at(5), 30)])
      .when(station({ currentAgeYears: 19 }))
      .thenMatches([{ type: 'PlaceOfSafetyChosen', data: { subjectAgeYears: 19 } }]));
});

describe('PoliceStationUseInvalidated: an amendment reveals a child at a police station', () => {
  const review = (currentAgeYears: number | null) => command('ReviewSubjectAge', at(90), { currentAgeYears });
  const invalidated: OutcomeEvent = {
    type: 'PoliceStationUseInvalidated',
    data: { incidentId, invalidatedAt: at(90), ruleId: 'POS-POLICE-STATION-UNDER-18', subjectAgeYears: 16 },
  };
  it('is appended at once, naming POS-POLICE-STATION-UNDER-18', () =>
    spec.given(atStation()).when(review(16)).then([invalidated]));
  it('also while the person is on the way to the station', () =>
    spec
      .given([ev.detained(), ev.chosen(at(10), 'police-station')])
      .when(review(16))
      .thenMatches([{ type: 'PoliceStationUseInvalidated' }]));
  it('once per stay', () =>
    spec
      .given([...atStation(), invalidated])
      .when(review(15))
      .thenNothing());
  it('not for an adult, an unknown age, another place, or an ended detention', () => {
    spec.given(atStation()).when(review(18)).thenNothing();
    spec.given(atStation()).when(review(null)).thenNothing();
    spec.given([ev.detained(), ev.chosen(), ev.arrived()]).when(review(16)).thenNothing();
    spec
      .given([...atStation(), ev.ended(at(80))])
      .when(review(16))
      .thenNothing();
  });
  it('shows in the state until the person is moved', () => {
    expect(stateOf([...atStation(), invalidated]).detention?.policeStationInvalidated).toEqual({
      at: at(90),
      ruleId: 'POS-POLICE-STATION-UNDER-18',
    });
    const moved: OutcomeEvent = {
      type: 'DetentionTransferred',
      data: {
        incidentId,
        transferredAt: at(100),
        toKind: 'health-based-place-of-safety',
        subjectAgeYears: 16,
      },
    };
    expect(stateOf([...atStation(), invalidated, moved]).detention?.policeStationInvalidated).toBeNull();
  });
});

describe('rule 8, regulation 2: every condition of a police station for an adult', () => {
  it('POS-POLICE-STATION-IMMINENT-RISK', () =>
    spec
      .given([ev.detained()])
      .when(station({ policeStationAuthorisation: { ...authorisation, imminentRiskReason: '' } }))
      .thenThrows('POS-POLICE-STATION-IMMINENT-RISK'));
  it('POS-POLICE-STATION-NO-OTHER-PLACE', () =>
    spec
      .given([ev.detained()])
      .when(station({ policeStationAuthorisation: { ...authorisation, noOtherPlaceReason: null } }))
      .thenThrows('POS-POLICE-STATION-NO-OTHER-PLACE'));
  it('POS-POLICE-STATION-HEALTHCARE-PROFESSIONAL', () =>
    spec
      .given([ev.detained()])
      .when(
        station({ policeStationAuthorisation: { ...authorisation, healthcareProfessionalPresent: false } }),
      )
      .thenThrows('POS-POLICE-STATION-HEALTHCARE-PROFESSIONAL'));
  it('records all four', () =>
    spec
      .given([ev.detained()])
      .when(station())
      .thenMatches([{ data: { policeStationAuthorisation: authorisation } }]));
});

describe('rule 8, regulation 4: welfare checks at least every 30 minutes', () => {
  it('records a check by a healthcare professional at a police station', () =>
    spec
      .given(atStation())
      .when(welfareCheck(at(80)))
      .then([ev.welfareCheck(at(80))]));
  it('WELFARE-CHECK-NOT-AT-POLICE-STATION: elsewhere, or before arrival', () => {
    spec
      .given([ev.detained(), ev.chosen(), ev.arrived()])
      .when(welfareCheck(at(80)))
      .thenThrows('WELFARE-CHECK-NOT-AT-POLICE-STATION');
    spec
      .given([ev.detained(), ev.chosen(at(10), 'police-station')])
      .when(welfareCheck(at(30)))
      .thenThrows('WELFARE-CHECK-NOT-AT-POLICE-STATION');
  });
  it('WELFARE-CHECK-PROFESSION', () =>
    spec
      .given(atStation())
      .when(welfareCheck(at(80), 'custody-officer' as never))
      .thenThrows('WELFARE-CHECK-PROFESSION'));

  it('WelfareCheckOverdue once when 30 minutes pass since arrival, then per further missed interval', () => {
    spec
      .given(atStation())
      .when(tick(at(89)))
      .thenNothing();
    spec
      .given(atStation())
      .when(tick(at(91)))
      .then([ev.overdue(at(60), at(90), at(91))]);
    const once = [...atStation(), ev.overdue(at(60), at(90), at(91))];
    spec
      .given(once)
      .when(tick(at(100)))
      .thenNothing();
    spec
      .given(once)
      .when(tick(at(120)))
      .then([ev.overdue(at(60), at(120), at(120))]);
  });
  it('one notice per missed interval when the scheduler was behind', () =>
    spec
      .given(atStation())
      .when(tick(at(125)))
      .then([ev.overdue(at(60), at(90), at(125)), ev.overdue(at(60), at(120), at(125))]));
  it('counts again from each check', () => {
    const checked = [...atStation(), ev.overdue(at(60), at(90), at(91)), ev.welfareCheck(at(100))];
    spec
      .given(checked)
      .when(tick(at(129)))
      .thenNothing();
    spec
      .given(checked)
      .when(tick(at(130)))
      .then([ev.overdue(at(100), at(130), at(130))]);
    expect(nextWelfareCheckDue(stateOf(checked))).toBe(at(130));
  });
  it('the interval is rule-set data; the scheduler is told when to tick', () => {
    expect(nextWelfareCheckDue(stateOf(atStation()))).toBe(at(90));
    expect(nextClockCheckAt(stateOf(atStation()))).toBe(at(90));
    expect(nextWelfareCheckDue(stateOf([ev.detained(), ev.chosen(), ev.arrived()]))).toBeNull();
  });
  it('no notices once the detention ended', () =>
    spec
      .given([...atStation(), ev.ended(at(70))])
      .when(tick(at(200)))
      .thenNothing());
});

describe('rule 9: POS-DWELLING-CONSENT (s135(7))', () => {
  const home = (extra = {}) =>
    command('ChoosePlaceOfSafety', at(10), {
      kind: 'other-suitable-place',
      keptWhereFound: false,
      isDwelling: true,
      ...extra,
    });
  it('refuses a home without the consents', () => {
    spec.given([ev.detained()]).when(home()).thenThrows('POS-DWELLING-CONSENT');
    spec
      .given([ev.detained()])
      .when(home({ consent: { detainedPerson: true, occupier: 'refused' } }))
      .thenThrows('POS-DWELLING-CONSENT');
    spec
      .given([ev.detained()])
      .when(home({ consent: { detainedPerson: false, occupier: 'given' } }))
      .thenThrows('POS-DWELLING-CONSENT');
  });
  it('on a transfer too', () =>
    spec
      .given([ev.detained(), ev.chosen(), ev.arrived()])
      .when(command('TransferDetention', at(90), { toKind: 'other-suitable-place', isDwelling: true }))
      .thenThrows('POS-DWELLING-CONSENT'));
  it('accepts a home with both consents, or where the person is the occupier', () => {
    spec
      .given([ev.detained()])
      .when(home({ consent: { detainedPerson: true, occupier: 'given' } }))
      .thenMatches([{ data: { isDwelling: true, consent: { detainedPerson: true, occupier: 'given' } } }]);
    spec
      .given([ev.detained()])
      .when(home({ consent: { detainedPerson: true, occupier: 'is-detained-person' } }))
      .thenMatches([{ type: 'PlaceOfSafetyChosen' }]);
  });
  it('needs no consent for a suitable place that is not a home', () =>
    spec
      .given([ev.detained()])
      .when(home({ isDwelling: false }))
      .thenMatches([{ data: { isDwelling: false, consent: null } }]));
});

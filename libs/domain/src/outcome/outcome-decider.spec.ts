import type { OutcomeEvent } from '@rcrp/events';
import { deciderSpec } from '../testing/decider-spec';
import {
  adultContext,
  adviceEventId,
  at,
  atHours,
  atPlaceOfSafety,
  command,
  DEADLINE,
  ev,
  incidentId,
  noAdviceContext,
  policeStationAuthorisation as authorisation,
} from '../testing/outcome-fixtures';
import { addHours } from '../time';
import { outcomeDecider } from './outcome-decider';

const spec = deciderSpec(outcomeDecider);
const detain = (now = at(5), context = adultContext) =>
  command('Detain', now, { officerId: 'PC-4821', context });
const choose = (kind: 'health-based-place-of-safety' | 'police-station', extra = {}) =>
  command('ChoosePlaceOfSafety', at(10), { kind, keptWhereFound: false, ...extra });
const extend = (now: string, extra = {}) =>
  command('ExtendDetention', now, {
    hours: 12,
    authorisedBy: { clinicianId: 'GMC-7012345', profession: 'registered-medical-practitioner' },
    reason: 'Too intoxicated to be assessed',
    ...extra,
  });

describe('rule 1: S136-PRIVATE-DWELLING', () => {
  it('refuses a detention at a private dwelling', () =>
    spec
      .given([])
      .when(detain(at(5), { ...adultContext, locationKind: 'private-dwelling' }))
      .thenThrows('S136-PRIVATE-DWELLING'));
  it('allows one in a public place', () => spec.given([]).when(detain()).then([ev.detained()]));
});

describe('rule 2: consultation before detaining', () => {
  it('links the line’s advice as the consultation', () =>
    spec
      .given([])
      .when(detain())
      .thenMatches([{ data: { consultationBasis: 'line-advice', adviceEventId } }]));

  it('links the latest eligible advice given before the decision', () => {
    const later = {
      eventId: '0192f3a4-5b6c-7d8e-9f01-000000000009',
      clinicianId: 'P-1',
      profession: 'paramedic' as const,
      givenAt: at(3),
    };
    const future = { ...later, eventId: '0192f3a4-5b6c-7d8e-9f01-00000000000a', givenAt: at(30) };
    spec
      .given([])
      .when(detain(at(5), { ...adultContext, advice: [...adultContext.advice, later, future] }))
      .thenMatches([{ data: { adviceEventId: later.eventId } }]);
  });

  it('accepts a recorded consultation', () =>
    spec
      .given([ev.consulted()])
      .when(detain(at(5), noAdviceContext))
      .thenMatches([{ data: { consultationBasis: 'recorded-consultation', adviceEventId: null } }]));

  it('accepts a recorded reason consultation was not practicable', () => {
    const notPracticable = command('RecordConsultation', at(1), {
      notPracticableReason: 'Person running towards the road',
    });
    spec
      .given([])
      .when(notPracticable)
      .then([
        {
          type: 'Section136ConsultationRecorded',
          data: {
            incidentId,
            consultedAt: at(1),
            clinicianId: null,
            profession: null,
            notPracticableReason: 'Person running towards the road',
          },
        },
      ]);
    const recorded = outcomeDecider.decide(notPracticable, outcomeDecider.initialState());
    spec
      .given(recorded)
      .when(detain(at(5), noAdviceContext))
      .thenMatches([{ data: { consultationBasis: 'not-practicable' } }]);
  });

  it('S136-CONSULTATION-REQUIRED without any', () =>
    spec
      .given([])
      .when(detain(at(5), noAdviceContext))
      .thenThrows('S136-CONSULTATION-REQUIRED'));

  it('S136-CONSULTATION-REQUIRED when the only advice came after the decision', () => {
    const late = { ...adultContext.advice[0], givenAt: at(6) };
    spec
      .given([])
      .when(detain(at(5), { ...adultContext, advice: [late] }))
      .thenThrows('S136-CONSULTATION-REQUIRED');
  });

  it('S136-CONSULTATION-INCOMPLETE when neither or both are given', () => {
    spec
      .given([])
      .when(command('RecordConsultation', at(1), {}))
      .thenThrows('S136-CONSULTATION-INCOMPLETE');
    spec
      .given([])
      .when(command('RecordConsultation', at(1), { profession: 'amhp', notPracticableReason: 'x' }))
      .thenThrows('S136-CONSULTATION-INCOMPLETE');
  });

  it('S136-CONSULTATION-PROFESSION for a profession outside the list', () =>
    spec
      .given([])
      .when(command('RecordConsultation', at(1), { profession: 'social-worker' as never }))
      .thenThrows('S136-CONSULTATION-PROFESSION'));

  it('S136-CONSULTATION-AFTER-DETENTION', () =>
    spec
      .given([ev.detained()])
      .when(command('RecordConsultation', at(6), { profession: 'amhp' }))
      .thenThrows('S136-CONSULTATION-AFTER-DETENTION'));
});

describe('the section 136 lifecycle', () => {
  it('S136-ALREADY-DETAINED', () =>
    spec
      .given([ev.detained()])
      .when(detain(at(6)))
      .thenThrows('S136-ALREADY-DETAINED'));

  it('S136-NO-RULE-SET before the 2017 law', () =>
    spec.given([]).when(detain('2017-12-10T23:59:59Z')).thenThrows('S136-NO-RULE-SET'));

  it('records place of safety, conveyance, arrival, transfer, assessment and end', () => {
    spec.given([ev.detained()]).when(choose('health-based-place-of-safety')).then([ev.chosen()]);
    spec
      .given([ev.detained(), ev.chosen()])
      .when(command('RecordConveyance', at(20), { mode: 'ambulance' }))
      .then([
        {
          type: 'ConveyanceRecorded',
          data: { incidentId, conveyedAt: at(20), mode: 'ambulance', policeVehicleReason: null },
        },
      ]);
    spec
      .given([ev.detained(), ev.chosen()])
      .when(command('RecordArrival', at(60), {}))
      .then([ev.arrived()]);
    spec
      .given(atPlaceOfSafety())
      .when(command('TransferDetention', at(120), { toKind: 'emergency-department' }))
      .thenMatches([{ type: 'DetentionTransferred', data: { toKind: 'emergency-department' } }]);
    spec
      .given(atPlaceOfSafety())
      .when(command('CompleteAssessment', at(180), { outcome: 'admitted-informally' }))
      .thenMatches([{ type: 'AssessmentCompleted', data: { outcome: 'admitted-informally' } }]);
    spec
      .given(atPlaceOfSafety())
      .when(command('EndDetention', at(200), { reason: 'assessment-completed' }))
      .then([ev.ended(at(200))]);
  });

  it('S136-NOT-DETAINED: arrival (or any step) before detention', () => {
    spec
      .given([])
      .when(command('RecordArrival', at(60), {}))
      .thenThrows('S136-NOT-DETAINED');
    spec.given([]).when(choose('health-based-place-of-safety')).thenThrows('S136-NOT-DETAINED');
    spec
      .given([])
      .when(command('RecordConveyance', at(20), { mode: 'ambulance' }))
      .thenThrows('S136-NOT-DETAINED');
    spec
      .given([])
      .when(command('EndDetention', at(20), { reason: 'other' }))
      .thenThrows('S136-NOT-DETAINED');
  });

  it('S136-DETENTION-ENDED: ending a detention twice', () =>
    spec
      .given([...atPlaceOfSafety(), ev.ended(at(200))])
      .when(command('EndDetention', at(201), { reason: 'other' }))
      .thenThrows('S136-DETENTION-ENDED'));

  it('S136-DETENTION-ENDED: no steps after the end', () =>
    spec
      .given([...atPlaceOfSafety(), ev.ended(at(200))])
      .when(extend(at(201)))
      .thenThrows('S136-DETENTION-ENDED'));

  it('POS-NOT-CHOSEN: arrival before a place was chosen', () =>
    spec
      .given([ev.detained()])
      .when(command('RecordArrival', at(60), {}))
      .thenThrows('POS-NOT-CHOSEN'));

  it('S136-ALREADY-AT-PLACE-OF-SAFETY: a second arrival, or choosing again after arrival', () => {
    spec
      .given(atPlaceOfSafety())
      .when(command('RecordArrival', at(61), {}))
      .thenThrows('S136-ALREADY-AT-PLACE-OF-SAFETY');
    spec
      .given(atPlaceOfSafety())
      .when({ ...choose('health-based-place-of-safety'), now: at(61) })
      .thenThrows('S136-ALREADY-AT-PLACE-OF-SAFETY');
  });

  it('S136-TRANSFER-BEFORE-ARRIVAL', () =>
    spec
      .given([ev.detained(), ev.chosen()])
      .when(command('TransferDetention', at(30), { toKind: 'emergency-department' }))
      .thenThrows('S136-TRANSFER-BEFORE-ARRIVAL'));

  it('S136-CLOCK-NOT-STARTED: assessment or extension before reaching a place of safety', () => {
    spec
      .given([ev.detained(), ev.chosen()])
      .when(command('CompleteAssessment', at(30), { outcome: 'other' }))
      .thenThrows('S136-CLOCK-NOT-STARTED');
    spec
      .given([ev.detained(), ev.chosen()])
      .when(extend(at(30)))
      .thenThrows('S136-CLOCK-NOT-STARTED');
  });

  it('S136-ASSESSMENT-ALREADY-COMPLETED', () => {
    const assessed: OutcomeEvent = {
      type: 'AssessmentCompleted',
      data: { incidentId, completedAt: at(180), outcome: 'other', clinicianId: null },
    };
    spec
      .given([...atPlaceOfSafety(), assessed])
      .when(command('CompleteAssessment', at(181), { outcome: 'other' }))
      .thenThrows('S136-ASSESSMENT-ALREADY-COMPLETED');
  });

  it('a fact dated before the last record is no longer refused for its time alone (rule 10)', () =>
    spec
      .given(atPlaceOfSafety())
      .when(command('RecordConveyance', at(50), { mode: 'ambulance' }))
      .thenMatches([{ type: 'ConveyanceRecorded', data: { conveyedAt: at(50) } }]));

  it('COMMAND-TIME-INVALID', () =>
    spec.given([]).when(detain('not a time')).thenThrows('COMMAND-TIME-INVALID'));
});

describe('rule 3: the permitted period runs from arrival, or from the decision when kept where found', () => {
  const extendTo = (events: OutcomeEvent[], now: string) =>
    outcomeDecider.decide(extend(now), events.reduce(outcomeDecider.evolve, outcomeDecider.initialState()));

  it('from arrival: an extension runs 12 hours past arrival + 24 h', () => {
    const [extended] = extendTo(atPlaceOfSafety(), at(120));
    expect(extended.data).toMatchObject({ newDeadline: addHours(DEADLINE, 12) });
  });

  it('from the decision when the person is kept where they are', () => {
    const kept = [ev.detained(), ev.chosen(at(10), 'health-based-place-of-safety', true)];
    const [extended] = extendTo(kept, at(120));
    expect(extended.data).toMatchObject({ newDeadline: addHours(at(5), 36) });
  });

  it('a transfer does not restart it', () => {
    const transferred: OutcomeEvent = {
      type: 'DetentionTransferred',
      data: { incidentId, transferredAt: atHours(10), toKind: 'emergency-department' },
    };
    const [extended] = extendTo([...atPlaceOfSafety(), transferred], atHours(11));
    expect(extended.data).toMatchObject({ newDeadline: addHours(DEADLINE, 12) });
  });
});

describe('rule 4: one extension of up to 12 hours, by the responsible doctor, before the period ends', () => {
  it('extends once', () =>
    spec
      .given(atPlaceOfSafety())
      .when(extend(at(120)))
      .then([ev.extended(at(120), 12, addHours(DEADLINE, 12))]));
  it('S136-EXTENSION-ONCE', () =>
    spec
      .given([...atPlaceOfSafety(), ev.extended(at(120), 6, addHours(DEADLINE, 6))])
      .when(extend(at(121), { hours: 1 }))
      .thenThrows('S136-EXTENSION-ONCE'));
  it('S136-EXTENSION-MAX-HOURS', () => {
    spec
      .given(atPlaceOfSafety())
      .when(extend(at(120), { hours: 12.5 }))
      .thenThrows('S136-EXTENSION-MAX-HOURS');
    spec
      .given(atPlaceOfSafety())
      .when(extend(at(120), { hours: 0 }))
      .thenThrows('S136-EXTENSION-MAX-HOURS');
  });
  it('S136-EXTENSION-BY-RMP', () =>
    spec
      .given(atPlaceOfSafety())
      .when(extend(at(120), { authorisedBy: { clinicianId: 'AMHP-22', profession: 'amhp' } }))
      .thenThrows('S136-EXTENSION-BY-RMP'));
  it('S136-EXTENSION-AFTER-EXPIRY', () =>
    spec.given(atPlaceOfSafety()).when(extend(DEADLINE)).thenThrows('S136-EXTENSION-AFTER-EXPIRY'));
  it('S136-EXTENSION-SUPERINTENDENT at a police station', () => {
    const atStation = [ev.detained(), ev.chosen(at(10), 'police-station'), ev.arrived()];
    spec
      .given(atStation)
      .when(extend(at(120)))
      .thenThrows('S136-EXTENSION-SUPERINTENDENT');
    spec
      .given(atStation)
      .when(extend(at(120), { superintendentId: 'SUPT-3' }))
      .thenMatches([{ data: { superintendentId: 'SUPT-3' } }]);
  });
  it('S136-EXTENSION-REASON', () =>
    spec
      .given(atPlaceOfSafety())
      .when(extend(at(120), { reason: '  ' }))
      .thenThrows('S136-EXTENSION-REASON'));
});

describe('rule 5: police stations', () => {
  it('allows an adult with an inspector’s authorisation', () =>
    spec
      .given([ev.detained()])
      .when(choose('police-station', { policeStationAuthorisation: authorisation }))
      .then([ev.chosen(at(10), 'police-station')]));
  it('POS-POLICE-STATION-UNDER-18', () =>
    spec
      .given([ev.detained(at(5), 17)])
      .when(choose('police-station', { policeStationAuthorisation: authorisation }))
      .thenThrows('POS-POLICE-STATION-UNDER-18'));
  it('POS-POLICE-STATION-AGE-UNKNOWN', () =>
    spec
      .given([ev.detained(at(5), null)])
      .when(choose('police-station', { policeStationAuthorisation: authorisation }))
      .thenThrows('POS-POLICE-STATION-AGE-UNKNOWN'));
  it('POS-POLICE-STATION-AUTHORISATION: no authorisation, or no inspector', () => {
    spec.given([ev.detained()]).when(choose('police-station')).thenThrows('POS-POLICE-STATION-AUTHORISATION');
    spec
      .given([ev.detained()])
      .when(choose('police-station', { policeStationAuthorisation: { ...authorisation, inspectorId: ' ' } }))
      .thenThrows('POS-POLICE-STATION-AUTHORISATION');
  });
  it('applies to transfers too', () =>
    spec
      .given([
        ev.detained(at(5), 16),
        ev.chosen(at(10), 'health-based-place-of-safety', false, 16),
        ev.arrived(),
      ])
      .when(
        command('TransferDetention', at(90), {
          toKind: 'police-station',
          policeStationAuthorisation: authorisation,
        }),
      )
      .thenThrows('POS-POLICE-STATION-UNDER-18'));
  it('POS-POLICE-STATION-NOT-PERMITTED under the reform rule set, decided by the detention time', () => {
    const reformDetention = ev.detained(
      '2027-12-11T00:00:00.000Z',
      40,
      'england-wales-mha-reform-placeholder-2027-12-11',
    );
    spec
      .given([reformDetention])
      .when(
        command('ChoosePlaceOfSafety', '2027-12-11T00:10:00.000Z', {
          kind: 'police-station',
          keptWhereFound: false,
          policeStationAuthorisation: authorisation,
        }),
      )
      .thenThrows('POS-POLICE-STATION-NOT-PERMITTED');
    spec
      .given([])
      .when(detain('2027-12-11T00:00:00.000Z'))
      .thenMatches([{ data: { ruleSetId: 'england-wales-mha-reform-placeholder-2027-12-11' } }]);
    // A detention decided the minute before the reform stays under the 2017 rules.
    spec
      .given([ev.detained('2027-12-10T23:59:00.000Z')])
      .when(
        command('ChoosePlaceOfSafety', '2027-12-11T00:10:00.000Z', {
          kind: 'police-station',
          keptWhereFound: false,
          policeStationAuthorisation: authorisation,
        }),
      )
      .thenMatches([{ type: 'PlaceOfSafetyChosen' }]);
  });
});

describe('rule 6: CONVEYANCE-POLICE-VEHICLE-REASON', () => {
  it('refuses a police vehicle without a reason and records one with it', () => {
    spec
      .given([ev.detained()])
      .when(command('RecordConveyance', at(20), { mode: 'police-vehicle' }))
      .thenThrows('CONVEYANCE-POLICE-VEHICLE-REASON');
    spec
      .given([ev.detained()])
      .when(
        command('RecordConveyance', at(20), {
          mode: 'police-vehicle',
          policeVehicleReason: { code: 'ambulance-delayed', detail: 'Ambulance wait over 1 hour' },
        }),
      )
      .thenMatches([
        {
          data: { policeVehicleReason: { code: 'ambulance-delayed', detail: 'Ambulance wait over 1 hour' } },
        },
      ]);
  });
  it('needs a detail for the code `other`, and a known code', () => {
    spec
      .given([ev.detained()])
      .when(
        command('RecordConveyance', at(20), {
          mode: 'police-vehicle',
          policeVehicleReason: { code: 'other' },
        }),
      )
      .thenThrows('CONVEYANCE-POLICE-VEHICLE-REASON');
    spec
      .given([ev.detained()])
      .when(
        command('RecordConveyance', at(20), {
          mode: 'police-vehicle',
          policeVehicleReason: { code: 'no-reason' as never },
        }),
      )
      .thenThrows('CONVEYANCE-POLICE-VEHICLE-REASON');
    spec
      .given([ev.detained()])
      .when(
        command('RecordConveyance', at(20), {
          mode: 'police-vehicle',
          policeVehicleReason: { code: 'ambulance-delayed', detail: '  ' },
        }),
      )
      .then([ev.conveyed()]);
  });
});

describe('dispositions and closing the case', () => {
  it('records a disposition and closes', () => {
    spec
      .given([])
      .when(command('RecordDisposition', at(5), { disposition: 'no-further-action' }))
      .then([ev.disposition(at(5))]);
    spec
      .given([ev.disposition(at(5))])
      .when(command('CloseCase', at(6), {}))
      .then([ev.closed(at(6))]);
    spec
      .given([...atPlaceOfSafety(), ev.ended(at(200))])
      .when(command('CloseCase', at(201), {}))
      .then([ev.closed(at(201))]);
  });
  it('DISPOSITION-DETENTION-ACTIVE', () =>
    spec
      .given(atPlaceOfSafety())
      .when(command('RecordDisposition', at(90), { disposition: 'no-further-action' }))
      .thenThrows('DISPOSITION-DETENTION-ACTIVE'));
  it('CASE-OPEN-DETENTION: closing a case with an open detention', () =>
    spec
      .given(atPlaceOfSafety())
      .when(command('CloseCase', at(90), {}))
      .thenThrows('CASE-OPEN-DETENTION'));
  it('CASE-NO-OUTCOME', () =>
    spec
      .given([])
      .when(command('CloseCase', at(90), {}))
      .thenThrows('CASE-NO-OUTCOME'));
  it('CASE-CLOSED: nothing after closure', () => {
    const closedCase = [ev.disposition(at(5)), ev.closed(at(6))];
    spec
      .given(closedCase)
      .when(detain(at(7)))
      .thenThrows('CASE-CLOSED');
    spec
      .given(closedCase)
      .when(command('CloseCase', at(7), {}))
      .thenThrows('CASE-CLOSED');
  });
});

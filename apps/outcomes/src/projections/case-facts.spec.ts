import { addHours } from '@rcrp/domain';
import type { OutcomeEvent } from '@rcrp/events';
import { detentionColumnsOf, evolveCaseFacts, initialCaseFacts } from './case-facts';

const incidentId = '0192f3a4-5b6c-7d8e-9f01-23456789abcd';
const arrivedAt = '2026-11-23T22:00:00.000Z';

describe('case facts and detention columns', () => {
  const events: OutcomeEvent[] = [
    {
      type: 'Section136Detained',
      data: {
        incidentId,
        detainedAt: '2026-11-23T21:30:00.000Z',
        officerId: 'PC-1',
        locationKind: 'public-place',
        ruleSetId: 'england-wales-2017-12-11',
        consultationBasis: 'recorded-consultation',
        adviceEventId: null,
        subjectAgeYears: 40,
      },
    },
    {
      type: 'PlaceOfSafetyChosen',
      data: {
        incidentId,
        chosenAt: '2026-11-23T21:35:00.000Z',
        kind: 'emergency-department',
        name: 'KCH ED',
        keptWhereFound: false,
        policeStationAuthorisation: null,
      },
    },
    { type: 'ArrivedAtPlaceOfSafety', data: { incidentId, arrivedAt } },
  ];

  it('derives the deadline from the domain: 24 hours from arrival, plus the extension', () => {
    const facts = events.reduce(evolveCaseFacts, initialCaseFacts());
    expect(detentionColumnsOf(facts)).toMatchObject({
      detentionStatus: 'active',
      placeOfSafetyKind: 'emergency-department',
      clockStartedAt: arrivedAt,
      deadline: addHours(arrivedAt, 24),
      extended: false,
      approachingNoticed: false,
    });
    expect(facts.placeOfSafetyName).toBe('KCH ED');
    const extended = evolveCaseFacts(facts, {
      type: 'DetentionExtended',
      data: {
        incidentId,
        extendedAt: '2026-11-24T10:00:00.000Z',
        hours: 12,
        authorisedBy: { clinicianId: 'GMC-1', profession: 'registered-medical-practitioner' },
        superintendentId: null,
        reason: 'r',
        newDeadline: addHours(arrivedAt, 36),
      },
    });
    expect(detentionColumnsOf(extended)).toMatchObject({ deadline: addHours(arrivedAt, 36), extended: true });
  });

  it('keeps no personal field: of a police-vehicle reason only its code', () => {
    const facts = evolveCaseFacts(events.reduce(evolveCaseFacts, initialCaseFacts()), {
      type: 'ConveyanceRecorded',
      data: {
        incidentId,
        conveyedAt: '2026-11-23T21:40:00.000Z',
        mode: 'police-vehicle',
        policeVehicleReason: { code: 'other', detail: 'Secret reason text' },
      },
    });
    expect(facts.conveyances).toEqual([{ mode: 'police-vehicle', reasonCode: 'other' }]);
    expect(JSON.stringify(facts)).not.toContain('Secret reason text');
  });
});

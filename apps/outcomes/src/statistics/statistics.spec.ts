import type { OutcomeEvent } from '@rcrp/events';
import { evolveCaseFacts, initialCaseFacts, type CaseFacts } from '../projections/case-facts';
import { computeStatistics, type StatisticsRow } from './statistics';
import { statisticsCsv } from './statistics-csv';

const incidentId = '0192f3a4-5b6c-7d8e-9f01-23456789abcd';
const period = { from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' };
const at = (minutes: number) => new Date(Date.parse('2026-11-23T21:00:00Z') + minutes * 60_000).toISOString();

const factsOf = (events: OutcomeEvent[]): CaseFacts => events.reduce(evolveCaseFacts, initialCaseFacts());

const detainedCase = (extra: OutcomeEvent[] = []): CaseFacts =>
  factsOf([
    {
      type: 'Section136Detained',
      data: {
        incidentId,
        detainedAt: at(5),
        officerId: 'PC-1',
        locationKind: 'public-place',
        ruleSetId: 'england-wales-2017-12-11',
        consultationBasis: 'line-advice',
        adviceEventId: incidentId,
        subjectAgeYears: 30,
      },
    },
    {
      type: 'PlaceOfSafetyChosen',
      data: {
        incidentId,
        chosenAt: at(10),
        kind: 'health-based-place-of-safety',
        name: null,
        keptWhereFound: false,
        policeStationAuthorisation: null,
      },
    },
    {
      type: 'ConveyanceRecorded',
      data: {
        incidentId,
        conveyedAt: at(15),
        mode: 'police-vehicle',
        policeVehicleReason: { code: 'ambulance-delayed', detail: 'No ambulance for 2 hours' },
      },
    },
    { type: 'ArrivedAtPlaceOfSafety', data: { incidentId, arrivedAt: at(60) } },
    ...extra,
  ]);

const avoidedCase = (): CaseFacts =>
  factsOf([
    {
      type: 'DispositionRecorded',
      data: { incidentId, recordedAt: at(30), disposition: 'left-with-family-or-carer', notes: null },
    },
  ]);

const row = (overrides: Partial<StatisticsRow>): StatisticsRow => ({
  ageYears: 30,
  sex: 'female',
  ethnicity: 'white',
  advised: true,
  facts: null,
  ...overrides,
});

describe('computeStatistics', () => {
  const extended: OutcomeEvent = {
    type: 'DetentionExtended',
    data: {
      incidentId,
      extendedAt: at(120),
      hours: 6,
      authorisedBy: { clinicianId: 'GMC-1', profession: 'registered-medical-practitioner' },
      superintendentId: null,
      reason: 'x',
      newDeadline: at(60 + 30 * 60),
    },
  };
  const rows: StatisticsRow[] = [
    ...Array.from({ length: 6 }, () => row({ facts: detainedCase([extended]) })),
    ...Array.from({ length: 6 }, () => row({ facts: avoidedCase(), sex: 'male', ageYears: 16 })),
    row({ advised: false, ethnicity: null, sex: null, ageYears: null }),
  ];

  it('counts incidents, advice, detentions, their share and avoided detentions', () => {
    const statistics = computeStatistics(rows, period, false);
    expect(statistics).toMatchObject({
      incidents: 13,
      incidentsAdvised: 12,
      section136Detentions: 6,
      detentionShareOfAdvisedIncidents: 0.5,
      avoidedDetentions: 6,
      extensions: 6,
      limitBreaches: 0,
    });
    expect(statistics.consultation['line-advice']).toBe(6);
    expect(statistics.placesOfSafety['health-based-place-of-safety']).toBe(6);
    expect(statistics.placesOfSafety['police-station']).toBe(0);
    expect(statistics.conveyances['police-vehicle']).toBe(6);
    expect(statistics.policeVehicleReasons).toMatchObject({
      'ambulance-delayed': 6,
      other: 0,
      'not-recorded': 0,
    });
    expect(statistics.dispositions['left-with-family-or-carer']).toBe(6);
    expect(statistics.byAgeBand['under-18']).toEqual({
      incidents: 6,
      advised: 6,
      detentions: 0,
      avoidedDetentions: 6,
    });
    expect(statistics.bySex.unknown.incidents).toBe(1);
    expect(statistics.byEthnicity['not-recorded'].incidents).toBe(1);
  });

  it('shows counts of 1-4 as <5 for analysts, keeps 0 and 5+, and hides a share built on a hidden count', () => {
    const statistics = computeStatistics(rows, period, true);
    expect(statistics.incidents).toBe(13);
    expect(statistics.bySex.unknown.incidents).toBe('<5');
    expect(statistics.placesOfSafety['police-station']).toBe(0);
    const few = computeStatistics(rows.slice(0, 2).concat(rows.slice(6)), period, true);
    expect(few.section136Detentions).toBe('<5');
    expect(few.detentionShareOfAdvisedIncidents).toBeNull();
    expect(JSON.stringify(few)).not.toMatch(/":[1-4][,}]/);
  });

  it('writes CSV as measure,category,value lines', () => {
    const csv = statisticsCsv(computeStatistics(rows, period, true));
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('measure,category,value');
    expect(lines).toContain('incidents,,13');
    expect(lines).toContain('placesOfSafety,health-based-place-of-safety,6');
    expect(lines).toContain('byAgeBand.avoidedDetentions,under-18,6');
    expect(lines).toContain('bySex.incidents,unknown,<5');
  });
});

import type { OutcomeEvent } from '@rcrp/events';
import { measuresCsv } from '@rcrp/http';
import { evolveCaseFacts, initialCaseFacts, type CaseFacts } from '../projections/case-facts';
import { computeStatistics, type StatisticsRow } from './statistics';

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
  secondsToFirstAdvice: null,
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
    const csv = measuresCsv(computeStatistics(rows, period, true));
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('measure,category,value');
    expect(lines).toContain('incidents,,13');
    expect(lines).toContain('placesOfSafety,health-based-place-of-safety,6');
    expect(lines).toContain('byAgeBand.avoidedDetentions,under-18,6');
    expect(lines).toContain('bySex.incidents,unknown,<5');
  });
});

describe('computeStatistics: the Home Office return and RCRP measures of issue 14 (hand-computed)', () => {
  const detained = (ageYears: number): OutcomeEvent => ({
    type: 'Section136Detained',
    data: {
      incidentId,
      detainedAt: at(5),
      officerId: 'PC-1',
      locationKind: 'public-place',
      ruleSetId: 'england-wales-2017-12-11',
      consultationBasis: 'line-advice',
      adviceEventId: incidentId,
      subjectAgeYears: ageYears,
    },
  });
  const chosen = (kind: 'police-station' | 'health-based-place-of-safety'): OutcomeEvent => ({
    type: 'PlaceOfSafetyChosen',
    data: {
      incidentId,
      chosenAt: at(10),
      kind,
      name: null,
      keptWhereFound: false,
      policeStationAuthorisation: null,
    },
  });
  const arrived: OutcomeEvent = { type: 'ArrivedAtPlaceOfSafety', data: { incidentId, arrivedAt: at(60) } };
  const overdue = (minutes: number): OutcomeEvent => ({
    type: 'WelfareCheckOverdue',
    data: { incidentId, sinceAt: at(60), dueAt: at(minutes), noticedAt: at(minutes), intervalMinutes: 30 },
  });
  const assessed = (outcome: 'no-further-mental-health-action' | 'admitted-informally'): OutcomeEvent => ({
    type: 'AssessmentCompleted',
    data: { incidentId, completedAt: at(200), outcome, clinicianId: null },
  });
  // Five adults at a police station: conveyed by police for risk to the crew, two missed checks each, not admitted.
  const stationAdult = () =>
    factsOf([
      detained(40),
      chosen('police-station'),
      {
        type: 'ConveyanceRecorded',
        data: {
          incidentId,
          conveyedAt: at(20),
          mode: 'police-vehicle',
          policeVehicleReason: { code: 'risk-to-crew-or-public' },
        },
      },
      arrived,
      overdue(90),
      overdue(120),
      assessed('no-further-mental-health-action'),
    ]);
  // The limit notice, then an extension entered late (dated before the deadline), then admitted.
  const deadline = new Date(Date.parse(at(60)) + 24 * 3_600_000).toISOString();
  const breached = factsOf([
    detained(30),
    chosen('health-based-place-of-safety'),
    arrived,
    { type: 'DetentionLimitExceeded', data: { incidentId, deadline, noticedAt: deadline } },
    {
      type: 'DetentionExtended',
      data: {
        incidentId,
        extendedAt: at(120),
        hours: 12,
        authorisedBy: { clinicianId: 'GMC-1', profession: 'registered-medical-practitioner' },
        superintendentId: null,
        reason: 'x',
        newDeadline: deadline,
        lateEntry: true,
        lateEntryReason: 'Form found later',
      },
    },
    assessed('admitted-informally'),
  ]);
  const rows: StatisticsRow[] = [
    ...[60, 120, 180, 240, 300].map((seconds) =>
      row({ ageYears: 40, facts: stationAdult(), secondsToFirstAdvice: seconds }),
    ),
    // Intake's amendment made this person 16 while held at a police station.
    row({
      ageYears: 16,
      facts: factsOf([detained(36), chosen('police-station'), arrived]),
      secondsToFirstAdvice: 360,
    }),
    row({ facts: breached, secondsToFirstAdvice: 600 }),
  ];

  it('counts each new field on hand-computed data', () => {
    const statistics = computeStatistics(rows, period, false);
    expect(statistics.firstPlaceOfSafety).toEqual({
      'health-based-place-of-safety': 1,
      'emergency-department': 0,
      'other-health-setting': 0,
      'police-station': 6,
      'other-suitable-place': 0,
    });
    expect(statistics.policeVehicleReasons).toEqual({
      'ambulance-not-available': 0,
      'ambulance-delayed': 0,
      'risk-to-crew-or-public': 5,
      'person-already-in-police-vehicle': 0,
      other: 0,
      'not-recorded': 0,
    });
    expect(statistics).toMatchObject({
      section136Detentions: 7,
      policeStationUnder18: 1,
      policeStationAdults: 5,
      welfareChecksOverdue: 10,
      extensions: 1,
      limitBreaches: 1,
      lateRecordedExtensions: 1,
      endedWithoutAdmission: 5,
      // 5 of the 6 completed assessments
      endedWithoutAdmissionShare: 0.833,
      // 60 120 180 240 300 360 600: the 4th is the median; the 7th (ceil(0.9 x 7)) the 90th percentile
      timeToFirstAdviceSeconds: { median: 240, p90: 600 },
    });
  });

  it('takes the mean of the middle two for an even count, and ignores incidents without advice', () => {
    const even = computeStatistics([...rows.slice(0, 6), row({ secondsToFirstAdvice: null })], period, false);
    expect(even.timeToFirstAdviceSeconds).toEqual({ median: 210, p90: 360 });
    expect(computeStatistics([], period, false).timeToFirstAdviceSeconds).toEqual({
      median: null,
      p90: null,
    });
    expect(computeStatistics([], period, false).endedWithoutAdmissionShare).toBeNull();
  });

  it('keeps primary suppression for analysts: counts of 1-4 and times over fewer than 5 incidents hidden', () => {
    const statistics = computeStatistics(rows, period, true);
    expect(statistics).toMatchObject({
      policeStationUnder18: '<5',
      lateRecordedExtensions: '<5',
      policeStationAdults: 5,
      endedWithoutAdmission: 5,
      endedWithoutAdmissionShare: 0.833,
      timeToFirstAdviceSeconds: { median: 240, p90: 600 },
    });
    expect(statistics.firstPlaceOfSafety['health-based-place-of-safety']).toBe('<5');
    const few = computeStatistics(rows.slice(0, 3), period, true);
    expect(few.timeToFirstAdviceSeconds).toEqual({ median: null, p90: null });
    expect(few.endedWithoutAdmissionShare).toBeNull();
  });

  it('writes every new field to CSV', () => {
    const lines = measuresCsv(computeStatistics(rows, period, true))
      .trim()
      .split('\r\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        'firstPlaceOfSafety,police-station,6',
        'policeVehicleReasons,risk-to-crew-or-public,5',
        'policeStationUnder18,,<5',
        'policeStationAdults,,5',
        'welfareChecksOverdue,,10',
        'lateRecordedExtensions,,<5',
        'endedWithoutAdmission,,5',
        'endedWithoutAdmissionShare,,0.833',
        'timeToFirstAdviceSeconds,median,240',
        'timeToFirstAdviceSeconds,p90,600',
      ]),
    );
  });
});

/**
 * Outcomes end to end (issue 7): intake and outcomes booted for real in-process against the real PostgreSQL and
 * Kafka; the line's advice is published to the triage topic by a test stand-in (test/support/triage-events.ts).
 * Rules 1-7 and If-Match are given/when/then over HTTP: an incident reported to intake and known to outcomes, its
 * outcome so far appended to outcomes' store, one request, the answer and what it appended. Every response status
 * is recorded; the last test asserts none was a 5xx.
 */
import { TOPICS } from '@rcrp/events';
import { createIdempotentProducer } from '@rcrp/messaging';
import {
  appendGivenEvents,
  bootService,
  existingStream,
  expectConflict,
  expectInvalid,
  expectNewEvents,
  expectNoNewEvents,
  expectRefused,
  expectResponse,
  httpSpec,
  ResponseLog,
  testKafka,
  testOwnerUrl,
  waitFor,
  watchTopic,
  type GivenEvent,
  type RunningService,
  type TopicWatch,
} from '@rcrp/testing';
import type { Producer } from 'kafkajs';
import { Pool } from 'pg';
import request from 'supertest';
import { IntakeModule } from '../../intake/src/intake.module';
import { OutcomesSettings } from '../src/outcomes-settings';
import { OutcomesModule } from '../src/outcomes.module';
import { ManualClock } from './support/manual-clock';
import { publishAdvice } from './support/triage-events';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const iso = (ms: number) => new Date(ms).toISOString();
const minutesAgo = (minutes: number) => iso(Date.now() - minutes * MINUTE);
const yearsAgo = (years: number) => `${new Date().getUTCFullYear() - years}-01-01`;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const RULE_SET = 'england-wales-2017-12-11';
const HBPOS = { kind: 'health-based-place-of-safety' };
const STATION = { kind: 'police-station', name: 'Brixton custody' };
const AUTHORISATION = {
  inspectorId: 'INSP-9',
  imminentRiskReason: 'Violent; repeated attempts to strike officers',
  noOtherPlaceReason: 'Both HBPoS in the area declined: they cannot hold the person safely',
  healthcareProfessionalPresent: true,
};
const AUTHORISED_STATION = { ...STATION, policeStationAuthorisation: AUTHORISATION };
const EXTENSION = {
  hours: 12,
  authorisedBy: { clinicianId: 'GMC-7012345', profession: 'registered-medical-practitioner' },
  reason: 'Too intoxicated to be assessed',
};

/** An incident outcomes knows: reported to intake and consumed from its topic (advised by the line, or not). */
interface KnownIncident {
  incidentId: string;
  subjectRef: string;
  ageYears: number;
  adviceEventId: string | null;
}

/**
 * The outcome stream of `incident` and the events a test gives it: what the commands would have appended, dated
 * minutes before now (a police station's welfare check is due 30 minutes after arrival: arrivals are 5 minutes ago).
 */
function outcomeOf(incident: KnownIncident) {
  const { incidentId, subjectRef } = incident;
  const given = (type: string, data: object): GivenEvent => ({
    type,
    subjectRef,
    actor: { id: 'PC-4821', role: 'officer' },
    data: { incidentId, ...data },
  });
  return {
    incidentId,
    stream: `outcome-${incidentId}`,
    path: (action: string) => `/outcomes/${incidentId}/${action}`,
    consultedNotPracticable: (at = minutesAgo(30)) =>
      given('Section136ConsultationRecorded', {
        consultedAt: at,
        clinicianId: null,
        profession: null,
        notPracticableReason: 'Running towards the road',
      }),
    detained: (at = minutesAgo(20)) =>
      given('Section136Detained', {
        detainedAt: at,
        officerId: 'PC-4821',
        locationKind: 'public-place',
        ruleSetId: RULE_SET,
        consultationBasis: incident.adviceEventId ? 'line-advice' : 'not-practicable',
        adviceEventId: incident.adviceEventId,
        subjectAgeYears: incident.ageYears,
      }),
    chosen: (
      kind: 'health-based-place-of-safety' | 'police-station' | 'emergency-department',
      at = minutesAgo(15),
    ) =>
      given('PlaceOfSafetyChosen', {
        chosenAt: at,
        kind,
        name: null,
        keptWhereFound: false,
        policeStationAuthorisation: kind === 'police-station' ? AUTHORISATION : null,
        subjectAgeYears: incident.ageYears,
      }),
    arrived: (at = minutesAgo(5)) => given('ArrivedAtPlaceOfSafety', { arrivedAt: at }),
    extended: (arrivedAt: string, at = minutesAgo(2)) =>
      given('DetentionExtended', {
        extendedAt: at,
        ...EXTENSION,
        superintendentId: 'SUPT-2',
        newDeadline: iso(Date.parse(arrivedAt) + (24 + EXTENSION.hours) * HOUR),
      }),
    limitExceeded: (deadline: string) =>
      ({
        type: 'DetentionLimitExceeded',
        actor: { id: 'rcrp-outcomes', role: 'system' },
        data: { incidentId, deadline, noticedAt: iso(Date.parse(deadline) + MINUTE) },
      }) satisfies GivenEvent,
  };
}

describe('outcomes service (e2e: real PostgreSQL and Kafka, intake for real)', () => {
  const clock = new ManualClock();
  const settings = new OutcomesSettings({ warningLeadMinutes: 120, schedulerIntervalMs: 200 });
  const bootOutcomes = () =>
    bootService('outcomes', (config) => OutcomesModule.forConfig(config, { clock, settings }));

  let intake: RunningService;
  let outcomes: RunningService;
  let owner: Pool;
  let producer: Producer;
  let outcomesTopic: TopicWatch;
  let officer: string;
  let operator: string;
  let analyst: string;
  const responses = new ResponseLog();
  const track = <T extends { status: number }>(response: T): T => responses.track(response);
  /** given / when / then against outcomes, as the officer (case reads state their reason). */
  const outcomesApi = httpSpec(() => outcomes, {
    headers: () => ({ Authorization: `Bearer ${officer}`, 'X-Access-Reason': 'e2e: case review' }),
    log: responses,
  });

  const post = async (path: string, body: object, token = officer, headers: Record<string, string> = {}) =>
    track(
      await request(outcomes.baseUrl)
        .post(path)
        .set('Authorization', `Bearer ${token}`)
        .set(headers)
        .send(body),
    );
  // Case reads that return personal data need a stated reason (issue 11); other routes ignore it.
  const get = async (
    path: string,
    token = officer,
    headers: Record<string, string> = { 'X-Access-Reason': 'e2e: case review' },
  ) => track(await request(outcomes.baseUrl).get(path).set('Authorization', `Bearer ${token}`).set(headers));
  const command = (incidentId: string, path: string, body: object = {}, token = officer) =>
    post(`/outcomes/${incidentId}/${path}`, body, token);

  /** Reports an incident to intake over HTTP; returns its id and the subject reference intake made. */
  async function report(
    overrides: Record<string, unknown> = {},
  ): Promise<{ incidentId: string; subjectRef: string }> {
    const response = track(
      await request(intake.baseUrl)
        .post('/incidents')
        .set('Authorization', `Bearer ${officer}`)
        .send({
          reportedAt: iso(Date.now() - 3 * HOUR),
          officer: { id: 'PC-4821', force: 'MPS' },
          location: { kind: 'public-place', description: 'Footbridge, north end', borough: 'Lambeth' },
          category: 'concern-for-welfare',
          subject: { name: 'Jane Testperson', dateOfBirth: yearsAgo(30), sex: 'female', ethnicity: 'white' },
          presentingConcerns: ['suicidal-ideation'],
          summary: 'Standing outside the railings of the footbridge.',
          ...overrides,
        }),
    );
    expect(response.status).toBe(201);
    return { incidentId: response.body.incidentId, subjectRef: response.body.events[0].data.subject.ref };
  }

  /** Waits until outcomes has consumed intake's report (and `advice` pieces of advice). */
  async function known(incidentId: string, advice = 0) {
    return waitFor(
      async () => {
        const response = await get(`/outcomes/${incidentId}`);
        return response.status === 200 && response.body.incident?.advice.length >= advice
          ? response.body
          : null;
      },
      { timeoutMs: 30_000, intervalMs: 200, description: `outcomes to know incident ${incidentId}` },
    );
  }

  /** An adult in a public place, advised by the line 10 minutes after the report. */
  async function advisedIncident(
    reportedAtMs = Date.now() - 3 * HOUR,
    overrides: Record<string, unknown> = {},
  ) {
    const { incidentId, subjectRef } = await report({ reportedAt: iso(reportedAtMs), ...overrides });
    const envelopes = await publishAdvice(producer, {
      incidentId,
      subjectRef,
      queuedAt: iso(reportedAtMs + MINUTE),
      answeredAt: iso(reportedAtMs + 5 * MINUTE),
      givenAt: iso(reportedAtMs + 10 * MINUTE),
    });
    await known(incidentId, 1);
    return { incidentId, subjectRef, adviceEventId: envelopes[2].eventId };
  }

  /** A known incident for a given/when/then: an adult (30) advised by the line unless it says otherwise. */
  async function knownIncident(
    options: { advised?: boolean; ageYears?: number; reportedAtMs?: number; report?: object } = {},
  ): Promise<KnownIncident> {
    const { advised = true, ageYears = 30, reportedAtMs = Date.now() - 3 * HOUR } = options;
    const overrides = {
      ...(ageYears === 30
        ? {}
        : { subject: { name: 'A Child', dateOfBirth: yearsAgo(ageYears), sex: 'male', ethnicity: 'black' } }),
      ...options.report,
    };
    if (advised) return { ...(await advisedIncident(reportedAtMs, overrides)), ageYears };
    const reported = await report({ reportedAt: iso(reportedAtMs), ...overrides });
    await known(reported.incidentId);
    return { ...reported, ageYears, adviceEventId: null };
  }

  async function storedCount(incidentId: string, type: string): Promise<number> {
    const { rows } = await owner.query(
      `SELECT count(*)::int AS n FROM outcomes.events WHERE stream_id = $1 AND type = $2`,
      [`outcome-${incidentId}`, type],
    );
    return rows[0].n;
  }

  const activeDetention = async (incidentId: string) =>
    (await get('/detentions/active', operator)).body.detentions.find(
      (detention: { incidentId: string }) => detention.incidentId === incidentId,
    );

  beforeAll(async () => {
    [intake, outcomes] = await Promise.all([
      bootService('intake', (config) => IntakeModule.forConfig(config)),
      bootOutcomes(),
    ]);
    owner = new Pool({ connectionString: testOwnerUrl(), max: 2 });
    producer = createIdempotentProducer(testKafka('outcomes-e2e-triage-stand-in'));
    await producer.connect();
    outcomesTopic = await watchTopic(TOPICS.outcomesEvents);
    [officer, operator, analyst] = await Promise.all([
      outcomes.token('officer', 'PC-4821'),
      outcomes.token('operator', 'op-1'),
      outcomes.token('analyst', 'analyst-3'),
    ]);
  });

  afterAll(async () => {
    await outcomesTopic?.stop();
    await producer?.disconnect();
    await owner?.end();
    await Promise.all([intake?.close(), outcomes?.close()]);
  });

  describe('a whole case: reported, advised, detained with the advice linked, conveyed, arrived, extended once, assessed, ended, closed', () => {
    const t0 = Date.now() - 3 * HOUR;
    const at = (minutes: number) => iso(t0 + minutes * MINUTE);
    const deadline = iso(t0 + 60 * MINUTE + 24 * HOUR);
    const extensionReason = 'Too intoxicated to be assessed within the period';
    const period = `from=${encodeURIComponent(iso(t0))}&to=${encodeURIComponent(iso(t0 + 1))}`;
    const steps: Array<readonly [string, object]> = [
      ['section-136/detention', { at: at(15) }],
      [
        'section-136/place-of-safety',
        { kind: 'health-based-place-of-safety', name: 'Maudsley HBPoS', at: at(20) },
      ],
      ['section-136/conveyance', { mode: 'ambulance', at: at(25) }],
      ['section-136/arrival', { at: at(60) }],
      [
        'section-136/extension',
        {
          at: at(120),
          hours: 6,
          authorisedBy: { clinicianId: 'GMC-7012345', profession: 'registered-medical-practitioner' },
          reason: extensionReason,
        },
      ],
      ['section-136/assessment', { outcome: 'admitted-informally', clinicianId: 'GMC-7012345', at: at(130) }],
      ['section-136/end', { reason: 'admitted-to-hospital', at: at(140) }],
      ['closure', { at: at(150) }],
    ];
    let incidentId: string;
    let adviceEventId: string;
    const answers = new Map<string, request.Response>();
    /** The active detentions as listed on arrival, before the extension. */
    let listedOnArrival: request.Response;
    /** A moment after the arrival and before the extension was recorded. */
    let beforeExtension: string;

    beforeAll(async () => {
      ({ incidentId, adviceEventId } = await advisedIncident(t0));
      for (const [path, body] of steps) {
        if (path === 'section-136/extension') {
          listedOnArrival = await get('/detentions/active', operator);
          beforeExtension = new Date().toISOString();
          await pause(20);
        }
        answers.set(path, await command(incidentId, path, body));
        if (path === 'section-136/extension') {
          await waitFor(async () => (await activeDetention(incidentId))?.extended, {
            description: 'the active list to show the extension',
          });
        }
      }
    });

    it('each step is a 200', () => {
      expect(steps.map(([path]) => ({ path, status: answers.get(path)?.status }))).toEqual(
        steps.map(([path]) => ({ path, status: 200 })),
      );
    });

    it("the detention names the line's advice as its consultation", () => {
      expect(answers.get('section-136/detention')!.body.events[0]).toMatchObject({
        type: 'Section136Detained',
        actor: { id: 'PC-4821', role: 'officer' },
        data: {
          consultationBasis: 'line-advice',
          adviceEventId,
          locationKind: 'public-place',
          subjectAgeYears: expect.any(Number),
        },
      });
    });

    it('on arrival it is listed active with the place of safety and a deadline 24 hours after the arrival', () => {
      expect(listedOnArrival.status).toBe(200);
      expect(
        listedOnArrival.body.detentions.find((d: { incidentId: string }) => d.incidentId === incidentId),
      ).toMatchObject({
        placeOfSafety: { kind: 'health-based-place-of-safety', name: 'Maudsley HBPoS' },
        arrivedAt: at(60),
        deadline,
        extended: false,
        limitExceeded: false,
      });
    });

    it('the extension moves the deadline by its 6 hours', () => {
      expect(answers.get('section-136/extension')!.body.events[0].data.newDeadline).toBe(
        iso(Date.parse(deadline) + 6 * HOUR),
      );
    });

    it('the closed case reads at version 8 (ETag "8"): closed, the detention ended, extended once', async () => {
      const now = await get(`/outcomes/${incidentId}`, operator);
      expect(now.headers.etag).toBe('"8"');
      expect(now.body).toMatchObject({
        version: 8,
        closed: true,
        detention: { status: 'ended', extended: true, extensionCount: 1 },
      });
    });

    it('asOf before the extension reads the case as it stood: active, not extended, the first deadline', async () => {
      const then = await get(`/outcomes/${incidentId}?asOf=${encodeURIComponent(beforeExtension)}`, operator);
      expect(then.body).toMatchObject({
        version: 4,
        closed: false,
        detention: { status: 'active', extended: false, deadline },
      });
    });

    it('once ended it is no longer among the active detentions', async () => {
      expect(
        (await get('/detentions/active', operator)).body.detentions.map(
          (d: { incidentId: string }) => d.incidentId,
        ),
      ).not.toContain(incidentId);
    });

    it("the timeline holds intake's, triage's and outcomes' events in the order they happened", async () => {
      const timeline = await get(`/cases/${incidentId}/timeline`, operator);
      expect(timeline.status).toBe(200);
      expect(
        timeline.body.entries.map(
          (entry: { service: string; type: string }) => `${entry.service}:${entry.type}`,
        ),
      ).toEqual([
        'intake:IncidentReported',
        'triage:CallQueued',
        'triage:CallAnswered',
        'triage:AdviceGiven',
        'outcomes:Section136Detained',
        'outcomes:PlaceOfSafetyChosen',
        'outcomes:ConveyanceRecorded',
        'outcomes:ArrivedAtPlaceOfSafety',
        'outcomes:DetentionExtended',
        'outcomes:AssessmentCompleted',
        'outcomes:DetentionEnded',
        'outcomes:CaseClosed',
      ]);
    });

    it("an operator's timeline withholds what outcomes cannot read, shows its own reasons, never a ciphertext or the name", async () => {
      const timeline = await get(`/cases/${incidentId}/timeline`, operator);
      const entries: Array<{
        actor: { role: string };
        data: Record<string, unknown>;
        withheldFields: string[];
      }> = timeline.body.entries;
      expect(entries[0].actor.role).toBe('officer');
      expect(entries[3]).toMatchObject({
        actor: { role: 'clinician' },
        data: { rationale: '[withheld]' },
        withheldFields: ['rationale'],
      });
      expect(entries[0].withheldFields).toEqual(expect.arrayContaining(['summary', 'subject.name']));
      expect(entries[8].data.reason).toBe(extensionReason);
      const text = JSON.stringify(timeline.body);
      expect(text).not.toContain('enc:v1');
      expect(text).not.toContain('Jane Testperson');
    });

    it("an analyst's timeline holds no reason, no ciphertext and no subject reference", async () => {
      const forAnalyst = JSON.stringify((await get(`/cases/${incidentId}/timeline`, analyst)).body);
      expect(forAnalyst).not.toContain(extensionReason);
      expect(forAnalyst).not.toContain('enc:v1');
      expect(forAnalyst).not.toContain('subj-');
    });

    it('its eight events are published on the outcomes topic, CaseClosed among them', async () => {
      const published = await outcomesTopic.waitFor((message) => message.key === incidentId, 8);
      expect(published.map((message) => message.headers['event-type'])).toContain('CaseClosed');
    });

    it("the statistics of its report's millisecond count this case alone, by age band, sex and ethnicity", async () => {
      const statistics = await waitFor(async () => {
        const response = await get(`/statistics?${period}`, operator);
        return response.body.assessmentOutcomes?.['admitted-informally'] === 1 ? response.body : null;
      });
      expect(statistics).toMatchObject({
        incidents: 1,
        incidentsAdvised: 1,
        section136Detentions: 1,
        detentionShareOfAdvisedIncidents: 1,
        avoidedDetentions: 0,
        consultation: { 'line-advice': 1 },
        placesOfSafety: { 'health-based-place-of-safety': 1 },
        conveyances: { ambulance: 1 },
        extensions: 1,
        limitBreaches: 0,
        byAgeBand: { '25-34': { incidents: 1, detentions: 1 } },
        bySex: { female: { detentions: 1 } },
        byEthnicity: { white: { detentions: 1 } },
      });
    });

    it("an analyst's statistics suppress the small counts", async () => {
      await waitFor(
        async () => (await get(`/statistics?${period}`, operator)).body.section136Detentions === 1,
      );
      const suppressed = await get(`/statistics?${period}`, analyst);
      expect(suppressed.body).toMatchObject({
        smallCountsSuppressed: true,
        incidents: '<5',
        section136Detentions: '<5',
        detentionShareOfAdvisedIncidents: null,
      });
    });

    it('the statistics as CSV: with the counts for the operator, suppressed for the analyst', async () => {
      await waitFor(async () => (await get(`/statistics?${period}`, operator)).body.extensions === 1);
      const csv = await get(`/statistics?${period}`, operator, { Accept: 'text/csv' });
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      expect(csv.text.split('\r\n')).toEqual(
        expect.arrayContaining(['measure,category,value', 'section136Detentions,,1', 'extensions,,1']),
      );
      expect((await get(`/statistics?${period}&format=csv`, analyst)).text).toContain(
        'section136Detentions,,<5',
      );
    });
  });

  describe('rules 1-7 over HTTP, given the outcome so far: each refusal names its rule, and appends nothing', () => {
    it('S136-PRIVATE-DWELLING (rule 1): no detention in a dwelling', async () => {
      const dwelling = outcomeOf(
        await knownIncident({ report: { location: { kind: 'private-dwelling', borough: 'Lambeth' } } }),
      );
      await outcomesApi
        .given()
        .when((http) => http.post(dwelling.path('section-136/detention')).send({}))
        .then(expectRefused('S136-PRIVATE-DWELLING'), expectNoNewEvents(dwelling.stream));
    });

    it('S136-CONSULTATION-REQUIRED (rule 2): no detention of an unadvised person without a consultation', async () => {
      const unadvised = outcomeOf(await knownIncident({ advised: false }));
      await outcomesApi
        .given()
        .when((http) => http.post(unadvised.path('section-136/detention')).send({}))
        .then(expectRefused('S136-CONSULTATION-REQUIRED'), expectNoNewEvents(unadvised.stream));
    });

    it('S136-CONSULTATION-INCOMPLETE (rule 2): a consultation names who was consulted or why no one could be', async () => {
      const unadvised = outcomeOf(await knownIncident({ advised: false }));
      await outcomesApi
        .given()
        .when((http) => http.post(unadvised.path('section-136/consultation')).send({}))
        .then(expectRefused('S136-CONSULTATION-INCOMPLETE'), expectNoNewEvents(unadvised.stream));
    });

    it('rule 2: why a consultation was not practicable is recorded', async () => {
      const unadvised = outcomeOf(await knownIncident({ advised: false }));
      await outcomesApi
        .given()
        .when((http) =>
          http
            .post(unadvised.path('section-136/consultation'))
            .send({ notPracticableReason: 'Running towards the road' }),
        )
        .then(
          expectResponse(200),
          expectNewEvents(unadvised.stream, [
            {
              type: 'Section136ConsultationRecorded',
              data: { notPracticableReason: 'Running towards the road' },
            },
          ]),
        );
    });

    it('rule 2: given a consultation that was not practicable, an unadvised detention goes ahead on that basis', async () => {
      const unadvised = outcomeOf(await knownIncident({ advised: false }));
      await outcomesApi
        .given(existingStream(unadvised.stream, [unadvised.consultedNotPracticable()]))
        .when((http) => http.post(unadvised.path('section-136/detention')).send({}))
        .then(
          expectResponse(200, { body: { version: 2 } }),
          expectNewEvents(unadvised.stream, [
            { type: 'Section136Detained', data: { consultationBasis: 'not-practicable' } },
          ]),
        );
    });

    it('S136-CONSULTATION-AFTER-DETENTION (rule 2): no consultation recorded after the decision', async () => {
      const adult = outcomeOf(await knownIncident());
      await outcomesApi
        .given(existingStream(adult.stream, [adult.detained()]))
        .when((http) => http.post(adult.path('section-136/consultation')).send({ profession: 'amhp' }))
        .then(expectRefused('S136-CONSULTATION-AFTER-DETENTION'), expectNoNewEvents(adult.stream));
    });

    it("POS-POLICE-STATION-AUTHORISATION (rule 5): a police station for an adult needs an inspector's authorisation", async () => {
      const adult = outcomeOf(await knownIncident());
      await outcomesApi
        .given(existingStream(adult.stream, [adult.detained()]))
        .when((http) => http.post(adult.path('section-136/place-of-safety')).send(STATION))
        .then(expectRefused('POS-POLICE-STATION-AUTHORISATION'), expectNoNewEvents(adult.stream));
    });

    it('rule 5: a police station with every regulation 2 condition is chosen for an adult', async () => {
      const adult = outcomeOf(await knownIncident());
      await outcomesApi
        .given(existingStream(adult.stream, [adult.detained()]))
        .when((http) => http.post(adult.path('section-136/place-of-safety')).send(AUTHORISED_STATION))
        .then(
          expectResponse(200),
          expectNewEvents(adult.stream, [
            {
              type: 'PlaceOfSafetyChosen',
              data: { kind: 'police-station', policeStationAuthorisation: AUTHORISATION },
            },
          ]),
        );
    });

    it('CONVEYANCE-POLICE-VEHICLE-REASON (rule 6): a police vehicle needs a reason', async () => {
      const adult = outcomeOf(await knownIncident());
      await outcomesApi
        .given(existingStream(adult.stream, [adult.detained(), adult.chosen('police-station')]))
        .when((http) => http.post(adult.path('section-136/conveyance')).send({ mode: 'police-vehicle' }))
        .then(expectRefused('CONVEYANCE-POLICE-VEHICLE-REASON'), expectNoNewEvents(adult.stream));
    });

    it('rule 6: a police vehicle with a coded reason is recorded', async () => {
      const adult = outcomeOf(await knownIncident());
      const conveyance = { mode: 'police-vehicle', policeVehicleReason: { code: 'ambulance-not-available' } };
      await outcomesApi
        .given(existingStream(adult.stream, [adult.detained(), adult.chosen('police-station')]))
        .when((http) => http.post(adult.path('section-136/conveyance')).send(conveyance))
        .then(
          expectResponse(200),
          expectNewEvents(adult.stream, [{ type: 'ConveyanceRecorded', data: conveyance }]),
        );
    });

    it('S136-ALREADY-AT-PLACE-OF-SAFETY (rule 3): the period starts once, a second arrival is refused', async () => {
      const adult = outcomeOf(await knownIncident());
      await outcomesApi
        .given(
          existingStream(adult.stream, [adult.detained(), adult.chosen('police-station'), adult.arrived()]),
        )
        .when((http) => http.post(adult.path('section-136/arrival')).send({}))
        .then(expectRefused('S136-ALREADY-AT-PLACE-OF-SAFETY'), expectNoNewEvents(adult.stream));
    });

    it('S136-EXTENSION-BY-RMP (rule 4): only the examining doctor extends', async () => {
      const adult = outcomeOf(await knownIncident());
      await outcomesApi
        .given(
          existingStream(adult.stream, [adult.detained(), adult.chosen('police-station'), adult.arrived()]),
        )
        .when((http) =>
          http.post(adult.path('section-136/extension')).send({
            ...EXTENSION,
            authorisedBy: { clinicianId: 'P-1', profession: 'paramedic' },
            superintendentId: 'SUPT-2',
          }),
        )
        .then(expectRefused('S136-EXTENSION-BY-RMP'), expectNoNewEvents(adult.stream));
    });

    it('S136-EXTENSION-SUPERINTENDENT (rule 4): at a police station a superintendent approves it too', async () => {
      const adult = outcomeOf(await knownIncident());
      await outcomesApi
        .given(
          existingStream(adult.stream, [adult.detained(), adult.chosen('police-station'), adult.arrived()]),
        )
        .when((http) => http.post(adult.path('section-136/extension')).send(EXTENSION))
        .then(expectRefused('S136-EXTENSION-SUPERINTENDENT'), expectNoNewEvents(adult.stream));
    });

    it('S136-EXTENSION-MAX-HOURS (rule 4): at most 12 hours', async () => {
      const adult = outcomeOf(await knownIncident());
      await outcomesApi
        .given(
          existingStream(adult.stream, [adult.detained(), adult.chosen('police-station'), adult.arrived()]),
        )
        .when((http) =>
          http
            .post(adult.path('section-136/extension'))
            .send({ ...EXTENSION, hours: 13, superintendentId: 'SUPT-2' }),
        )
        .then(expectRefused('S136-EXTENSION-MAX-HOURS'), expectNoNewEvents(adult.stream));
    });

    it('rule 4: 12 hours by the examining doctor with a superintendent move the deadline 12 hours', async () => {
      const adult = outcomeOf(await knownIncident());
      const arrivedAt = minutesAgo(5);
      await outcomesApi
        .given(
          existingStream(adult.stream, [
            adult.detained(),
            adult.chosen('police-station'),
            adult.arrived(arrivedAt),
          ]),
        )
        .when((http) =>
          http.post(adult.path('section-136/extension')).send({ ...EXTENSION, superintendentId: 'SUPT-2' }),
        )
        .then(
          expectResponse(200),
          expectNewEvents(adult.stream, [
            {
              type: 'DetentionExtended',
              data: {
                hours: 12,
                superintendentId: 'SUPT-2',
                newDeadline: iso(Date.parse(arrivedAt) + 36 * HOUR),
              },
            },
          ]),
        );
    });

    it('S136-EXTENSION-ONCE (rule 4): a period is extended once', async () => {
      const adult = outcomeOf(await knownIncident());
      const arrivedAt = minutesAgo(5);
      await outcomesApi
        .given(
          existingStream(adult.stream, [
            adult.detained(),
            adult.chosen('police-station'),
            adult.arrived(arrivedAt),
            adult.extended(arrivedAt),
          ]),
        )
        .when((http) =>
          http
            .post(adult.path('section-136/extension'))
            .send({ ...EXTENSION, hours: 1, superintendentId: 'SUPT-2' }),
        )
        .then(expectRefused('S136-EXTENSION-ONCE'), expectNoNewEvents(adult.stream));
    });

    it('rule 3: a transfer does not restart the period, the extended deadline stays', async () => {
      const adult = outcomeOf(await knownIncident());
      const arrivedAt = minutesAgo(5);
      await outcomesApi
        .given(
          existingStream(adult.stream, [
            adult.detained(),
            adult.chosen('police-station'),
            adult.arrived(arrivedAt),
            adult.extended(arrivedAt),
          ]),
        )
        .when((http) =>
          http.post(adult.path('section-136/transfer')).send({ toKind: 'health-based-place-of-safety' }),
        )
        .then(
          expectResponse(200),
          expectNewEvents(adult.stream, [
            { type: 'DetentionTransferred', data: { toKind: 'health-based-place-of-safety' } },
          ]),
        );
      expect((await get(`/outcomes/${adult.incidentId}`)).body.detention).toMatchObject({
        deadline: iso(Date.parse(arrivedAt) + 36 * HOUR),
        placeOfSafety: { kind: 'health-based-place-of-safety' },
      });
    });

    it('CASE-OPEN-DETENTION: a case is not closed while its detention runs', async () => {
      const adult = outcomeOf(await knownIncident());
      await outcomesApi
        .given(
          existingStream(adult.stream, [adult.detained(), adult.chosen('police-station'), adult.arrived()]),
        )
        .when((http) => http.post(adult.path('closure')).send({}))
        .then(expectRefused('CASE-OPEN-DETENTION'), expectNoNewEvents(adult.stream));
    });

    it('a running detention is ended with its reason', async () => {
      const adult = outcomeOf(await knownIncident());
      await outcomesApi
        .given(
          existingStream(adult.stream, [adult.detained(), adult.chosen('police-station'), adult.arrived()]),
        )
        .when((http) => http.post(adult.path('section-136/end')).send({ reason: 'released-no-grounds' }))
        .then(
          expectResponse(200),
          expectNewEvents(adult.stream, [
            { type: 'DetentionEnded', data: { reason: 'released-no-grounds' } },
          ]),
        );
    });

    it('POS-POLICE-STATION-UNDER-18 (rule 5): never a police station for a child, even authorised', async () => {
      const child = outcomeOf(await knownIncident({ ageYears: 16 }));
      await outcomesApi
        .given(existingStream(child.stream, [child.detained()]))
        .when((http) => http.post(child.path('section-136/place-of-safety')).send(AUTHORISED_STATION))
        .then(expectRefused('POS-POLICE-STATION-UNDER-18'), expectNoNewEvents(child.stream));
    });

    it('rule 5: a child goes to a health-based place of safety', async () => {
      const child = outcomeOf(await knownIncident({ ageYears: 16 }));
      await outcomesApi
        .given(existingStream(child.stream, [child.detained()]))
        .when((http) => http.post(child.path('section-136/place-of-safety')).send(HBPOS))
        .then(
          expectResponse(200),
          expectNewEvents(child.stream, [{ type: 'PlaceOfSafetyChosen', data: HBPOS }]),
        );
    });

    it('S136-EXTENSION-AFTER-EXPIRY (rules 3, 4 and 7): a period that has run out is not extended (recorded after the fact)', async () => {
      const hoursAgo = (hours: number) => iso(Date.now() - hours * HOUR);
      const late = outcomeOf(await knownIncident({ advised: false, reportedAtMs: Date.now() - 30 * HOUR }));
      const arrivedAt = hoursAgo(29);
      await outcomesApi
        .given(
          existingStream(late.stream, [
            late.consultedNotPracticable(hoursAgo(30)),
            late.detained(hoursAgo(30)),
            late.chosen('emergency-department', hoursAgo(30)),
            late.arrived(arrivedAt),
            // As the scheduler would have noticed it (given here, so it cannot append it during the request).
            late.limitExceeded(iso(Date.parse(arrivedAt) + 24 * HOUR)),
          ]),
        )
        .when((http) => http.post(late.path('section-136/extension')).send(EXTENSION))
        .then(expectRefused('S136-EXTENSION-AFTER-EXPIRY'), expectNoNewEvents(late.stream));
    });

    it('COMMAND-TIME-INVALID: not in the future', async () => {
      const adult = outcomeOf(await knownIncident());
      await outcomesApi
        .given(existingStream(adult.stream, [adult.detained(), adult.chosen('health-based-place-of-safety')]))
        .when((http) => http.post(adult.path('section-136/arrival')).send({ at: iso(Date.now() + HOUR) }))
        .then(expectRefused('COMMAND-TIME-INVALID'), expectNoNewEvents(adult.stream));
    });

    it('COMMAND-TIME-INVALID: not more than 24 hours before the report', async () => {
      const adult = outcomeOf(await knownIncident());
      await outcomesApi
        .given(existingStream(adult.stream, [adult.detained(), adult.chosen('health-based-place-of-safety')]))
        .when((http) =>
          http.post(adult.path('section-136/arrival')).send({ at: iso(Date.now() - 365 * 24 * HOUR) }),
        )
        .then(expectRefused('COMMAND-TIME-INVALID'), expectNoNewEvents(adult.stream));
    });

    it('S136-NOT-DETAINED: nothing of a detention before one', async () => {
      const adult = outcomeOf(await knownIncident());
      await outcomesApi
        .given()
        .when((http) => http.post(adult.path('section-136/arrival')).send({}))
        .then(expectRefused('S136-NOT-DETAINED'), expectNoNewEvents(adult.stream));
    });
  });

  describe('the edge refuses bad requests with 400/401/403/404, If-Match with 409', () => {
    const unknown = '0192f000-0000-7000-8000-000000000000';
    let incident: ReturnType<typeof outcomeOf>;

    beforeAll(async () => {
      incident = outcomeOf(await knownIncident());
    });

    it('an operator or an analyst recording a detention: 403', async () => {
      await outcomesApi
        .given()
        .when((http) =>
          http
            .post(incident.path('section-136/detention'))
            .set('Authorization', `Bearer ${operator}`)
            .send({}),
        )
        .then(expectResponse(403), expectNoNewEvents(incident.stream));
      await outcomesApi
        .given()
        .when((http) =>
          http
            .post(incident.path('section-136/detention'))
            .set('Authorization', `Bearer ${analyst}`)
            .send({}),
        )
        .then(expectResponse(403), expectNoNewEvents(incident.stream));
    });

    it('a command without a token: 401', async () => {
      expect(track(await request(outcomes.baseUrl).post(incident.path('closure')).send({})).status).toBe(401);
    });

    it('a place of safety of an unknown kind with an unknown field: 400 naming both', () =>
      outcomesApi
        .given()
        .when((http) =>
          http.post(incident.path('section-136/place-of-safety')).send({ kind: 'garden', colour: 'blue' }),
        )
        .then(expectInvalid('kind', 'colour'), expectNoNewEvents(incident.stream)));

    it('a time that is not a time, hours that are not a number: 400', async () => {
      await outcomesApi
        .given()
        .when((http) => http.post(incident.path('section-136/arrival')).send({ at: 'yesterday' }))
        .then(expectInvalid('at'), expectNoNewEvents(incident.stream));
      await outcomesApi
        .given()
        .when((http) => http.post(incident.path('section-136/extension')).send({ hours: 'twelve' }))
        .then(expectInvalid('hours'), expectNoNewEvents(incident.stream));
    });

    it('an incident id that is not a UUID: 400; one outcomes does not know: 404 to a command and to the reads', async () => {
      expect((await command('not-a-uuid', 'closure')).status).toBe(400);
      expect((await command(unknown, 'section-136/detention')).status).toBe(404);
      expect((await get(`/outcomes/${unknown}`)).status).toBe(404);
      expect((await get(`/cases/${unknown}/timeline`)).status).toBe(404);
    });

    it('an asOf that is not a time, a statistics window that ends before it starts, a format it does not serve: 400', async () => {
      expect((await get(`/outcomes/${incident.incidentId}?asOf=soon`)).status).toBe(400);
      expect((await get('/statistics?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z')).status).toBe(400);
      expect((await get('/statistics?format=xml')).status).toBe(400);
    });

    it('a stale If-Match: 409 naming both versions', async () => {
      const fresh = outcomeOf(await knownIncident());
      await outcomesApi
        .given()
        .when((http) => http.post(fresh.path('section-136/detention')).set('If-Match', '3').send({}))
        .then(expectConflict(3, 0), expectNoNewEvents(fresh.stream));
    });

    it('If-Match 0 on a case with no outcome yet: 200 at version 1, ETag "1"', async () => {
      const fresh = outcomeOf(await knownIncident());
      await outcomesApi
        .given()
        .when((http) => http.post(fresh.path('section-136/detention')).set('If-Match', '0').send({}))
        .then(
          expectResponse(200, { body: { version: 1 }, headers: { ETag: '"1"' } }),
          expectNewEvents(fresh.stream, [{ type: 'Section136Detained', streamVersion: 1 }]),
        );
    });

    it('an If-Match that is not a version: 400 naming it', () =>
      outcomesApi
        .given()
        .when((http) => http.post(incident.path('section-136/detention')).set('If-Match', 'abc').send({}))
        .then(expectInvalid('If-Match'), expectNoNewEvents(incident.stream)));
  });

  describe('issue 16: the professional is clinicianId (the old names read for one release); errors people understand', () => {
    const CONSULTED = { profession: 'amhp', clinicianId: 'AMHP-311' };
    const ASSESSED = { outcome: 'admitted-informally', clinicianId: 'GMC-7012345' };
    /** An advised adult, detained and arrived: ready for an assessment. */
    const arrivedCase = async () => {
      const adult = outcomeOf(await knownIncident());
      await appendGivenEvents(
        outcomes,
        existingStream(adult.stream, [
          adult.detained(),
          adult.chosen('health-based-place-of-safety'),
          adult.arrived(),
        ]),
      );
      return adult;
    };

    it('a consultation names the professional clinicianId, in the event and in the outcome view', async () => {
      const unadvised = outcomeOf(await knownIncident({ advised: false }));
      await outcomesApi
        .given()
        .when((http) => http.post(unadvised.path('section-136/consultation')).send(CONSULTED))
        .then(
          expectResponse(200),
          expectNewEvents(unadvised.stream, [
            { type: 'Section136ConsultationRecorded', schemaVersion: 2, data: CONSULTED },
          ]),
        );
      const view = await get(`/outcomes/${unadvised.incidentId}`);
      // professionalId repeats it in the view for one release.
      expect(view.body.consultation).toMatchObject({
        kind: 'consulted',
        clinicianId: 'AMHP-311',
        professionalId: 'AMHP-311',
      });
    });

    it('professionalId, the old name, is still read as clinicianId', async () => {
      const unadvised = outcomeOf(await knownIncident({ advised: false }));
      const [event] = (
        await outcomesApi
          .given()
          .when((http) =>
            http
              .post(unadvised.path('section-136/consultation'))
              .send({ profession: 'amhp', professionalId: 'AMHP-311' }),
          )
          .then(expectResponse(200), expectNewEvents(unadvised.stream, [{ data: CONSULTED }]))
      ).body.events;
      expect(Object.keys(event.data)).not.toContain('professionalId');
    });

    it('both names at once: the same value is accepted, different values are a 400 naming the old one', async () => {
      const unadvised = outcomeOf(await knownIncident({ advised: false }));
      const refusal = await outcomesApi
        .given()
        .when((http) =>
          http
            .post(unadvised.path('section-136/consultation'))
            .send({ ...CONSULTED, professionalId: 'AMHP-999' }),
        )
        .then(expectInvalid('professionalId'), expectNoNewEvents(unadvised.stream));
      expect(refusal.body.errors).toEqual([
        {
          field: 'professionalId',
          reasons: [
            'professionalId is the deprecated name of clinicianId: send clinicianId only (both were sent, with different values)',
          ],
        },
      ]);
      expect(JSON.stringify(refusal.body)).not.toMatch(/AMHP-(311|999)/);
      await outcomesApi
        .given()
        .when((http) =>
          http
            .post(unadvised.path('section-136/consultation'))
            .send({ ...CONSULTED, professionalId: 'AMHP-311' }),
        )
        .then(expectResponse(200), expectNewEvents(unadvised.stream, [{ data: CONSULTED }]));
    });

    it('an assessment names the professional clinicianId; assessedBy, the old name, is read as it', async () => {
      const adult = await arrivedCase();
      await outcomesApi
        .given()
        .when((http) => http.post(adult.path('section-136/assessment')).send(ASSESSED))
        .then(
          expectResponse(200),
          expectNewEvents(adult.stream, [{ type: 'AssessmentCompleted', schemaVersion: 2, data: ASSESSED }]),
        );
      const old = await arrivedCase();
      await outcomesApi
        .given()
        .when((http) =>
          http
            .post(old.path('section-136/assessment'))
            .send({ outcome: 'admitted-informally', assessedBy: 'GMC-7012345' }),
        )
        .then(expectResponse(200), expectNewEvents(old.stream, [{ data: ASSESSED }]));
      await outcomesApi
        .given()
        .when((http) =>
          http.post(old.path('section-136/assessment')).send({ ...ASSESSED, assessedBy: 'GMC-0000001' }),
        )
        .then(expectInvalid('assessedBy'), expectNoNewEvents(old.stream));
    });

    it('a required field left out, also a nested one: 400 saying it is required, by its dotted path', async () => {
      const adult = await arrivedCase();
      const refusal = await outcomesApi
        .given()
        .when((http) =>
          http
            .post(adult.path('section-136/extension'))
            .send({ hours: 12, authorisedBy: { profession: 'registered-medical-practitioner' } }),
        )
        .then(expectResponse(400), expectNoNewEvents(adult.stream));
      expect(refusal.body.errors).toEqual([
        { field: 'authorisedBy.clinicianId', reasons: ['is required'] },
        { field: 'reason', reasons: ['is required'] },
      ]);
      expect(refusal.body.message).toBe(
        'Validation failed: authorisedBy.clinicianId: is required; reason: is required',
      );
    });

    it('a stale If-Match: 409 in words, naming the case, both versions and who made the change that won', async () => {
      const adult = outcomeOf(await knownIncident());
      await appendGivenEvents(outcomes, existingStream(adult.stream, [adult.detained()]));
      await appendGivenEvents(
        outcomes,
        existingStream(adult.stream, [adult.chosen('health-based-place-of-safety')]),
      );
      const conflict = await outcomesApi
        .given()
        .when((http) => http.post(adult.path('section-136/arrival')).set('If-Match', '1').send({}))
        .then(
          expectResponse(409, {
            body: {
              incidentId: adult.incidentId,
              expectedVersion: 1,
              actualVersion: 2,
              lastChangedBy: { id: 'PC-4821', role: 'officer' },
            },
          }),
          expectNoNewEvents(adult.stream),
        );
      const changedAt = (
        await owner.query(
          `SELECT recorded_at FROM outcomes.events WHERE stream_id = $1 AND stream_version = 2`,
          [adult.stream],
        )
      ).rows[0].recorded_at as Date;
      expect(conflict.body.lastChangedAt).toBe(changedAt.toISOString());
      expect(conflict.body.message).toBe(
        `Case ${adult.incidentId} was changed since you loaded it: you had version 1, it is now version 2 ` +
          `(last change by PC-4821, officer, at ${changedAt.toISOString().replace(/\.\d+Z$/, 'Z')}). ` +
          'Reload it and check before trying again.',
      );
      expect(JSON.stringify(conflict.body)).not.toContain(adult.stream);
    });

    it('statistics take dates: the start of each day in London, in summer and in winter time', async () => {
      const summer = await get('/statistics?from=2026-07-01&to=2026-07-02', operator);
      expect({ status: summer.status, from: summer.body.from, to: summer.body.to }).toEqual({
        status: 200,
        from: '2026-06-30T23:00:00.000Z',
        to: '2026-07-01T23:00:00.000Z',
      });
      const winter = await get('/statistics?from=2026-12-01&to=2026-12-02&format=csv', operator);
      expect(winter.status).toBe(200);
      expect(winter.headers['content-disposition']).toContain(
        '2026-12-01T00:00:00.000Z-2026-12-02T00:00:00.000Z',
      );
    });

    it('asOf stays a full instant: a date alone is a 400 naming it', async () => {
      const adult = outcomeOf(await knownIncident({ advised: false }));
      const answer = await get(`/outcomes/${adult.incidentId}?asOf=2026-12-01`);
      expect({
        status: answer.status,
        fields: answer.body.errors?.map((e: { field: string }) => e.field),
      }).toEqual({
        status: 400,
        fields: ['asOf'],
      });
    });
  });

  it('counts a case where the advice was followed (left with family) as an avoided detention', async () => {
    const reportedAt = Date.now() - 2 * HOUR;
    const { incidentId, subjectRef } = await report({ reportedAt: iso(reportedAt) });
    await publishAdvice(producer, {
      incidentId,
      subjectRef,
      queuedAt: iso(reportedAt + MINUTE),
      answeredAt: iso(reportedAt + 2 * MINUTE),
      givenAt: iso(reportedAt + 5 * MINUTE),
      clinicianId: 'RN-7',
      recommendation: 'leave-with-family-or-carer',
    });
    await known(incidentId, 1);
    expect(
      (
        await command(incidentId, 'disposition', {
          disposition: 'left-with-family-or-carer',
          notes: 'Sister will stay',
        })
      ).status,
    ).toBe(200);
    expect((await command(incidentId, 'closure')).status).toBe(200);
    const period = `from=${encodeURIComponent(iso(reportedAt))}&to=${encodeURIComponent(iso(reportedAt + 1))}`;
    const statistics = await waitFor(async () => {
      const body = (await get(`/statistics?${period}`, operator)).body;
      return body.dispositions?.['left-with-family-or-carer'] === 1 ? body : null;
    });
    expect(statistics).toMatchObject({
      incidents: 1,
      incidentsAdvised: 1,
      section136Detentions: 0,
      avoidedDetentions: 1,
      detentionShareOfAdvisedIncidents: 0,
    });
  });

  describe('reads of a case state a reason and are audited; erasing the subject at intake erases its outcome fields', () => {
    const notes = 'Sister will stay overnight at the flat';
    let incidentId: string;
    let subjectRef: string;

    beforeAll(async () => {
      ({ incidentId, subjectRef } = await advisedIncident());
      const recorded = await command(incidentId, 'disposition', {
        disposition: 'left-with-family-or-carer',
        notes,
      });
      expect(recorded.status).toBe(200);
    });

    it("a case read without a stated reason is a 400 for an operator and an officer; an analyst's needs none", async () => {
      expect((await get(`/outcomes/${incidentId}`, operator, {})).status).toBe(400);
      expect((await get(`/cases/${incidentId}/timeline`, officer, {})).status).toBe(400);
      expect((await get(`/cases/${incidentId}/timeline`, analyst, {})).status).toBe(200);
    });

    it('a read with a stated reason shows the notes and is audited with that reason', async () => {
      const read = await get(`/cases/${incidentId}/timeline`, officer, {
        'X-Access-Reason': 'checking the disposition',
      });
      expect(read.body.entries.at(-1).data.notes).toBe(notes);
      const audit = await get(`/audit?incidentId=${incidentId}`, operator);
      expect(audit.body.entries).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            incidentId,
            reason: 'checking the disposition',
            resource: expect.stringContaining('timeline'),
          }),
        ]),
      );
    });

    it('erasing the subject at intake makes the notes read [erased], and they appear nowhere in the timeline', async () => {
      const erased = track(
        await request(intake.baseUrl)
          .post(`/subjects/${subjectRef}/erasure`)
          .set('Authorization', `Bearer ${operator}`)
          .send({ legalBasis: 'UK GDPR Art. 17(1)(b)', reason: 'Erasure request upheld' }),
      );
      expect(erased.status).toBe(200);
      await waitFor(
        async () =>
          (await get(`/cases/${incidentId}/timeline`)).body.entries.at(-1).data.notes === '[erased]',
        { timeoutMs: 20_000, description: 'outcomes to erase its key of the subject' },
      );
      expect(JSON.stringify((await get(`/cases/${incidentId}/timeline`)).body)).not.toContain(notes);
    });
  });

  describe('moving the clock: the approaching and exceeded notices appear once each, across a restart and with two instances', () => {
    let incidentId: string;
    const counts = async () => ({
      approaching: await storedCount(incidentId, 'DetentionDeadlineApproaching'),
      exceeded: await storedCount(incidentId, 'DetentionLimitExceeded'),
    });
    const seen: {
      beforeTheLead?: object;
      warned?: object;
      afterComingBack?: object;
      view?: { detention: { minutesRemaining: number } };
      afterAnotherRestart?: object;
    } = {};

    // The clock only moves forward, so the story is told once, in order; each test asserts one moment of it.
    beforeAll(async () => {
      ({ incidentId } = await advisedIncident(clock.now().getTime() - 30 * MINUTE));
      for (const path of ['section-136/detention', 'section-136/place-of-safety', 'section-136/arrival']) {
        const body = path.endsWith('place-of-safety') ? HBPOS : {};
        expect((await command(incidentId, path, body)).status).toBe(200);
      }
      await pause(1000);
      seen.beforeTheLead = await counts();

      clock.advance(22 * HOUR + MINUTE);
      await waitFor(async () => (await counts()).approaching === 1, { timeoutMs: 20_000 });
      seen.warned = await activeDetention(incidentId);

      // The service stops; the deadline passes while it is down; two instances come back.
      await outcomes.close();
      clock.advance(2 * HOUR);
      const [first, second] = await Promise.all([bootOutcomes(), bootOutcomes()]);
      outcomes = first;
      try {
        await waitFor(async () => (await counts()).exceeded === 1, { timeoutMs: 20_000 });
        await pause(1500);
        seen.afterComingBack = await counts();
        seen.view = (await get(`/outcomes/${incidentId}`, operator)).body;
      } finally {
        await second.close();
      }
      await outcomes.close();
      outcomes = await bootOutcomes();
      await pause(1000);
      seen.afterAnotherRestart = await counts();
    }, 120_000);

    it('no notice while the deadline is further away than the lead', () => {
      expect(seen.beforeTheLead).toEqual({ approaching: 0, exceeded: 0 });
    });

    it('within the lead: the approaching notice, and the active list says so with the minutes remaining', () => {
      expect(seen.warned).toMatchObject({
        deadlineApproachingNoticed: true,
        limitExceeded: false,
        minutesRemaining: expect.any(Number),
      });
    });

    it('the deadline passing while it was down: two instances coming back record the exceeded notice once', () => {
      expect(seen.afterComingBack).toEqual({ approaching: 1, exceeded: 1 });
    });

    it('both notices are published, once each', async () => {
      const published = await outcomesTopic.waitFor(
        (message) =>
          message.key === incidentId &&
          /^Detention(DeadlineApproaching|LimitExceeded)$/.test(message.headers['event-type']),
        2,
      );
      expect(published.map((message) => message.headers['event-type']).sort()).toEqual([
        'DetentionDeadlineApproaching',
        'DetentionLimitExceeded',
      ]);
    });

    it('the case reads both notices noticed and the minutes remaining below zero', () => {
      expect(seen.view?.detention).toMatchObject({
        deadlineApproachingNoticed: true,
        limitExceededNoticed: true,
        minutesRemaining: expect.any(Number),
      });
      expect(seen.view!.detention.minutesRemaining).toBeLessThan(0);
    });

    it('another restart repeats neither notice', () => {
      expect(seen.afterAnotherRestart).toEqual({ approaching: 1, exceeded: 1 });
    });
  });

  it('answered no request with a 5xx (and makes requests of its own, so it checks something run alone)', async () => {
    const unknown = '0192f000-0000-7000-8000-000000000000';
    await get(`/outcomes/${unknown}`);
    await command(unknown, 'closure');
    await get('/statistics', operator);
    track(
      await request(outcomes.baseUrl)
        .post(`/outcomes/${unknown}/closure`)
        .set('Authorization', `Bearer ${officer}`)
        .set('Content-Type', 'application/json')
        .send('{"oops'),
    );
    responses.expectNoServerErrors();
  });
});

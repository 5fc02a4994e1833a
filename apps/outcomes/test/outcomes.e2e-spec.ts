/**
 * Outcomes end to end (issue 7): intake and outcomes booted for real in-process against the real PostgreSQL and
 * Kafka; the line's advice is published to the triage topic by a test stand-in (test/support/triage-events.ts).
 * Every response status is recorded; the last test asserts none was a 5xx.
 */
import { TOPICS } from '@rcrp/events';
import { createIdempotentProducer } from '@rcrp/messaging';
import {
  testKafka,
  testOwnerUrl,
  waitFor,
  watchTopic,
  type TopicWatch,
  bootService,
  RunningService,
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
const yearsAgo = (years: number) => `${new Date().getUTCFullYear() - years}-01-01`;

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
  const statuses: number[] = [];

  const track = <T extends { status: number }>(response: T): T => {
    statuses.push(response.status);
    return response;
  };
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
    const response = await request(intake.baseUrl)
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
      });
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

  async function storedCount(incidentId: string, type: string): Promise<number> {
    const { rows } = await owner.query(
      `SELECT count(*)::int AS n FROM outcomes.events WHERE stream_id = $1 AND type = $2`,
      [`outcome-${incidentId}`, type],
    );
    return rows[0].n;
  }

  const expectRefused = (response: request.Response, ruleId: string) => {
    expect({ status: response.status, ruleId: response.body.ruleId }).toEqual({ status: 422, ruleId });
    expect(response.body.message).toMatch(/\w+ \w+ \w+/);
  };

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

  it('a whole case: reported, advised, detained with the advice linked, conveyed, arrived, extended once, assessed, ended, closed; timeline and statistics', async () => {
    const t0 = Date.now() - 3 * HOUR;
    const { incidentId, adviceEventId } = await advisedIncident(t0);
    const at = (minutes: number) => iso(t0 + minutes * MINUTE);

    const detained = await command(incidentId, 'section-136/detention', { at: at(15) });
    expect(detained.status).toBe(200);
    expect(detained.body.events[0]).toMatchObject({
      type: 'Section136Detained',
      actor: { id: 'PC-4821', role: 'officer' },
      data: {
        consultationBasis: 'line-advice',
        adviceEventId,
        locationKind: 'public-place',
        subjectAgeYears: expect.any(Number),
      },
    });
    for (const [path, body] of [
      [
        'section-136/place-of-safety',
        { kind: 'health-based-place-of-safety', name: 'Maudsley HBPoS', at: at(20) },
      ],
      ['section-136/conveyance', { mode: 'ambulance', at: at(25) }],
      ['section-136/arrival', { at: at(60) }],
    ] as const) {
      expect((await command(incidentId, path, body)).status).toBe(200);
    }
    const deadline = iso(t0 + 60 * MINUTE + 24 * HOUR);
    const active = await get('/detentions/active', operator);
    expect(active.status).toBe(200);
    expect(
      active.body.detentions.find((d: { incidentId: string }) => d.incidentId === incidentId),
    ).toMatchObject({
      placeOfSafety: { kind: 'health-based-place-of-safety', name: 'Maudsley HBPoS' },
      arrivedAt: at(60),
      deadline,
      extended: false,
      limitExceeded: false,
    });
    const beforeExtension = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));

    const extensionReason = 'Too intoxicated to be assessed within the period';
    const extended = await command(incidentId, 'section-136/extension', {
      at: at(120),
      hours: 6,
      authorisedBy: { clinicianId: 'GMC-7012345', profession: 'registered-medical-practitioner' },
      reason: extensionReason,
    });
    expect(extended.status).toBe(200);
    expect(extended.body.events[0].data.newDeadline).toBe(iso(Date.parse(deadline) + 6 * HOUR));
    await waitFor(async () => {
      const list = (await get('/detentions/active', operator)).body.detentions;
      return list.find(
        (d: { incidentId: string; extended: boolean }) => d.incidentId === incidentId && d.extended,
      );
    });
    for (const [path, body] of [
      ['section-136/assessment', { outcome: 'admitted-informally', assessedBy: 'GMC-7012345', at: at(130) }],
      ['section-136/end', { reason: 'admitted-to-hospital', at: at(140) }],
      ['closure', { at: at(150) }],
    ] as const) {
      expect((await command(incidentId, path, body)).status).toBe(200);
    }

    const now = await get(`/outcomes/${incidentId}`, operator);
    expect(now.headers.etag).toBe('"8"');
    expect(now.body).toMatchObject({
      version: 8,
      closed: true,
      detention: { status: 'ended', extended: true, extensionCount: 1 },
    });
    const then = await get(`/outcomes/${incidentId}?asOf=${encodeURIComponent(beforeExtension)}`, operator);
    expect(then.body).toMatchObject({
      version: 4,
      closed: false,
      detention: { status: 'active', extended: false, deadline },
    });
    expect(
      (await get('/detentions/active', operator)).body.detentions.map(
        (d: { incidentId: string }) => d.incidentId,
      ),
    ).not.toContain(incidentId);

    const timeline = await get(`/cases/${incidentId}/timeline`, operator);
    expect(timeline.status).toBe(200);
    const entries: Array<{
      service: string;
      type: string;
      actor: { role: string };
      data: Record<string, unknown>;
      withheldFields: string[];
    }> = timeline.body.entries;
    expect(entries.map((entry) => `${entry.service}:${entry.type}`)).toEqual([
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
    const forAnalyst = JSON.stringify((await get(`/cases/${incidentId}/timeline`, analyst)).body);
    expect(forAnalyst).not.toContain(extensionReason);
    expect(forAnalyst).not.toContain('enc:v1');
    expect(forAnalyst).not.toContain('subj-');

    const published = await outcomesTopic.waitFor((message) => message.key === incidentId, 8);
    expect(published.map((message) => message.headers['event-type'])).toContain('CaseClosed');

    const period = `from=${encodeURIComponent(iso(t0))}&to=${encodeURIComponent(iso(t0 + 1))}`;
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
    const suppressed = await get(`/statistics?${period}`, analyst);
    expect(suppressed.body).toMatchObject({
      smallCountsSuppressed: true,
      incidents: '<5',
      section136Detentions: '<5',
      detentionShareOfAdvisedIncidents: null,
    });
    const csv = await get(`/statistics?${period}`, operator, { Accept: 'text/csv' });
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.text.split('\r\n')).toEqual(
      expect.arrayContaining(['measure,category,value', 'section136Detentions,,1', 'extensions,,1']),
    );
    expect((await get(`/statistics?${period}&format=csv`, analyst)).text).toContain(
      'section136Detentions,,<5',
    );
  });

  it('refuses each of rules 1-7 through HTTP with its rule id and a plain sentence', async () => {
    // Rule 1: never in a dwelling.
    const dwelling = await advisedIncident(undefined, {
      location: { kind: 'private-dwelling', borough: 'Lambeth' },
    });
    expectRefused(await command(dwelling.incidentId, 'section-136/detention'), 'S136-PRIVATE-DWELLING');

    // Rule 2: consult first (or record why not); not after the decision.
    const unadvised = await report();
    await known(unadvised.incidentId);
    expectRefused(await command(unadvised.incidentId, 'section-136/detention'), 'S136-CONSULTATION-REQUIRED');
    expectRefused(
      await command(unadvised.incidentId, 'section-136/consultation', {}),
      'S136-CONSULTATION-INCOMPLETE',
    );
    expect(
      (
        await command(unadvised.incidentId, 'section-136/consultation', {
          notPracticableReason: 'Running towards the road',
        })
      ).status,
    ).toBe(200);
    const detained = await command(unadvised.incidentId, 'section-136/detention');
    expect(detained.body.events[0].data.consultationBasis).toBe('not-practicable');
    expectRefused(
      await command(unadvised.incidentId, 'section-136/consultation', { profession: 'amhp' }),
      'S136-CONSULTATION-AFTER-DETENTION',
    );

    // Rules 5 and 6 on the adult: a police station needs an inspector; a police vehicle needs a reason.
    const station = { kind: 'police-station', name: 'Brixton custody' };
    expectRefused(
      await command(unadvised.incidentId, 'section-136/place-of-safety', station),
      'POS-POLICE-STATION-AUTHORISATION',
    );
    const authorised = {
      ...station,
      policeStationAuthorisation: {
        inspectorId: 'INSP-9',
        imminentRiskReason: 'Violent; repeated attempts to strike officers',
        noOtherPlaceReason: 'Both HBPoS in the area declined: they cannot hold the person safely',
        healthcareProfessionalPresent: true,
      },
    };
    expect((await command(unadvised.incidentId, 'section-136/place-of-safety', authorised)).status).toBe(200);
    expectRefused(
      await command(unadvised.incidentId, 'section-136/conveyance', { mode: 'police-vehicle' }),
      'CONVEYANCE-POLICE-VEHICLE-REASON',
    );
    expect(
      (
        await command(unadvised.incidentId, 'section-136/conveyance', {
          mode: 'police-vehicle',
          policeVehicleReason: { code: 'ambulance-not-available' },
        })
      ).status,
    ).toBe(200);

    // Rule 3: the period starts once; a transfer does not restart it.
    expect((await command(unadvised.incidentId, 'section-136/arrival')).status).toBe(200);
    expectRefused(
      await command(unadvised.incidentId, 'section-136/arrival'),
      'S136-ALREADY-AT-PLACE-OF-SAFETY',
    );
    const deadline = (await get(`/outcomes/${unadvised.incidentId}`)).body.detention.deadline;
    expect(deadline).toEqual(expect.any(String));

    // Rule 4: by the examining doctor, at a police station with a superintendent, at most 12 hours, once.
    const extension = {
      hours: 12,
      authorisedBy: { clinicianId: 'GMC-7012345', profession: 'registered-medical-practitioner' },
      reason: 'Too intoxicated to be assessed',
    };
    expectRefused(
      await command(unadvised.incidentId, 'section-136/extension', {
        ...extension,
        authorisedBy: { clinicianId: 'P-1', profession: 'paramedic' },
      }),
      'S136-EXTENSION-BY-RMP',
    );
    expectRefused(
      await command(unadvised.incidentId, 'section-136/extension', extension),
      'S136-EXTENSION-SUPERINTENDENT',
    );
    expectRefused(
      await command(unadvised.incidentId, 'section-136/extension', {
        ...extension,
        hours: 13,
        superintendentId: 'SUPT-2',
      }),
      'S136-EXTENSION-MAX-HOURS',
    );
    expect(
      (
        await command(unadvised.incidentId, 'section-136/extension', {
          ...extension,
          superintendentId: 'SUPT-2',
        })
      ).status,
    ).toBe(200);
    expectRefused(
      await command(unadvised.incidentId, 'section-136/extension', {
        ...extension,
        hours: 1,
        superintendentId: 'SUPT-2',
      }),
      'S136-EXTENSION-ONCE',
    );
    expect(
      (
        await command(unadvised.incidentId, 'section-136/transfer', {
          toKind: 'health-based-place-of-safety',
        })
      ).status,
    ).toBe(200);
    const afterTransfer = (await get(`/outcomes/${unadvised.incidentId}`)).body.detention;
    expect(afterTransfer).toMatchObject({
      deadline: iso(Date.parse(deadline) + 12 * HOUR),
      placeOfSafety: { kind: 'health-based-place-of-safety' },
    });
    expectRefused(await command(unadvised.incidentId, 'closure'), 'CASE-OPEN-DETENTION');
    expect(
      (await command(unadvised.incidentId, 'section-136/end', { reason: 'released-no-grounds' })).status,
    ).toBe(200);

    // Rule 5: a police station is never a place of safety for a child.
    const child = await advisedIncident(undefined, {
      subject: { name: 'A Child', dateOfBirth: yearsAgo(16), sex: 'male', ethnicity: 'black' },
    });
    expect((await command(child.incidentId, 'section-136/detention')).status).toBe(200);
    expectRefused(
      await command(child.incidentId, 'section-136/place-of-safety', authorised),
      'POS-POLICE-STATION-UNDER-18',
    );
    expect(
      (
        await command(child.incidentId, 'section-136/place-of-safety', {
          kind: 'health-based-place-of-safety',
        })
      ).status,
    ).toBe(200);

    // Rules 3, 4 and 7: a period that has run out cannot be extended (recorded after the fact).
    const hoursAgo = (hours: number) => iso(Date.now() - hours * HOUR);
    const late = await report({ reportedAt: hoursAgo(30) });
    await known(late.incidentId);
    for (const [path, body] of [
      ['section-136/consultation', { notPracticableReason: 'Fled', at: hoursAgo(30) }],
      ['section-136/detention', { at: hoursAgo(30) }],
      ['section-136/place-of-safety', { kind: 'emergency-department', at: hoursAgo(30) }],
      ['section-136/arrival', { at: hoursAgo(29) }],
    ] as const) {
      expect((await command(late.incidentId, path, body)).status).toBe(200);
    }
    expectRefused(
      await command(late.incidentId, 'section-136/extension', extension),
      'S136-EXTENSION-AFTER-EXPIRY',
    );

    // Not in the future, not more than 24 hours before the report, nothing before a detention.
    expectRefused(
      await command(child.incidentId, 'section-136/arrival', { at: iso(Date.now() + HOUR) }),
      'COMMAND-TIME-INVALID',
    );
    expectRefused(
      await command(child.incidentId, 'section-136/arrival', { at: hoursAgo(24 * 365) }),
      'COMMAND-TIME-INVALID',
    );
    expectRefused(await command(dwelling.incidentId, 'section-136/arrival'), 'S136-NOT-DETAINED');
  });

  it('refuses bad requests with 400/401/403/404/409, never a 5xx', async () => {
    const { incidentId } = await advisedIncident();
    expect((await command(incidentId, 'section-136/detention', {}, operator)).status).toBe(403);
    expect((await command(incidentId, 'section-136/detention', {}, analyst)).status).toBe(403);
    expect(
      track(await request(outcomes.baseUrl).post(`/outcomes/${incidentId}/closure`).send({})).status,
    ).toBe(401);
    const badBody = await command(incidentId, 'section-136/place-of-safety', {
      kind: 'garden',
      colour: 'blue',
    });
    expect(badBody.status).toBe(400);
    expect(JSON.stringify(badBody.body.errors)).toMatch(/kind[\s\S]*colour|colour[\s\S]*kind/);
    expect((await command(incidentId, 'section-136/arrival', { at: 'yesterday' })).status).toBe(400);
    expect((await command(incidentId, 'section-136/extension', { hours: 'twelve' })).status).toBe(400);
    expect((await command('not-a-uuid', 'closure')).status).toBe(400);
    expect((await command('0192f000-0000-7000-8000-000000000000', 'section-136/detention')).status).toBe(404);
    expect((await get('/outcomes/0192f000-0000-7000-8000-000000000000')).status).toBe(404);
    expect((await get('/cases/0192f000-0000-7000-8000-000000000000/timeline')).status).toBe(404);
    expect((await get(`/outcomes/${incidentId}?asOf=soon`)).status).toBe(400);
    expect((await get('/statistics?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z')).status).toBe(400);
    expect((await get('/statistics?format=xml')).status).toBe(400);
    const ifMatch = (version: string) =>
      post(`/outcomes/${incidentId}/section-136/detention`, {}, officer, { 'If-Match': version });
    expect((await ifMatch('3')).status).toBe(409);
    const first = await ifMatch('0');
    expect(first.status).toBe(200);
    expect(first.headers.etag).toBe('"1"');
    expect((await ifMatch('abc')).status).toBe(400);
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

  it('reads of a case need a stated reason and are audited; erasing the subject at intake makes outcome fields read [erased]', async () => {
    const { incidentId, subjectRef } = await advisedIncident();
    const notes = 'Sister will stay overnight at the flat';
    expect(
      (await command(incidentId, 'disposition', { disposition: 'left-with-family-or-carer', notes })).status,
    ).toBe(200);
    expect((await get(`/outcomes/${incidentId}`, operator, {})).status).toBe(400);
    expect((await get(`/cases/${incidentId}/timeline`, officer, {})).status).toBe(400);
    expect((await get(`/cases/${incidentId}/timeline`, analyst, {})).status).toBe(200);
    const before = await get(`/cases/${incidentId}/timeline`, officer, {
      'X-Access-Reason': 'checking the disposition',
    });
    expect(before.body.entries.at(-1).data.notes).toBe(notes);
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

    const erased = await request(intake.baseUrl)
      .post(`/subjects/${subjectRef}/erasure`)
      .set('Authorization', `Bearer ${operator}`)
      .send({ legalBasis: 'UK GDPR Art. 17(1)(b)', reason: 'Erasure request upheld' });
    expect(erased.status).toBe(200);
    await waitFor(
      async () => (await get(`/cases/${incidentId}/timeline`)).body.entries.at(-1).data.notes === '[erased]',
      {
        timeoutMs: 20_000,
        description: 'outcomes to erase its key of the subject',
      },
    );
    expect(JSON.stringify((await get(`/cases/${incidentId}/timeline`)).body)).not.toContain(notes);
  });

  it('moving the clock: the approaching and exceeded notices appear once each, across a restart and with two instances', async () => {
    const { incidentId } = await advisedIncident(clock.now().getTime() - 30 * MINUTE);
    for (const path of ['section-136/detention', 'section-136/place-of-safety', 'section-136/arrival']) {
      const body = path.endsWith('place-of-safety') ? { kind: 'health-based-place-of-safety' } : {};
      expect((await command(incidentId, path, body)).status).toBe(200);
    }
    const counts = async () => ({
      approaching: await storedCount(incidentId, 'DetentionDeadlineApproaching'),
      exceeded: await storedCount(incidentId, 'DetentionLimitExceeded'),
    });
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    await pause(1000);
    expect(await counts()).toEqual({ approaching: 0, exceeded: 0 });

    clock.advance(22 * HOUR + MINUTE);
    await waitFor(async () => (await counts()).approaching === 1, { timeoutMs: 20_000 });
    const warned = await get('/detentions/active', operator);
    expect(
      warned.body.detentions.find((d: { incidentId: string }) => d.incidentId === incidentId),
    ).toMatchObject({
      deadlineApproachingNoticed: true,
      limitExceeded: false,
      minutesRemaining: expect.any(Number),
    });

    // The service stops; the deadline passes while it is down; two instances come back.
    await outcomes.close();
    clock.advance(2 * HOUR);
    const [first, second] = await Promise.all([bootOutcomes(), bootOutcomes()]);
    outcomes = first;
    try {
      await waitFor(async () => (await counts()).exceeded === 1, { timeoutMs: 20_000 });
      await pause(1500);
      expect(await counts()).toEqual({ approaching: 1, exceeded: 1 });
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
      const view = await get(`/outcomes/${incidentId}`, operator);
      expect(view.body.detention).toMatchObject({
        deadlineApproachingNoticed: true,
        limitExceededNoticed: true,
        minutesRemaining: expect.any(Number),
      });
      expect(view.body.detention.minutesRemaining).toBeLessThan(0);
    } finally {
      await second.close();
    }
    await outcomes.close();
    outcomes = await bootOutcomes();
    await pause(1000);
    expect(await counts()).toEqual({ approaching: 1, exceeded: 1 });
  });

  it('answered no request with a 5xx', () => {
    expect(statuses.length).toBeGreaterThan(40);
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
  });
});

/**
 * Section 136 as it is really recorded (issue 14), end to end: intake and outcomes booted for real in-process
 * against the real PostgreSQL and Kafka, the line's advice published by the triage stand-in, outcomes on a clock
 * the test moves. One behaviour per `it`, in the order the issue lists them.
 */
import { createIdempotentProducer } from '@rcrp/messaging';
import {
  bootService,
  ResponseLog,
  testKafka,
  testOwnerUrl,
  waitFor,
  type RunningService,
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
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const AUTHORISATION = {
  inspectorId: 'INSP-9',
  imminentRiskReason: 'Violent; repeated attempts to strike officers',
  noOtherPlaceReason: 'Both HBPoS in the area declined: they cannot hold the person safely',
  healthcareProfessionalPresent: true,
};
const STATION = {
  kind: 'police-station',
  name: 'Brixton custody',
  policeStationAuthorisation: AUTHORISATION,
};

describe('section 136 as it is really recorded (e2e, issue 14)', () => {
  const clock = new ManualClock();
  const settings = new OutcomesSettings({ warningLeadMinutes: 120, schedulerIntervalMs: 200 });

  let intake: RunningService;
  let outcomes: RunningService;
  let owner: Pool;
  let producer: Producer;
  let officer: string;
  let operator: string;
  const responses = new ResponseLog();

  const track = <T extends { status: number }>(response: T): T => responses.track(response);
  const command = async (incidentId: string, path: string, body: object = {}) =>
    track(
      await request(outcomes.baseUrl)
        .post(`/outcomes/${incidentId}/${path}`)
        .set('Authorization', `Bearer ${officer}`)
        .send(body),
    );
  const get = async (path: string, token = operator) =>
    track(
      await request(outcomes.baseUrl)
        .get(path)
        .set('Authorization', `Bearer ${token}`)
        .set('X-Access-Reason', 'e2e: section 136 law'),
    );
  const expectRefused = (response: request.Response, ruleId: string) =>
    expect({ status: response.status, ruleId: response.body.ruleId }).toEqual({ status: 422, ruleId });

  async function report(overrides: Record<string, unknown> = {}) {
    return track(
      await request(intake.baseUrl)
        .post('/incidents')
        .set('Authorization', `Bearer ${officer}`)
        .send({
          reportedAt: iso(Date.now() - 2 * HOUR),
          officer: { id: 'PC-4821', force: 'MPS' },
          location: { kind: 'public-place', description: 'Footbridge, north end', borough: 'Lambeth' },
          category: 'concern-for-welfare',
          subject: { name: 'Jane Testperson', dateOfBirth: yearsAgo(30), sex: 'female', ethnicity: 'white' },
          presentingConcerns: ['suicidal-ideation'],
          summary: 'Standing outside the railings of the footbridge.',
          ...overrides,
        }),
    );
  }

  /** An adult in a public place reported at `reportedAtMs`, advised by the line 5 minutes later, known to outcomes. */
  async function advisedIncident(reportedAtMs: number) {
    const reported = await report({ reportedAt: iso(reportedAtMs) });
    expect(reported.status).toBe(201);
    const incidentId: string = reported.body.incidentId;
    await publishAdvice(producer, {
      incidentId,
      subjectRef: reported.body.events[0].data.subject.ref,
      queuedAt: iso(reportedAtMs + MINUTE),
      answeredAt: iso(reportedAtMs + 2 * MINUTE),
      givenAt: iso(reportedAtMs + 5 * MINUTE),
    });
    await waitFor(
      async () => {
        const response = await get(`/outcomes/${incidentId}`);
        return response.status === 200 && response.body.incident?.advice.length >= 1;
      },
      { timeoutMs: 30_000, intervalMs: 200, description: `outcomes to know incident ${incidentId}` },
    );
    return incidentId;
  }

  /** Detained, a place chosen and arrived at, each at the given time. */
  async function atPlaceOfSafety(incidentId: string, place: object, times: [number, number, number]) {
    for (const [path, body] of [
      ['section-136/detention', { at: iso(times[0]) }],
      ['section-136/place-of-safety', { ...place, at: iso(times[1]) }],
      ['section-136/arrival', { at: iso(times[2]) }],
    ] as const) {
      const response = await command(incidentId, path, body);
      expect({ path, status: response.status, body: response.body }).toMatchObject({ path, status: 200 });
    }
  }

  async function storedCount(incidentId: string, type: string): Promise<number> {
    const { rows } = await owner.query(
      `SELECT count(*)::int AS n FROM outcomes.events WHERE stream_id = $1 AND type = $2`,
      [`outcome-${incidentId}`, type],
    );
    return rows[0].n;
  }

  const activeDetention = async (incidentId: string) =>
    (await get('/detentions/active')).body.detentions.find(
      (detention: { incidentId: string }) => detention.incidentId === incidentId,
    );

  beforeAll(async () => {
    [intake, outcomes] = await Promise.all([
      bootService('intake', (config) => IntakeModule.forConfig(config)),
      bootService('outcomes', (config) => OutcomesModule.forConfig(config, { clock, settings })),
    ]);
    owner = new Pool({ connectionString: testOwnerUrl(), max: 2 });
    producer = createIdempotentProducer(testKafka('outcomes-law-e2e-triage-stand-in'));
    await producer.connect();
    [officer, operator] = await Promise.all([
      outcomes.token('officer', 'PC-4821'),
      outcomes.token('operator', 'op-1'),
    ]);
  });

  afterAll(async () => {
    await producer?.disconnect();
    await owner?.end();
    await Promise.all([intake?.close(), outcomes?.close()]);
  });

  it('accepts a conveyance recorded after the arrival with its true time, flagged as a late entry with its reason', async () => {
    const t0 = Date.now() - 2 * HOUR;
    const incidentId = await advisedIncident(t0);
    const at = (minutes: number) => t0 + minutes * MINUTE;
    await atPlaceOfSafety(incidentId, { kind: 'health-based-place-of-safety' }, [at(15), at(20), at(60)]);
    const conveyance = {
      mode: 'police-vehicle',
      policeVehicleReason: { code: 'ambulance-delayed' },
      at: iso(at(25)),
    };

    const withoutReason = await command(incidentId, 'section-136/conveyance', conveyance);
    expect(withoutReason.status).toBe(400);
    expect(withoutReason.body).toMatchObject({
      ruleId: 'LATE-ENTRY-REASON-REQUIRED',
      errors: [{ field: 'lateEntryReason' }],
    });

    const reason = 'Entered from the pocket book after the handover';
    const late = await command(incidentId, 'section-136/conveyance', {
      ...conveyance,
      lateEntryReason: reason,
    });
    expect(late.status).toBe(200);
    expect(late.body.events[0].data).toMatchObject({
      conveyedAt: iso(at(25)),
      policeVehicleReason: { code: 'ambulance-delayed' },
      lateEntry: true,
      lateEntryReason: reason,
    });
    // The stream is append-only in recorded order; the timeline reads it in the order things happened.
    const timeline = (await get(`/cases/${incidentId}/timeline`)).body.entries.map(
      (entry: { type: string }) => entry.type,
    );
    expect(timeline.slice(-3)).toEqual([
      'PlaceOfSafetyChosen',
      'ConveyanceRecorded',
      'ArrivedAtPlaceOfSafety',
    ]);
    const stored = await owner.query(
      `SELECT type FROM outcomes.events WHERE stream_id = $1 ORDER BY stream_version`,
      [`outcome-${incidentId}`],
    );
    expect(stored.rows.map((row: { type: string }) => row.type).at(-1)).toBe('ConveyanceRecorded');
  });

  it('an extension entered after the limit notice is a late entry: the notice stays and the breach is flagged', async () => {
    // Arrived 24 h 40 min ago: the deadline passed before the scheduler first saw the detention.
    const t0 = Date.now() - 25 * HOUR;
    const incidentId = await advisedIncident(t0);
    const at = (minutes: number) => t0 + minutes * MINUTE;
    await atPlaceOfSafety(incidentId, { kind: 'health-based-place-of-safety' }, [at(10), at(15), at(20)]);
    const deadline = at(20) + 24 * HOUR;
    await waitFor(async () => (await storedCount(incidentId, 'DetentionLimitExceeded')) === 1, {
      timeoutMs: 20_000,
      description: 'the limit notice',
    });
    // Only the limit notice: a warning after the breach would mislead.
    expect(await storedCount(incidentId, 'DetentionDeadlineApproaching')).toBe(0);

    const extension = {
      hours: 12,
      authorisedBy: { clinicianId: 'GMC-7012345', profession: 'registered-medical-practitioner' },
      reason: 'Too intoxicated to be assessed within the period',
      at: iso(deadline - HOUR),
    };
    expect((await command(incidentId, 'section-136/extension', extension)).status).toBe(400);
    const late = await command(incidentId, 'section-136/extension', {
      ...extension,
      lateEntryReason: 'The doctor’s form reached the custody desk after the deadline',
    });
    expect(late.status).toBe(200);
    expect(late.body.events[0].data).toMatchObject({
      lateEntry: true,
      newDeadline: iso(deadline + 12 * HOUR),
    });

    const view = (await get(`/outcomes/${incidentId}`)).body;
    expect(view.detention).toMatchObject({
      limitExceededBeforeExtensionRecorded: true,
      deadline: iso(deadline + 12 * HOUR),
      extended: true,
    });
    expect(await storedCount(incidentId, 'DetentionLimitExceeded')).toBe(1);
    await waitFor(
      async () => (await activeDetention(incidentId))?.limitExceededBeforeExtensionRecorded === true,
    );

    const period = `from=${encodeURIComponent(iso(t0))}&to=${encodeURIComponent(iso(t0 + 1))}`;
    const statistics = await waitFor(async () => {
      const body = (await get(`/statistics?${period}`)).body;
      return body.lateRecordedExtensions === 1 ? body : null;
    });
    expect(statistics).toMatchObject({ limitBreaches: 1, extensions: 1, lateRecordedExtensions: 1 });
  });

  it('an amendment that makes the person 16 while held at a police station appends PoliceStationUseInvalidated', async () => {
    const t0 = Date.now() - 2 * HOUR;
    const incidentId = await advisedIncident(t0);
    const at = (minutes: number) => t0 + minutes * MINUTE;
    await atPlaceOfSafety(incidentId, STATION, [at(10), at(12), at(100)]);

    const amended = track(
      await request(intake.baseUrl)
        .post(`/incidents/${incidentId}/amendments`)
        .set('Authorization', `Bearer ${officer}`)
        .send({
          changes: { subject: { dateOfBirth: yearsAgo(16) } },
          reason: 'Date of birth from the school',
        }),
    );
    expect(amended.status).toBe(200);
    await waitFor(async () => (await storedCount(incidentId, 'PoliceStationUseInvalidated')) === 1, {
      timeoutMs: 30_000,
      description: 'PoliceStationUseInvalidated',
    });
    await waitFor(async () => (await activeDetention(incidentId))?.policeStationUseInvalidated != null);
    expect((await activeDetention(incidentId)).policeStationUseInvalidated).toMatchObject({
      ruleId: 'POS-POLICE-STATION-UNDER-18',
    });
    const timeline = (await get(`/cases/${incidentId}/timeline`)).body.entries;
    expect(timeline.map((entry: { type: string }) => entry.type)).toContain('PoliceStationUseInvalidated');
    // Every later age rule uses the amended age: no police station again, not even by transfer.
    expectRefused(
      await command(incidentId, 'section-136/transfer', {
        toKind: 'police-station',
        policeStationAuthorisation: AUTHORISATION,
      }),
      'POS-POLICE-STATION-UNDER-18',
    );
    expect(
      (await command(incidentId, 'section-136/transfer', { toKind: 'health-based-place-of-safety' })).status,
    ).toBe(200);
    await waitFor(async () => (await activeDetention(incidentId))?.policeStationUseInvalidated === null);
  });

  it('refuses a police station for an adult without each regulation 2 condition, by its own rule id', async () => {
    const incidentId = await advisedIncident(Date.now() - 2 * HOUR);
    expect((await command(incidentId, 'section-136/detention')).status).toBe(200);
    const without = (change: object) => ({
      ...STATION,
      policeStationAuthorisation: { ...AUTHORISATION, ...change },
    });
    expectRefused(
      await command(incidentId, 'section-136/place-of-safety', without({ noOtherPlaceReason: undefined })),
      'POS-POLICE-STATION-NO-OTHER-PLACE',
    );
    expectRefused(
      await command(
        incidentId,
        'section-136/place-of-safety',
        without({ healthcareProfessionalPresent: false }),
      ),
      'POS-POLICE-STATION-HEALTHCARE-PROFESSIONAL',
    );
  });

  it('refuses a home as a place of safety without the consents (POS-DWELLING-CONSENT)', async () => {
    const incidentId = await advisedIncident(Date.now() - 2 * HOUR);
    expect((await command(incidentId, 'section-136/detention')).status).toBe(200);
    const home = { kind: 'other-suitable-place', name: 'Sister’s flat', isDwelling: true };
    expectRefused(
      await command(incidentId, 'section-136/place-of-safety', {
        ...home,
        consent: { detainedPerson: true, occupier: 'refused' },
      }),
      'POS-DWELLING-CONSENT',
    );
    const consented = await command(incidentId, 'section-136/place-of-safety', {
      ...home,
      consent: { detainedPerson: true, occupier: 'given' },
    });
    expect(consented.status).toBe(200);
    expect(consented.body.events[0].data).toMatchObject({ isDwelling: true, consent: { occupier: 'given' } });
  });

  it('refuses a report dated 2030 (INCIDENT-REPORTED-AT-INVALID) without repeating the date', async () => {
    const refused = await report({ reportedAt: '2030-01-01T00:00:00Z' });
    expect({ status: refused.status, ruleId: refused.body.ruleId }).toEqual({
      status: 422,
      ruleId: 'INCIDENT-REPORTED-AT-INVALID',
    });
    expect(refused.body.message).not.toContain('2030');
  });

  it('a police-station detention that arrived 31 minutes ago without a check: WelfareCheckOverdue once, then a check, then none until the next interval', async () => {
    const now = clock.now().getTime();
    const incidentId = await advisedIncident(now - HOUR);
    await atPlaceOfSafety(incidentId, STATION, [now - 40 * MINUTE, now - 38 * MINUTE, now - 31 * MINUTE]);
    await waitFor(async () => (await storedCount(incidentId, 'WelfareCheckOverdue')) === 1, {
      timeoutMs: 20_000,
      description: 'the first WelfareCheckOverdue',
    });
    await pause(1500);
    expect(await storedCount(incidentId, 'WelfareCheckOverdue')).toBe(1);
    await waitFor(async () => (await activeDetention(incidentId))?.welfareCheckOverdue === true);
    expect((await activeDetention(incidentId)).nextWelfareCheckDue).toBe(iso(now - MINUTE));

    const checked = await command(incidentId, 'section-136/welfare-check', {
      checkedBy: 'RN-104',
      profession: 'registered-nurse',
    });
    expect(checked.status).toBe(200);
    const checkedAt = Date.parse(checked.body.events[0].data.checkedAt);
    await waitFor(async () => (await activeDetention(incidentId))?.welfareCheckOverdue === false);
    expect((await activeDetention(incidentId)).nextWelfareCheckDue).toBe(iso(checkedAt + 30 * MINUTE));

    clock.advance(29 * MINUTE);
    await pause(1500);
    expect(await storedCount(incidentId, 'WelfareCheckOverdue')).toBe(1);
    clock.advance(2 * MINUTE);
    await waitFor(async () => (await storedCount(incidentId, 'WelfareCheckOverdue')) === 2, {
      timeoutMs: 20_000,
      description: 'the next interval’s WelfareCheckOverdue',
    });
    await pause(1000);
    expect(await storedCount(incidentId, 'WelfareCheckOverdue')).toBe(2);
    expect(
      (
        await get(
          `/statistics?from=${encodeURIComponent(iso(now - HOUR))}&to=${encodeURIComponent(iso(now - HOUR + 1))}`,
        )
      ).body,
    ).toMatchObject({
      welfareChecksOverdue: 2,
      policeStationAdults: 1,
      policeStationUnder18: 0,
      firstPlaceOfSafety: { 'police-station': 1 },
    });
  });

  it('answered no request with a 5xx (and makes requests of its own, so it checks something run alone)', async () => {
    const unknown = '0192f000-0000-7000-8000-000000000000';
    await command(unknown, 'section-136/detention');
    await get(`/outcomes/${unknown}`);
    await get('/detentions/active');
    responses.expectNoServerErrors();
  });
});

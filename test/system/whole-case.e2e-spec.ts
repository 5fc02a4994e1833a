/**
 * The whole system end to end: intake, triage and outcomes, each the real service in-process, talking only through
 * the real Kafka broker, each with its own schema in the real PostgreSQL. An officer's call is reported, queued,
 * answered and advised by a clinician, and the line's advice counts as the section 136 consultation in outcomes; a
 * second call ends with the person left with family, an avoided detention.
 */
import request from 'supertest';
import { expectOneTraceAcross, installInMemoryTracing } from '@rcrp/observability';
import { bootService, ResponseLog, waitFor, type RunningService } from '@rcrp/testing';
import { IntakeModule } from '../../apps/intake/src/intake.module';
import { OutcomesModule } from '../../apps/outcomes/src/outcomes.module';
import { TriageModule } from '../../apps/triage/src/triage.module';

const MINUTE = 60_000;
const REASON = { 'X-Access-Reason': 'system e2e: following the case through the line' };

describe('the whole case across intake, triage and outcomes (real services, Kafka and PostgreSQL)', () => {
  let intake: RunningService;
  let triage: RunningService;
  let outcomes: RunningService;
  let officer: string;
  let nurse: string;
  let operator: string;
  let analyst: string;
  const responses = new ResponseLog();

  const call = async (
    service: RunningService,
    method: 'get' | 'post',
    path: string,
    token: string,
    body?: object,
  ) => {
    const pending = request(service.baseUrl)
      [method](path)
      .set('Authorization', `Bearer ${token}`)
      .set(REASON);
    const response = body ? await pending.send(body) : await pending;
    return responses.track(response);
  };

  async function reportAndAdvise(
    recommendation: string,
  ): Promise<{ incidentId: string; adviceEventId: string }> {
    const reportedAt = Date.now() - 2 * 60 * MINUTE;
    const reported = await call(intake, 'post', '/incidents', officer, {
      reportedAt: new Date(reportedAt).toISOString(),
      officer: { id: 'PC-4821', force: 'MPS' },
      location: { kind: 'public-place', description: 'Footbridge, north end', borough: 'Lambeth' },
      category: 'concern-for-welfare',
      subject: { name: 'Jane Wholecase', dateOfBirth: '1990-04-01', sex: 'female', ethnicity: 'white' },
      presentingConcerns: ['suicidal-ideation'],
      summary: 'Standing outside the railings, talking about ending their life.',
    });
    expect(reported.status).toBe(201);
    const { incidentId } = reported.body;

    // Intake -> Kafka -> triage: the call is queued. (The shared test database's queue holds every earlier run's
    // waiting calls, so look the call up rather than search the first page of the queue.)
    await waitFor(
      async () => {
        const queued = await call(triage, 'get', `/triage/${incidentId}`, nurse);
        return queued.status === 200 && queued.body.status === 'queued';
      },
      { timeoutMs: 15_000, description: 'the call queued in triage' },
    );
    expect(
      (
        await call(triage, 'post', `/triage/${incidentId}/answer`, nurse, {
          clinicianId: 'RN-0042',
          profession: 'registered-nurse',
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await call(triage, 'post', `/triage/${incidentId}/risk-assessment`, nurse, {
          level: 'high',
          factors: ['at height'],
          rationale: 'Expressed intent, at height.',
        })
      ).status,
    ).toBe(200);
    const advised = await call(triage, 'post', `/triage/${incidentId}/advice`, nurse, {
      profession: 'registered-nurse',
      recommendation,
      rationale: 'Talked through options with the officer.',
    });
    expect(advised.status).toBe(200);
    const adviceEventId = advised.body.events[0].eventId;

    // Triage -> Kafka -> outcomes: outcomes knows the incident and the advice.
    await waitFor(
      async () => {
        const known = await call(outcomes, 'get', `/outcomes/${incidentId}`, officer);
        return known.status === 200 && known.body.incident?.advice?.length === 1;
      },
      { timeoutMs: 20_000, description: 'outcomes to know the incident and the advice' },
    );
    return { incidentId, adviceEventId };
  }

  let spans: ReturnType<typeof installInMemoryTracing>;

  beforeAll(async () => {
    spans = installInMemoryTracing();
    [intake, triage, outcomes] = await Promise.all([
      bootService('intake', (config) => IntakeModule.forConfig(config)),
      bootService('triage', (config) => TriageModule.forConfig(config)),
      bootService('outcomes', (config) => OutcomesModule.forConfig(config)),
    ]);
    officer = await intake.token('officer', 'PC-4821');
    nurse = await intake.token('clinician', 'RN-0042');
    operator = await intake.token('operator', 'op-7');
    analyst = await intake.token('analyst', 'analyst-2');
  });

  afterAll(async () => {
    await Promise.all([intake?.close(), triage?.close(), outcomes?.close()]);
  });

  it('a detention with the line advice linked as the consultation, through to closure; the timeline holds all three services', async () => {
    // The advice was given just now (by the real triage service), so every step after it happens now too.
    const { incidentId, adviceEventId } = await reportAndAdvise('consider-section-136');
    const detained = await call(
      outcomes,
      'post',
      `/outcomes/${incidentId}/section-136/detention`,
      officer,
      {},
    );
    expect({ status: detained.status, body: detained.status === 200 ? 'ok' : detained.body }).toEqual({
      status: 200,
      body: 'ok',
    });
    expect(detained.body.events[0].data).toMatchObject({ consultationBasis: 'line-advice', adviceEventId });
    for (const [path, body] of [
      ['section-136/place-of-safety', { kind: 'health-based-place-of-safety', name: 'Maudsley HBPoS' }],
      ['section-136/conveyance', { mode: 'ambulance' }],
      ['section-136/arrival', {}],
      ['section-136/assessment', { outcome: 'admitted-informally', assessedBy: 'GMC-7012345' }],
      ['section-136/end', { reason: 'admitted-to-hospital' }],
      ['closure', {}],
    ] as const) {
      expect((await call(outcomes, 'post', `/outcomes/${incidentId}/${path}`, officer, body)).status).toBe(
        200,
      );
    }

    const timeline = await waitFor(
      async () => {
        const response = await call(outcomes, 'get', `/cases/${incidentId}/timeline`, operator);
        const services = new Set(response.body.entries?.map((entry: { service: string }) => entry.service));
        return services.size === 3 ? response.body.entries : null;
      },
      { timeoutMs: 15_000, description: 'the timeline to hold events of all three services' },
    );
    const types = timeline.map((entry: { type: string }) => entry.type);
    for (const type of [
      'IncidentReported',
      'CallQueued',
      'CallAnswered',
      'RiskAssessed',
      'AdviceGiven',
      'Section136Detained',
      'CaseClosed',
    ]) {
      expect(types).toContain(type);
    }
    expect(types.indexOf('IncidentReported')).toBeLessThan(types.indexOf('CallQueued'));
    expect(types.indexOf('AdviceGiven')).toBeLessThan(types.indexOf('Section136Detained'));
    // Other services' personal fields are never shown as ciphertext, and the analyst sees none at all.
    expect(JSON.stringify(timeline)).not.toContain('enc:v1:');
    const seenByAnalyst = await call(outcomes, 'get', `/cases/${incidentId}/timeline`, analyst);
    expect(seenByAnalyst.status).toBe(200);
    expect(JSON.stringify(seenByAnalyst.body)).not.toMatch(
      /Jane Wholecase|1990-04-01|railings|Expressed intent|enc:v1:/,
    );
  });

  it('advice followed and the person left with family counts as an avoided detention', async () => {
    const from = new Date(Date.now() - 3 * 60 * MINUTE).toISOString();
    const before = await call(outcomes, 'get', `/statistics?from=${encodeURIComponent(from)}`, operator);
    const { incidentId } = await reportAndAdvise('leave-with-family-or-carer');
    const disposed = await call(outcomes, 'post', `/outcomes/${incidentId}/disposition`, officer, {
      disposition: 'left-with-family-or-carer',
    });
    expect(disposed.status).toBe(200);
    const after = await waitFor(
      async () => {
        const response = await call(
          outcomes,
          'get',
          `/statistics?from=${encodeURIComponent(from)}`,
          operator,
        );
        return response.body.avoidedDetentions > before.body.avoidedDetentions ? response.body : null;
      },
      { timeoutMs: 10_000, description: 'statistics to count the avoided detention' },
    );
    expect(after.avoidedDetentions).toBe(before.body.avoidedDetentions + 1);
    expect(after.incidentsAdvised).toBeGreaterThan(before.body.incidentsAdvised);
  });

  it('one trace runs from POST /incidents through intake, Kafka and triage on to outcomes', async () => {
    const reported = await call(intake, 'post', '/incidents', officer, {
      reportedAt: new Date().toISOString(),
      officer: { id: 'PC-4821', force: 'MPS' },
      location: { kind: 'public-place', borough: 'Lambeth' },
      category: 'concern-for-welfare',
      subject: { sex: 'male' },
      presentingConcerns: ['distress'],
      summary: 'Distressed on the platform.',
    });
    expect(reported.status).toBe(201);
    const { incidentId } = reported.body;
    // Outcomes has consumed both intake's report and triage's CallQueued, each caused by the same request.
    await waitFor(
      async () => {
        const timeline = await call(outcomes, 'get', `/cases/${incidentId}/timeline`, operator);
        return timeline.body.entries?.some((entry: { type: string }) => entry.type === 'CallQueued') ?? false;
      },
      { timeoutMs: 15_000, description: 'outcomes to record the queued call' },
    );
    const trace = await waitFor(
      () => {
        try {
          return expectOneTraceAcross(spans.getFinishedSpans(), incidentId, ['intake', 'triage', 'outcomes']);
        } catch {
          return null;
        }
      },
      { timeoutMs: 5_000, description: 'the spans of all three services in one trace' },
    );
    expect(trace.traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('answered no request with a 5xx (and makes requests of its own, so it checks something run alone)', async () => {
    const unknown = '0192f000-0000-7000-8000-000000000000';
    await call(intake, 'get', `/incidents/${unknown}`, officer);
    await call(triage, 'get', `/triage/${unknown}`, nurse);
    await call(outcomes, 'get', `/outcomes/${unknown}`, officer);
    responses.expectNoServerErrors();
  });
});

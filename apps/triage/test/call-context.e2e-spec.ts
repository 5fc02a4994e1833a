/**
 * Issue 16, points 2 and 4: every call carries who and where (officer, force, borough, category, location kind,
 * source system, CAD reference) from intake's report into the queue and the call; intake finds incidents by those;
 * the reporting officer reads the advice on their own incident (audited), and no other. Intake and triage booted
 * in-process against the real PostgreSQL and Kafka.
 */
import { bootService, RunningService, waitFor } from '@rcrp/testing';
import request from 'supertest';
import { IntakeModule } from '../../intake/src/intake.module';
import { TriageModule } from '../src/triage.module';

const UNIQUE = `Cc${Date.now().toString(36)}`;
const CAD = `CAD-${UNIQUE}`;
const OFFICER = `PC-${UNIQUE}`;
const ADVICE_RATIONALE = `${UNIQUE} advice: take her to the crisis café, she agrees.`;
const RISK_RATIONALE = `${UNIQUE} risk: previous attempt in March.`;
const NOTES = `${UNIQUE} notes: under the community mental health team.`;
const REASON = { 'X-Access-Reason': 'e2e: officer reading the advice' };

jest.setTimeout(120_000);

describe('who and where on every call; the officer reads the advice (e2e: intake + triage)', () => {
  let intake: RunningService;
  let triage: RunningService;
  let officer: string;
  let otherOfficer: string;
  let nurse: string;
  let operator: string;
  let incidentId: string;

  const post = (service: RunningService, path: string, body: object, token: string) =>
    request(service.baseUrl).post(path).set('Authorization', `Bearer ${token}`).send(body);
  const get = (service: RunningService, path: string, token: string) =>
    request(service.baseUrl).get(path).set('Authorization', `Bearer ${token}`).set(REASON);

  beforeAll(async () => {
    [intake, triage] = await Promise.all([
      bootService('intake', (config) => IntakeModule.forConfig(config)),
      bootService('triage', (config) => TriageModule.forConfig(config)),
    ]);
    officer = await intake.token('officer', OFFICER);
    otherOfficer = await intake.token('officer', `PC-other-${UNIQUE}`);
    nurse = await triage.token('clinician', 'RN-0042');
    operator = await triage.token('operator', 'op-3');
    const reported = await post(
      intake,
      '/incidents',
      {
        source: { system: 'met-cad', externalRef: CAD },
        reportedAt: new Date().toISOString(),
        officer: { id: OFFICER, force: 'MPS' },
        location: { kind: 'public-place', borough: 'Lewisham' },
        category: 'concern-for-welfare',
        subject: { name: 'Mavis Contextperson', dateOfBirth: '1979-07-07' },
        // The gravest concerns put the call at the top of a queue that other suites may have filled past its limit.
        presentingConcerns: ['medical-emergency', 'weapon', 'suicidal-ideation'],
        summary: 'Sitting in the bus shelter, crying.',
      },
      officer,
    );
    expect(reported.status).toBe(201);
    incidentId = reported.body.incidentId;
    await waitFor(async () => (await get(triage, `/triage/${incidentId}`, nurse)).status === 200, {
      timeoutMs: 20_000,
      description: 'the call queued in triage',
    });
  }, 60_000);

  afterAll(async () => {
    await Promise.all([triage?.close(), intake?.close()]);
  });

  const CONTEXT = {
    officerId: OFFICER,
    force: 'MPS',
    borough: 'Lewisham',
    category: 'concern-for-welfare',
    locationKind: 'public-place',
    sourceSystem: 'met-cad',
    externalRef: CAD,
  };

  it('the queue entry says who called and from where', async () => {
    const queue = await get(triage, '/triage/queue?limit=500', nurse);
    expect(queue.status).toBe(200);
    expect(queue.body.asOf).toBe(queue.body.asAt);
    const entry = queue.body.calls.find((call: { incidentId: string }) => call.incidentId === incidentId);
    expect(entry).toMatchObject(CONTEXT);
  });

  it('the call says who called and from where', async () => {
    const call = await get(triage, `/triage/${incidentId}`, nurse);
    expect(call.body.context).toEqual(CONTEXT);
  });

  it.each([
    ['externalRef', CAD],
    ['officerId', OFFICER],
    ['borough', 'lewisham'],
  ])('GET /incidents?%s= finds the incident', async (filter, value) => {
    const list = await get(intake, `/incidents?${filter}=${encodeURIComponent(value)}&limit=200`, operator);
    expect(list.status).toBe(200);
    expect(list.body.items.map((item: { incidentId: string }) => item.incidentId)).toContain(incidentId);
    expect(
      list.body.items.find((item: { incidentId: string }) => item.incidentId === incidentId),
    ).toMatchObject({
      externalRef: CAD,
      officerId: OFFICER,
      borough: 'Lewisham',
    });
  });

  it('GET /incidents?externalRef= of another reference does not list it', async () => {
    const list = await get(intake, `/incidents?externalRef=${encodeURIComponent(`${CAD}-not`)}`, operator);
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([]);
  });

  describe('once a clinician has advised', () => {
    beforeAll(async () => {
      for (const [path, body] of [
        ['answer', { clinicianId: 'RN-0042', profession: 'registered-nurse' }],
        ['risk-assessment', { level: 'moderate', factors: ['previous attempt'], rationale: RISK_RATIONALE }],
        ['records-check', { knownToServices: true, notes: NOTES }],
        [
          'advice',
          {
            profession: 'registered-nurse',
            recommendation: 'refer-to-crisis-team',
            rationale: ADVICE_RATIONALE,
          },
        ],
      ] as const) {
        expect((await post(triage, `/triage/${incidentId}/${path}`, body, nurse)).status).toBe(200);
      }
    });

    it('the reporting officer reads the advice with its rationale, but not the clinical working', async () => {
      const call = await get(triage, `/triage/${incidentId}`, officer);
      expect(call.status).toBe(200);
      expect(call.body.advice).toEqual([
        expect.objectContaining({ recommendation: 'refer-to-crisis-team', rationale: ADVICE_RATIONALE }),
      ]);
      const text = JSON.stringify(call.body);
      expect(text).not.toContain(RISK_RATIONALE);
      expect(text).not.toContain(NOTES);
      expect(call.body.riskAssessments[0]).toMatchObject({ level: 'moderate' });
    });

    it("the officer's read is audited with the reason", async () => {
      const audit = await get(triage, `/audit?incidentId=${incidentId}&actor=${OFFICER}`, operator);
      expect(audit.status).toBe(200);
      expect(audit.body.entries.map((entry: { reason: string }) => entry.reason)).toContain(
        REASON['X-Access-Reason'],
      );
    });

    it('another officer is refused (403), and an officer without a reason is 400', async () => {
      expect((await get(triage, `/triage/${incidentId}`, otherOfficer)).status).toBe(403);
      const noReason = await request(triage.baseUrl)
        .get(`/triage/${incidentId}`)
        .set('Authorization', `Bearer ${officer}`);
      expect(noReason.status).toBe(400);
    });
  });
});

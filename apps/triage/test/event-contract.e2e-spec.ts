/**
 * Issue 15, point 1, end to end: what the issue saw accepted with 201/200 and then refused by the consumers (or
 * stored with a null that stalled a read model) is now a 400 naming the field, never repeating the value, and
 * nothing is stored. Intake and triage booted in-process against the real PostgreSQL and Kafka.
 */
import { waitFor, bootService, RunningService } from '@rcrp/testing';
import request from 'supertest';
import { IntakeModule } from '../../intake/src/intake.module';
import { TriageModule } from '../src/triage.module';

function reportBody(overrides: Record<string, unknown> = {}, subject: Record<string, unknown> = {}) {
  return {
    reportedAt: new Date().toISOString(),
    officer: { id: 'PC-4821', force: 'MPS' },
    location: { kind: 'public-place', borough: 'Lambeth' },
    category: 'concern-for-welfare',
    subject: { name: 'Jane Contractperson', dateOfBirth: '1990-04-01', sex: 'female', ...subject },
    presentingConcerns: ['distress'],
    summary: 'Person standing outside the railings.',
    ...overrides,
  };
}

describe('nothing is accepted that a consumer would refuse (e2e: intake + triage)', () => {
  let intake: RunningService;
  let triage: RunningService;
  let officer: string;
  let clinician: string;

  const post = (service: RunningService, path: string, body: unknown, token: string) =>
    request(service.baseUrl)
      .post(path)
      .set('Authorization', `Bearer ${token}`)
      .send(body as object);

  beforeAll(async () => {
    [intake, triage] = await Promise.all([
      bootService('intake', (config) => IntakeModule.forConfig(config)),
      bootService('triage', (config) => TriageModule.forConfig(config)),
    ]);
    officer = await intake.token('officer', 'PC-4821');
    clinician = await triage.token('clinician', 'RN-0042');
  }, 60_000);

  afterAll(async () => {
    await Promise.all([triage?.close(), intake?.close()]);
  });

  it.each([
    ['subject.dateOfBirth', reportBody({}, { dateOfBirth: '1800-01-01' }), '1800'],
    ['reportedAt', reportBody({ reportedAt: '2026-02-30T10:00:00Z' }), '2026-02-30'],
    ['reportedAt', reportBody({ reportedAt: '0000-01-01T00:00:00Z' }), '0000-01-01'],
  ])(
    'POST /incidents refuses an impossible %s with 400, naming it without its value',
    async (field, body, value) => {
      const response = await post(intake, '/incidents', body, officer);
      expect(response.status).toBe(400);
      expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
      expect(JSON.stringify(response.body)).not.toContain(value);
    },
  );

  it('POST /triage/:id/advice with "clinicianId": null is a 400 naming clinicianId, and no advice is stored', async () => {
    const reported = await post(intake, '/incidents', reportBody(), officer);
    expect(reported.status).toBe(201);
    const { incidentId } = reported.body;
    // The consumer group may still be joining: the answer succeeds once the call is queued.
    await waitFor(
      async () =>
        (
          await post(
            triage,
            `/triage/${incidentId}/answer`,
            { clinicianId: 'RN-0042', profession: 'registered-nurse' },
            clinician,
          )
        ).status === 200,
      { timeoutMs: 45_000, intervalMs: 200, description: 'the call answered' },
    );

    const advice = await post(
      triage,
      `/triage/${incidentId}/advice`,
      {
        clinicianId: null,
        profession: 'registered-nurse',
        recommendation: 'refer-to-crisis-team',
        rationale: 'Agreed to speak to the crisis team.',
      },
      clinician,
    );
    expect(advice.status).toBe(400);
    expect(advice.body.errors.map((error: { field: string }) => error.field)).toContain('clinicianId');
    expect(JSON.stringify(advice.body)).not.toContain('crisis team');

    const call = await request(triage.baseUrl)
      .get(`/triage/${incidentId}`)
      .set('Authorization', `Bearer ${clinician}`)
      .set('X-Access-Reason', 'issue 15 e2e: checking nothing was stored');
    expect(call.status).toBe(200);
    expect(call.body.advice).toEqual([]);
  });
});

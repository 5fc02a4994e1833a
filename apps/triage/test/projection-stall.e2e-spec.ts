/**
 * Issue 15, point 3, end to end: one read model that cannot apply a stored event must not delay the live queue,
 * and readiness must name it. Intake and triage booted in-process against the real PostgreSQL and Kafka; the
 * `triage_advice` table is made to refuse every row (a CHECK constraint added by the owner), as a NOT NULL column
 * refused the null `clinicianId` the issue found.
 */
import { testOwnerUrl, waitFor, bootService, RunningService } from '@rcrp/testing';
import { Pool } from 'pg';
import request from 'supertest';
import { IntakeModule } from '../../intake/src/intake.module';
import { TriageModule } from '../src/triage.module';

const CONSTRAINT = 'e2e_projection_stall_refuses_every_row';

function reportBody() {
  return {
    reportedAt: new Date().toISOString(),
    officer: { id: 'PC-4821', force: 'MPS' },
    location: { kind: 'public-place', borough: 'Lambeth' },
    category: 'concern-for-welfare',
    subject: { name: 'Jane Stallperson', dateOfBirth: '1990-04-01', sex: 'female' },
    presentingConcerns: ['distress'],
    summary: 'Person standing outside the railings.',
  };
}

interface StalledProjection {
  projection: string;
  critical: boolean;
  position: string | number | null;
  eventType: string | null;
}

jest.setTimeout(120_000);

describe('a stalled read model beside the live queue (e2e: intake + triage)', () => {
  let intake: RunningService;
  let triage: RunningService;
  let owner: Pool;
  let officer: string;
  let clinician: string;
  const previousStall = process.env.HEALTH_PROJECTION_STALL_SECONDS;

  const post = (service: RunningService, path: string, body: unknown, token: string) =>
    request(service.baseUrl)
      .post(path)
      .set('Authorization', `Bearer ${token}`)
      .send(body as object);

  async function reportAndQueue(): Promise<string> {
    const reported = await post(intake, '/incidents', reportBody(), officer);
    expect(reported.status).toBe(201);
    const incidentId: string = reported.body.incidentId;
    await waitFor(async () => (await queuedIds()).includes(incidentId), {
      timeoutMs: 30_000,
      description: `incident ${incidentId} in the triage queue`,
    });
    return incidentId;
  }

  async function queuedIds(): Promise<string[]> {
    const response = await request(triage.baseUrl)
      .get('/triage/queue?limit=500')
      .set('Authorization', `Bearer ${clinician}`);
    expect(response.status).toBe(200);
    return (response.body.calls as Array<{ incidentId: string }>).map((call) => call.incidentId);
  }

  async function stalled(): Promise<StalledProjection[]> {
    const ready = await request(triage.baseUrl).get('/health/ready');
    return (ready.body.checks?.projections?.details?.stalled ?? []) as StalledProjection[];
  }

  beforeAll(async () => {
    // Reported as stalled after one second of failing, not the default 30.
    process.env.HEALTH_PROJECTION_STALL_SECONDS = '1';
    owner = new Pool({ connectionString: testOwnerUrl(), max: 1 });
    [intake, triage] = await Promise.all([
      bootService('intake', (config) => IntakeModule.forConfig(config)),
      bootService('triage', (config) => TriageModule.forConfig(config)),
    ]);
    officer = await intake.token('officer', 'PC-4821');
    clinician = await triage.token('clinician', 'RN-0042');
  }, 60_000);

  afterAll(async () => {
    // Whatever happened, the table takes rows again and the projection catches up before the next suite.
    await owner?.query(`ALTER TABLE triage.triage_advice DROP CONSTRAINT IF EXISTS ${CONSTRAINT}`);
    if (triage) {
      await waitFor(async () => (await stalled()).length === 0, {
        timeoutMs: 60_000,
        description: 'triage_advice to recover',
      }).catch(() => undefined);
    }
    await Promise.all([triage?.close(), intake?.close()]);
    await owner?.end();
    if (previousStall === undefined) delete process.env.HEALTH_PROJECTION_STALL_SECONDS;
    else process.env.HEALTH_PROJECTION_STALL_SECONDS = previousStall;
  });

  it('keeps new calls flowing into the queue and names the stalled projection in readiness', async () => {
    const advised = await reportAndQueue();
    await owner.query(
      `ALTER TABLE triage.triage_advice ADD CONSTRAINT ${CONSTRAINT} CHECK (false) NOT VALID`,
    );
    expect(
      (await post(triage, `/triage/${advised}/answer`, { profession: 'registered-nurse' }, clinician)).status,
    ).toBe(200);
    const advice = await post(
      triage,
      `/triage/${advised}/advice`,
      { profession: 'registered-nurse', recommendation: 'refer-to-crisis-team', rationale: 'Agreed.' },
      clinician,
    );
    expect(advice.status).toBe(200);

    const [stuck] = await waitFor(
      async () => {
        const found = (await stalled()).filter((entry) => entry.projection === 'triage_advice');
        return found.length > 0 ? found : undefined;
      },
      { timeoutMs: 30_000, description: 'readiness to name triage_advice as stalled' },
    );
    expect(stuck).toMatchObject({ critical: false, eventType: 'AdviceGiven' });
    expect(stuck.position).not.toBeNull();
    const ready = await request(triage.baseUrl).get('/health/ready');
    // Degraded, not down: the instance stays in service (every instance would hit the same event).
    expect(ready.status).toBe(200);
    expect(ready.body.checks.projections.status).toBe('degraded');

    // The live queue is its own loop: a call reported now reaches it while triage_advice is still stuck.
    const next = await reportAndQueue();
    expect((await stalled()).map((entry) => entry.projection)).toEqual(['triage_advice']);
    expect(await queuedIds()).toContain(next);
    const metrics = await request(triage.baseUrl).get('/metrics');
    expect(metrics.text).toMatch(/rcrp_projection_stalled\{projection="triage_advice",service="triage"\} 1/);
    expect(metrics.text).toMatch(/rcrp_projection_stalled\{projection="triage_calls",service="triage"\} 0/);

    // Once the table takes the row, the projection applies the event it stopped at and reports healthy.
    await owner.query(`ALTER TABLE triage.triage_advice DROP CONSTRAINT ${CONSTRAINT}`);
    await waitFor(async () => (await stalled()).length === 0, {
      timeoutMs: 60_000,
      description: 'triage_advice to apply the advice once the table takes it',
    });
    const rows = await owner.query(
      'SELECT count(*)::int AS n FROM triage.triage_advice WHERE incident_id = $1',
      [advised],
    );
    expect(rows.rows[0].n).toBe(1);
  });
});

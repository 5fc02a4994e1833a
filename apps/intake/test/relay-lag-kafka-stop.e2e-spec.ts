/**
 * Issue 9: `/metrics` shows the outbox relay's lag rise while the broker is down and fall back to 0 once it is
 * back. The ONE test file that stops the shared broker: kept short, and the broker is restarted in afterAll
 * whatever happens.
 */
import { waitFor, bootService, RunningService } from '@rcrp/testing';
import { execFileSync } from 'node:child_process';
import request from 'supertest';
import { IntakeModule } from '../src/intake.module';

const kafka = (command: 'start' | 'stop') =>
  execFileSync('bash', ['scripts/infra/kafka.sh', command], { stdio: 'pipe', timeout: 120_000 });

function relayPending(metrics: string): number {
  const match = /^rcrp_relay_pending_events\{service="intake"\} (\d+)$/m.exec(metrics);
  if (!match) throw new Error(`no rcrp_relay_pending_events in:\n${metrics}`);
  return Number(match[1]);
}

describe('relay lag in /metrics while Kafka is stopped (e2e: real PostgreSQL and Kafka)', () => {
  let intake: RunningService;

  beforeAll(async () => {
    intake = await bootService('intake', (config) => IntakeModule.forConfig(config));
  });

  afterAll(async () => {
    try {
      kafka('start');
    } finally {
      await intake?.close();
    }
  });

  it('rises while the broker is down and returns to 0 after it is back', async () => {
    const scrape = async () => relayPending((await request(intake.baseUrl).get('/metrics').expect(200)).text);
    await waitFor(async () => ((await scrape()) === 0 ? true : null), {
      timeoutMs: 30_000,
      description: 'an empty outbox first',
    });

    kafka('stop');
    const officer = await intake.token('officer', 'PC-4821');
    for (let i = 0; i < 3; i++) {
      await request(intake.baseUrl)
        .post('/incidents')
        .set('Authorization', `Bearer ${officer}`)
        .send({
          reportedAt: new Date().toISOString(),
          officer: { id: 'PC-4821', force: 'MPS' },
          location: { kind: 'public-place', description: 'Footbridge, north end', borough: 'Lambeth' },
          category: 'concern-for-welfare',
          subject: { name: 'Lag Testperson', dateOfBirth: '1990-04-01', sex: 'female', ethnicity: 'white' },
          presentingConcerns: ['suicidal-ideation'],
          summary: 'Reported while the broker is down.',
        })
        .expect(201);
    }
    // Appends need only PostgreSQL; the relay cannot publish them.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await scrape()).toBeGreaterThanOrEqual(3);
    const ready = (await request(intake.baseUrl).get('/health/ready')).body;
    expect(ready.checks.kafka.status).toBe('down');

    kafka('start');
    await waitFor(async () => ((await scrape()) === 0 ? true : null), {
      timeoutMs: 90_000,
      intervalMs: 500,
      description: 'relay lag back to 0 after the broker returned',
    });
    const metrics = (await request(intake.baseUrl).get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/^rcrp_relay_oldest_pending_age_seconds\{service="intake"\} 0$/m);
  });
});

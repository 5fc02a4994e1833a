/**
 * Stops the real broker, so it is the ONE test file that does: each service must answer /health/ready 503 naming
 * Kafka while it is down, and 200 again once it is back. The broker is always restarted in afterAll.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import request from 'supertest';
import { bootService, RunningService } from '@rcrp/testing';
import { OutcomesModule } from '../../outcomes/src/outcomes.module';
import { TriageModule } from '../../triage/src/triage.module';
import { IntakeModule } from '../src/intake.module';

const KAFKA_SCRIPT = resolve(__dirname, '../../../scripts/infra/kafka.sh');

function kafka(command: 'start' | 'stop'): void {
  execFileSync('bash', [KAFKA_SCRIPT, command], { stdio: 'pipe', timeout: 90_000 });
}

async function eventually(check: () => Promise<void>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((done) => setTimeout(done, 500));
    }
  }
}

describe('readiness follows the Kafka broker (stops and restarts the real broker)', () => {
  const services: Array<[string, RunningService]> = [];

  beforeAll(async () => {
    services.push(['intake', await bootService('intake', (c) => IntakeModule.forConfig(c))]);
    services.push(['triage', await bootService('triage', (c) => TriageModule.forConfig(c))]);
    services.push(['outcomes', await bootService('outcomes', (c) => OutcomesModule.forConfig(c))]);
  }, 60_000);

  afterAll(async () => {
    kafka('start'); // idempotent: leaves the broker running for everyone else whatever happened above
    await Promise.all(services.map(([, running]) => running.close()));
  }, 120_000);

  it('is 200 with both up, 503 naming kafka while it is stopped, and 200 again when it returns', async () => {
    for (const [, running] of services) {
      await eventually(async () => {
        await request(running.baseUrl).get('/health/ready').expect(200);
      });
    }

    kafka('stop');
    for (const [, running] of services) {
      const response = await request(running.baseUrl).get('/health/ready').expect(503);
      expect(response.body.status).toBe('not-ready');
      expect(response.body.checks.kafka.status).toBe('down');
      expect(response.body.checks.kafka.error).toEqual(expect.any(String));
      expect(response.body.checks.database.status).toBe('up');
      // Liveness is about the process, not its dependencies.
      await request(running.baseUrl).get('/health/live').expect(200);
    }

    kafka('start');
    for (const [, running] of services) {
      await eventually(async () => {
        const response = await request(running.baseUrl).get('/health/ready').expect(200);
        expect(response.body.checks.kafka.status).toBe('up');
      });
    }
  }, 180_000);
});

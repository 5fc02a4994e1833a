/**
 * A surge of reports, more at once than the service's database pool has connections (10). Each report's
 * transaction holds one connection while its stream is read and its subject's new data key is created; if either needs a
 * second connection from the same pool, enough simultaneous reports hold every connection and wait for each
 * other until the pool's 2 s acquire timeout, and every one of them fails with 503 (found by `npm run bench:e2e`).
 */
import { uniqueName, bootService, RunningService } from '@rcrp/testing';
import request from 'supertest';
import { IntakeModule } from '../src/intake.module';

const CONCURRENT_REPORTS = 30;

function reportBody() {
  return {
    source: { system: 'met-cad', externalRef: uniqueName('CAD-SURGE', '-') },
    reportedAt: new Date().toISOString(),
    officer: { id: 'PC-4821', force: 'MPS' },
    location: { kind: 'public-place', description: 'Footbridge, north end', borough: 'Lambeth' },
    category: 'concern-for-welfare',
    subject: { name: 'Jane Surge', dateOfBirth: '1990-04-01', sex: 'female', ethnicity: 'white' },
    presentingConcerns: ['suicidal-ideation'],
    summary: 'Standing outside the railings of the footbridge.',
  };
}

describe('intake under a surge of reports (e2e: real PostgreSQL and Kafka)', () => {
  let running: RunningService;

  beforeAll(async () => {
    // All of them admitted (10 at a time, the rest waiting): this test is about the pool, not load shedding.
    running = await bootService('intake', (config) => IntakeModule.forConfig(config), {
      env: { HTTP_MAX_QUEUED_WRITES: String(CONCURRENT_REPORTS) },
    });
  });

  afterAll(async () => {
    await running?.close();
  });

  it(`answers ${CONCURRENT_REPORTS} simultaneous reports, each with a new subject, all with 201`, async () => {
    const officer = await running.token('officer', 'PC-4821');
    const responses = await Promise.all(
      Array.from({ length: CONCURRENT_REPORTS }, () =>
        request(running.baseUrl)
          .post('/incidents')
          .set('Authorization', `Bearer ${officer}`)
          .send(reportBody()),
      ),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses).toEqual(Array(CONCURRENT_REPORTS).fill(201));
  });
});

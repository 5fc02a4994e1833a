/**
 * Issue 18, point 4: beyond its write budget (HTTP_MAX_CONCURRENT_WRITES at once, HTTP_MAX_QUEUED_WRITES waiting)
 * intake refuses a report at once with 503 and Retry-After, instead of letting it wait for a pooled connection,
 * and stores nothing for it. The budget here is one write and no queue; the write in progress is held by a lock
 * on intake's events table, so the second report arrives while the first is certainly still being worked on.
 */
import { bootService, testOwnerUrl, uniqueName, waitFor, type RunningService } from '@rcrp/testing';
import { Pool, type PoolClient } from 'pg';
import request from 'supertest';
import { IntakeModule } from '../src/intake.module';

function reportBody(externalRef: string) {
  return {
    source: { system: 'met-cad', externalRef },
    reportedAt: new Date().toISOString(),
    officer: { id: 'PC-4821', force: 'MPS' },
    location: { kind: 'public-place', description: 'Footbridge, north end', borough: 'Lambeth' },
    category: 'concern-for-welfare',
    subject: { name: 'Jane Shed', dateOfBirth: '1990-04-01', sex: 'female', ethnicity: 'white' },
    presentingConcerns: ['suicidal-ideation'],
    summary: 'Standing outside the railings of the footbridge.',
  };
}

describe('intake sheds writes beyond its budget (e2e: real PostgreSQL and Kafka)', () => {
  let running: RunningService;
  let owner: Pool;

  beforeAll(async () => {
    owner = new Pool({ connectionString: testOwnerUrl(), max: 2 });
    running = await bootService('intake', (config) => IntakeModule.forConfig(config), {
      env: { HTTP_MAX_CONCURRENT_WRITES: '1', HTTP_MAX_QUEUED_WRITES: '0' },
    });
  });

  afterAll(async () => {
    await running?.close();
    await owner?.end();
  });

  async function storedWithRef(externalRef: string): Promise<number> {
    const { rows } = await owner.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM intake.events WHERE data -> 'source' ->> 'externalRef' = $1`,
      [externalRef],
    );
    return rows[0].n;
  }

  it('given one report in progress, when another arrives, then it is 503 with Retry-After and nothing is stored for it', async () => {
    const officer = await running.token('officer', 'PC-4821');
    const held = uniqueName('CAD-HELD', '-');
    const over = uniqueName('CAD-OVER', '-');
    const lock: PoolClient = await owner.connect();
    let first: Promise<request.Response> | undefined;
    try {
      await lock.query('BEGIN');
      await lock.query('LOCK TABLE intake.events IN EXCLUSIVE MODE');
      first = request(running.baseUrl)
        .post('/incidents')
        .set('Authorization', `Bearer ${officer}`)
        .send(reportBody(held))
        .then((response) => response);
      await waitFor(
        async () =>
          (
            await owner.query(
              `SELECT 1 FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
                WHERE c.relname = 'events' AND NOT l.granted`,
            )
          ).rows.length > 0,
        { timeoutMs: 10_000, description: 'the first report waits on the lock' },
      );

      const refused = await request(running.baseUrl)
        .post('/incidents')
        .set('Authorization', `Bearer ${officer}`)
        .send(reportBody(over));

      expect(refused.status).toBe(503);
      expect(refused.headers['retry-after']).toMatch(/^\d+$/);
      expect(refused.body).toMatchObject({ statusCode: 503, reason: 'over-capacity' });
    } finally {
      await lock.query('COMMIT');
      lock.release();
    }
    expect((await first!).status).toBe(201);
    expect(await storedWithRef(held)).toBe(1);
    expect(await storedWithRef(over)).toBe(0);
  });

  it('given the budget free again, when a report arrives, then it is admitted', async () => {
    const officer = await running.token('officer', 'PC-4821');
    const externalRef = uniqueName('CAD-AFTER', '-');
    const response = await request(running.baseUrl)
      .post('/incidents')
      .set('Authorization', `Bearer ${officer}`)
      .send(reportBody(externalRef));
    expect(response.status).toBe(201);
    expect(await storedWithRef(externalRef)).toBe(1);
  });
});

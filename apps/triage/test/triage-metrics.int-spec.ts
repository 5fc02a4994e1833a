/**
 * The metrics' definitions (docs/triage.md) against the real PostgreSQL: a throw-away triage schema with the real
 * migrations, projection rows written directly, and the numbers worked out by hand.
 */
import { runMigrations } from '@rcrp/database';
import { createTestSchema, testOwnerUrl, type TestSchema } from '@rcrp/testing';
import { migrations } from '../src/migrations';
import { TriageMetricsService } from '../src/metrics/triage-metrics.service';

const FROM = '2026-11-23T00:00:00.000Z';
const TO = '2026-11-24T00:00:00.000Z';
const at = (iso: string, plusSeconds: number) => new Date(Date.parse(iso) + plusSeconds * 1000).toISOString();
const id = (n: number) => `0192f000-0000-7000-8000-${String(n).padStart(12, '0')}`;

describe('TriageMetricsService (real PostgreSQL)', () => {
  let fresh: TestSchema;
  let metrics: TriageMetricsService;

  beforeAll(async () => {
    fresh = await createTestSchema('triage_metrics', 'rcrp_triage');
    await runMigrations({
      ownerUrl: testOwnerUrl(),
      schema: fresh.schema,
      migrations: migrations({ schema: fresh.schema, appRole: 'rcrp_triage' }),
      log: () => undefined,
    });
    metrics = new TriageMetricsService(fresh.appPool);
    const call = (n: number, queuedAt: string, fields: Record<string, unknown>) =>
      fresh.appPool.query(
        `INSERT INTO triage_calls (incident_id, status, priority, presenting_concerns, queued_at, answered_at, first_advice_at, advice_count, version)
         VALUES ($1, $2, 10, '{distress}', $3, $4, $5, $6, 1)`,
        [
          id(n),
          fields.status,
          queuedAt,
          fields.answeredAt ?? null,
          fields.firstAdviceAt ?? null,
          fields.adviceCount ?? 0,
        ],
      );
    // Twenty answered calls in the window: time to answer 1..20 s; time to first advice 61..80 s.
    for (let n = 1; n <= 20; n++) {
      const queuedAt = at('2026-11-23T10:00:00.000Z', n * 600);
      await call(n, queuedAt, {
        status: 'closed',
        answeredAt: at(queuedAt, n),
        firstAdviceAt: at(queuedAt, 60 + n),
        adviceCount: 1,
      });
      await fresh.appPool.query(
        `INSERT INTO triage_advice (event_id, incident_id, given_at, clinician_id, profession, recommendation) VALUES (gen_random_uuid(), $1, $2, 'RN-1', 'registered-nurse', $3)`,
        [id(n), at(queuedAt, 60 + n), n % 4 === 0 ? 'consider-section-136' : 'refer-to-crisis-team'],
      );
    }
    await call(21, '2026-11-23T12:00:00.000Z', { status: 'abandoned' });
    await call(22, '2026-11-23T13:00:00.000Z', { status: 'withdrawn' });
    await call(23, '2026-11-23T14:00:00.000Z', { status: 'queued' });
    // Queued outside the window (the exclusive end): not counted, nor is its advice.
    await call(24, TO, {
      status: 'closed',
      answeredAt: at(TO, 500),
      firstAdviceAt: at(TO, 900),
      adviceCount: 1,
    });
    await fresh.appPool.query(
      `INSERT INTO triage_advice (event_id, incident_id, given_at, clinician_id, profession, recommendation) VALUES (gen_random_uuid(), $1, $2, 'RN-1', 'amhp', 'other')`,
      [id(24), at(TO, 900)],
    );
  });

  afterAll(() => fresh?.drop());

  it('counts the cohort queued in [from, to) and gives nearest-rank percentiles of observed durations', async () => {
    const result = await metrics.metrics(FROM, TO, false);
    expect(result).toMatchObject({
      calls: 23,
      answered: 20,
      abandoned: 1,
      withdrawn: 1,
      waiting: 1,
      advised: 20,
      adviceGiven: 20,
    });
    expect(result.timeToAnswerSeconds).toEqual({ count: 20, median: 10, p90: 18, p95: 19 });
    expect(result.timeToAdviceSeconds).toEqual({ count: 20, median: 70, p90: 78, p95: 79 });
    expect(result.adviceByRecommendation).toMatchObject({
      'refer-to-crisis-team': 15,
      'consider-section-136': 5,
      other: 0,
    });
  });

  it("suppresses the analysts' counts of 1-4 and keeps the rest", async () => {
    const result = await metrics.metrics(FROM, TO, true);
    expect(result).toMatchObject({
      smallCountsSuppressed: true,
      calls: 23,
      answered: 20,
      abandoned: '<5',
      withdrawn: '<5',
      waiting: '<5',
    });
    expect(result.timeToAnswerSeconds).toEqual({ count: 20, median: 10, p90: 18, p95: 19 });
    expect(result.adviceByRecommendation).toMatchObject({ 'consider-section-136': 5, other: 0 });
  });

  it('gives zero counts and null percentiles for an empty window', async () => {
    const result = await metrics.metrics('2020-01-01T00:00:00Z', '2020-01-02T00:00:00Z', false);
    expect(result).toMatchObject({ calls: 0, answered: 0, adviceGiven: 0 });
    expect(result.timeToAnswerSeconds).toEqual({ count: 0, median: null, p90: null, p95: null });
  });
});

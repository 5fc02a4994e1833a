/**
 * `GET /triage/metrics` as CSV and with the analysts' small-count suppression (issue 16, point 10), against the real
 * triage service (PostgreSQL, Kafka). Seven calls only triage's store holds are queued within one hour of a past day
 * no other test uses: all answered, six advised and closed (four to the crisis team, two to an MHA assessment), one
 * abandoned. Operators see every count; analysts see counts of 1-4 as `<5`, the rule of outcomes' statistics.
 */
import {
  appendGivenEvents,
  bootService,
  existingStream,
  waitFor,
  type GivenEvent,
  type RunningService,
} from '@rcrp/testing';
import request from 'supertest';
import { v7 as uuidv7 } from 'uuid';
import { TriageModule } from '../src/triage.module';

jest.setTimeout(90_000);

const CLINICIAN = { id: 'RN-0042', role: 'clinician' } as const;

/** The start of an hour in 2001-2020: no other test queues calls then. */
const HOUR = Date.UTC(
  2001 + Math.floor(Math.random() * 20),
  Math.floor(Math.random() * 12),
  1 + Math.floor(Math.random() * 28),
  Math.floor(Math.random() * 24),
);
const at = (seconds: number) => new Date(HOUR + seconds * 1000).toISOString();
const WINDOW = `from=${encodeURIComponent(at(0))}&to=${encodeURIComponent(at(3600))}`;
/** The first three calls only. */
const FIRST_THREE = `from=${encodeURIComponent(at(0))}&to=${encodeURIComponent(at(180))}`;

/** Call `n`, queued at minute n of the hour: answered after 10+n s; advised after 60+n s and closed, or abandoned. */
function call(n: number): { streamId: string; events: GivenEvent[] } {
  const incidentId = uuidv7();
  const queuedAt = n * 60;
  const event = (type: string, data: object): GivenEvent => ({
    type,
    actor: CLINICIAN,
    subjectRef: `subj-${incidentId.slice(-12)}`,
    data: { incidentId, ...data },
  });
  const events = [
    {
      ...event('CallQueued', { queuedAt: at(queuedAt), priority: 0, presentingConcerns: [] }),
      actor: undefined,
    },
    event('CallAnswered', {
      answeredAt: at(queuedAt + 10 + n),
      clinicianId: CLINICIAN.id,
      profession: 'registered-nurse',
    }),
  ];
  if (n === 6) {
    events.push(event('CallAbandoned', { abandonedAt: at(queuedAt + 30), reason: 'caller-disconnected' }));
  } else {
    events.push(
      event('AdviceGiven', {
        givenAt: at(queuedAt + 60 + n),
        clinicianId: CLINICIAN.id,
        profession: 'registered-nurse',
        recommendation: n < 4 ? 'refer-to-crisis-team' : 'arrange-mha-assessment',
        rationale: 'Agreed a plan with the officer.',
      }),
      event('TriageClosed', { closedAt: at(queuedAt + 120) }),
    );
  }
  return { streamId: `triage-${incidentId}`, events };
}

const csvLines = (text: string) => text.split('\r\n').filter((line) => line !== '');

describe('GET /triage/metrics: CSV and small-count suppression (e2e, real triage)', () => {
  let triage: RunningService;
  let operator: string;
  let analyst: string;

  const metrics = (query: string, token: string, headers: Record<string, string> = {}) =>
    request(triage.baseUrl)
      .get(`/triage/metrics?${query}`)
      .set('Authorization', `Bearer ${token}`)
      .set(headers);

  beforeAll(async () => {
    triage = await bootService('triage', (config) => TriageModule.forConfig(config));
    [operator, analyst] = await Promise.all([
      triage.token('operator', 'op-metrics'),
      triage.token('analyst', 'analyst-metrics'),
    ]);
    const calls = Array.from({ length: 7 }, (_, n) => call(n));
    await appendGivenEvents(triage, ...calls.map((given) => existingStream(given.streamId, given.events)));
    await waitFor(
      async () => {
        const { body } = await metrics(WINDOW, operator);
        return body.calls === 7 && body.advised === 6 && body.abandoned === 1 && body.adviceGiven === 6;
      },
      { timeoutMs: 30_000, description: "the read models to hold the window's seven calls" },
    );
  });

  afterAll(() => triage?.close());

  it('an operator gets every count as counted (JSON by default)', async () => {
    const response = await metrics(WINDOW, operator).expect(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.body).toMatchObject({
      smallCountsSuppressed: false,
      calls: 7,
      answered: 7,
      abandoned: 1,
      withdrawn: 0,
      waiting: 0,
      advised: 6,
      adviceGiven: 6,
      timeToAnswerSeconds: { count: 7, median: 13, p90: 16, p95: 16 },
      timeToAdviceSeconds: { count: 6, median: 62, p90: 65, p95: 65 },
    });
    expect(response.body.adviceByRecommendation).toMatchObject({
      'refer-to-crisis-team': 4,
      'arrange-mha-assessment': 2,
      'consider-section-136': 0,
    });
  });

  it('an analyst gets counts of 1-4 as <5, 0 and 5 or more as they are', async () => {
    const { body } = await metrics(WINDOW, analyst).expect(200);
    expect(body).toMatchObject({
      smallCountsSuppressed: true,
      calls: 7,
      answered: 7,
      abandoned: '<5',
      withdrawn: 0,
      advised: 6,
      timeToAnswerSeconds: { count: 7, median: 13 },
    });
    expect(body.adviceByRecommendation).toMatchObject({
      'refer-to-crisis-team': '<5',
      'arrange-mha-assessment': '<5',
      'consider-section-136': 0,
    });
    expect(JSON.stringify(body)).not.toMatch(/":[1-4][,}]/);
  });

  it('an analyst gets no median or percentile of a duration over fewer than 5 calls', async () => {
    const [asOperator, asAnalyst] = await Promise.all([
      metrics(FIRST_THREE, operator).expect(200),
      metrics(FIRST_THREE, analyst).expect(200),
    ]);
    expect(asOperator.body.timeToAnswerSeconds).toEqual({ count: 3, median: 11, p90: 12, p95: 12 });
    expect(asAnalyst.body.calls).toBe('<5');
    expect(asAnalyst.body.timeToAnswerSeconds).toEqual({ count: '<5', median: null, p90: null, p95: null });
  });

  it('?format=csv answers measure,category,value lines as an attachment, the same figures as the JSON', async () => {
    const response = await metrics(`${WINDOW}&format=csv`, operator).expect(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="rcrp-triage-metrics-${at(0)}-${at(3600)}.csv"`,
    );
    expect(response.text.endsWith('\r\n')).toBe(true);
    const lines = csvLines(response.text);
    expect(lines[0]).toBe('measure,category,value');
    expect(lines).toEqual(
      expect.arrayContaining([
        `from,,${at(0)}`,
        'smallCountsSuppressed,,false',
        'calls,,7',
        'abandoned,,1',
        'timeToAnswerSeconds,count,7',
        'timeToAnswerSeconds,median,13',
        'timeToAdviceSeconds,p95,65',
        'adviceByRecommendation,refer-to-crisis-team,4',
        'adviceByRecommendation,consider-section-136,0',
      ]),
    );
  });

  it("Accept: text/csv gives CSV too, with the analysts' suppression", async () => {
    const response = await metrics(WINDOW, analyst, { Accept: 'text/csv' }).expect(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csvLines(response.text)).toEqual(
      expect.arrayContaining([
        'smallCountsSuppressed,,true',
        'calls,,7',
        'abandoned,,<5',
        'adviceByRecommendation,arrange-mha-assessment,<5',
      ]),
    );
    expect(response.text).not.toMatch(/,[1-4]\r\n/);
  });

  it('?format=json wins over Accept: text/csv; another format is a 400 naming it', async () => {
    const json = await metrics(`${WINDOW}&format=json`, operator, { Accept: 'text/csv' }).expect(200);
    expect(json.body.calls).toBe(7);
    const refused = await metrics(`${WINDOW}&format=xml`, operator).expect(400);
    expect(refused.body.errors.map((error: { field: string }) => error.field)).toContain('format');
  });

  it('the OpenAPI document gives the route its format parameter and both media types', async () => {
    const document = (await request(triage.baseUrl).get('/docs-json').expect(200)).body;
    const operation = document.paths['/triage/metrics'].get;
    expect(operation.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          name: 'format',
          in: 'query',
          schema: expect.objectContaining({ enum: ['json', 'csv'] }),
        }),
      ]),
    );
    expect(Object.keys(operation.responses['200'].content)).toEqual(['application/json', 'text/csv']);
  });
});

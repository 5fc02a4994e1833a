/**
 * Intake end to end (issue 5): the real service in-process against the real PostgreSQL and Kafka. Every response
 * status is recorded; the last test asserts none was a 5xx.
 */
import { DLQ_HEADERS, TOPICS, deadLetterTopic, startOfLondonDay } from '@rcrp/events';
import { createIdempotentProducer } from '@rcrp/messaging';
import {
  bootService,
  expectInvalid,
  expectResponse,
  httpSpec,
  ResponseLog,
  testKafka,
  testOwnerUrl,
  uniqueName,
  waitFor,
  watchTopic,
  type HttpCheck,
  type RunningService,
  type TopicWatch,
} from '@rcrp/testing';
import type { Producer } from 'kafkajs';
import { Pool } from 'pg';
import request from 'supertest';
import { IntakeModule } from '../src/intake.module';

const PERSONAL = {
  name: 'Jane Testperson-Ø',
  dateOfBirth: '1990-04-01',
  summary: 'Standing outside the railings of the footbridge.',
  description: 'Footbridge, north end',
};

/** The calendar date in London at `epochMs`, `YYYY-MM-DD`. */
const londonDateOf = (epochMs: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(epochMs));

function reportBody(overrides: Record<string, unknown> = {}) {
  return {
    source: { system: 'met-cad', externalRef: uniqueName('CAD', '-') },
    reportedAt: new Date().toISOString(),
    officer: { id: 'PC-4821', force: 'MPS' },
    location: { kind: 'public-place', description: PERSONAL.description, borough: 'Lambeth' },
    category: 'concern-for-welfare',
    subject: { name: PERSONAL.name, dateOfBirth: PERSONAL.dateOfBirth, sex: 'female', ethnicity: 'white' },
    presentingConcerns: ['suicidal-ideation'],
    summary: PERSONAL.summary,
    ...overrides,
  };
}

describe('intake service (e2e: real PostgreSQL and Kafka)', () => {
  let running: RunningService;
  let owner: Pool;
  let producer: Producer;
  let intakeTopic: TopicWatch;
  let officer: string;
  const responses = new ResponseLog();

  const http = () => request(running.baseUrl);
  const track = <T extends { status: number }>(response: T): T => responses.track(response);
  /** given / when / then against intake, as the officer. */
  const intakeApi = httpSpec(() => running, {
    headers: () => ({ Authorization: `Bearer ${officer}` }),
    log: responses,
  });
  /** A report the edge refuses: the answer `checks` expect, and no incident stored for its external reference. */
  const reportRefused = async (
    body: { source: { externalRef: string }; [field: string]: unknown },
    ...checks: HttpCheck[]
  ) => {
    await intakeApi
      .given()
      .when((api) => api.post('/incidents').send(body))
      .then(...checks);
    expect(await countReported(body.source.externalRef)).toBe(0);
  };
  const post = async (path: string, body: unknown, token = officer, headers: Record<string, string> = {}) =>
    track(
      await http()
        .post(path)
        .set('Authorization', `Bearer ${token}`)
        .set(headers)
        .send(body as object),
    );
  // Case reads need a stated reason for everyone but analysts (issue 11); the audit tests live in personal-data.e2e-spec.
  const get = async (path: string, token = officer) =>
    track(
      await http()
        .get(path)
        .set('Authorization', `Bearer ${token}`)
        .set('X-Access-Reason', 'e2e: checking the incident record'),
    );

  async function countReported(externalRef: string): Promise<number> {
    const result = await owner.query(
      `SELECT count(*)::int AS n FROM intake.events WHERE type = 'IncidentReported' AND data->'source'->>'externalRef' = $1`,
      [externalRef],
    );
    return result.rows[0].n;
  }

  beforeAll(async () => {
    running = await bootService('intake', (config) => IntakeModule.forConfig(config));
    owner = new Pool({ connectionString: testOwnerUrl(), max: 2 });
    producer = createIdempotentProducer(testKafka('intake-e2e-publisher'));
    await producer.connect();
    intakeTopic = await watchTopic(TOPICS.intakeEvents);
    officer = await running.token('officer', 'PC-4821');
  });

  afterAll(async () => {
    await intakeTopic?.stop();
    await producer?.disconnect();
    await owner?.end();
    await running?.close();
  });

  it('POST /incidents answers 201 and publishes IncidentReported keyed by the incident, personal data encrypted', async () => {
    const response = await post('/incidents', reportBody({ source: undefined }));
    expect(response.status).toBe(201);
    const { incidentId, version, events } = response.body;
    expect(incidentId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
    expect(version).toBe(1);
    expect(response.headers.etag).toBe('"1"');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'IncidentReported',
      incidentId,
      streamId: `incident-${incidentId}`,
      streamVersion: 1,
    });
    expect(events[0].actor).toEqual({ id: 'PC-4821', role: 'officer' });

    const [message] = await intakeTopic.waitFor((m) => m.key === incidentId, 1);
    expect(message.headers).toMatchObject({
      'event-type': 'IncidentReported',
      'schema-version': '1',
      'event-id': events[0].eventId,
    });
    const envelope = JSON.parse(message.value ?? '{}');
    expect(envelope).toMatchObject({
      eventId: events[0].eventId,
      incidentId,
      streamVersion: 1,
      type: 'IncidentReported',
    });
    expect(envelope.data.category).toBe('concern-for-welfare');
    for (const value of Object.values(PERSONAL)) expect(message.value).not.toContain(value);

    const stored = await owner.query(`SELECT data::text AS data FROM intake.events WHERE stream_id = $1`, [
      `incident-${incidentId}`,
    ]);
    for (const value of Object.values(PERSONAL)) expect(stored.rows[0].data).not.toContain(value);
  });

  it('GET /incidents/:id shows the decrypted incident with its ETag; an analyst sees no personal field', async () => {
    const { incidentId } = (await post('/incidents', reportBody())).body;
    const full = await get(`/incidents/${incidentId}`);
    expect(full.status).toBe(200);
    expect(full.headers.etag).toBe('"1"');
    expect(full.body).toMatchObject({
      incidentId,
      status: 'reported',
      summary: PERSONAL.summary,
      subject: { name: PERSONAL.name, ageYears: expect.any(Number) },
    });

    const analyst = await running.token('analyst', 'analyst-3');
    for (const path of [`/incidents/${incidentId}`, `/incidents/${incidentId}/events`]) {
      const seen = await get(path, analyst);
      expect(seen.status).toBe(200);
      const text = JSON.stringify(seen.body);
      for (const value of Object.values(PERSONAL)) expect(text).not.toContain(value);
      expect(text).not.toContain('subj-');
      expect(text).toContain('psn-');
    }
    expect((await get(`/incidents/${incidentId}`, analyst)).body.subject).toMatchObject({
      ageBand: '35-44',
      sex: 'female',
    });
  });

  it('the same external report repeated, also concurrently over HTTP and Kafka at once, is one incident', async () => {
    const body = reportBody();
    const externalRef = body.source.externalRef;
    const [first, ...rest] = await Promise.all([
      post('/incidents', body),
      post('/incidents', body),
      post('/incidents', body),
      producer
        .send({
          topic: TOPICS.incidentsInbound,
          messages: [{ key: externalRef, value: JSON.stringify(body) }],
        })
        .then(() => ({ status: 0, body: {} })),
      producer
        .send({
          topic: TOPICS.incidentsInbound,
          messages: [{ key: `${externalRef}-b`, value: JSON.stringify(body) }],
        })
        .then(() => ({ status: 0, body: {} })),
    ]);
    const answered = [first, ...rest].filter((r) => r.status !== 0);
    expect(answered.map((r) => r.status).sort()).toEqual(expect.arrayContaining([200, 200]));
    expect(new Set(answered.map((r) => r.body.incidentId)).size).toBe(1);
    // Both Kafka copies are consumed (their inbox rows prove it) before we count.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(await countReported(externalRef)).toBe(1);
    const again = await post('/incidents', body);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({
      incidentId: answered[0].body.incidentId,
      duplicate: true,
      events: [],
    });
  });

  it('200 malformed inbound messages all land in the DLQ with reasons, and good ones between them are processed', async () => {
    const run = uniqueName('dlq-run', '-');
    const dlq = await watchTopic(deadLetterTopic(TOPICS.incidentsInbound));
    const good = reportBody();
    const kinds: Array<(i: number) => string> = [
      () => 'this is not json',
      () => '',
      () => '[1,2,3]',
      (i) => JSON.stringify({ ...reportBody(), category: `not-a-category-${i}` }),
      () => JSON.stringify({ ...reportBody(), officer: 'PC-1' }),
      () => {
        const { summary: _omit, ...missing } = reportBody();
        return JSON.stringify(missing);
      },
      () => JSON.stringify({ ...reportBody(), unexpected: true }),
      () => JSON.stringify({ ...reportBody(), source: undefined }),
      () => JSON.stringify({ ...reportBody(), reportedAt: 'yesterday' }),
      () => JSON.stringify({ ...reportBody(), summary: 'x'.repeat(70 * 1024) }),
    ];
    const goodRefs: string[] = [];
    const messages = [];
    for (let i = 0; i < 200; i++) {
      messages.push({
        key: `bad-${i}`,
        value: kinds[i % kinds.length](i),
        headers: { 'x-test-run': run, 'x-test-index': String(i) },
      });
      if (i % 50 === 25) {
        const report = { ...good, source: { system: 'met-cad', externalRef: uniqueName('CAD-good', '-') } };
        goodRefs.push(report.source.externalRef);
        // Same key as the bad one before it: same partition, so it really sits between poison messages.
        messages.push({ key: `bad-${i}`, value: JSON.stringify(report), headers: { 'x-test-run': run } });
      }
    }
    await producer.send({ topic: TOPICS.incidentsInbound, messages });
    const dead = await dlq.waitFor((m) => m.headers['x-test-run'] === run, 200, 60_000);
    await dlq.stop();
    expect(dead).toHaveLength(200);
    for (const message of dead) {
      expect(message.headers[DLQ_HEADERS.error]).toMatch(/\S/);
      expect(message.headers[DLQ_HEADERS.stage]).toMatch(/^(decode|validate|handle)$/);
      expect(message.headers[DLQ_HEADERS.sourceTopic]).toBe(TOPICS.incidentsInbound);
      expect(message.headers[DLQ_HEADERS.sourceOffset]).toMatch(/^\d+$/);
    }
    const errorOf = (i: number) =>
      dead.find((m) => m.headers['x-test-index'] === String(i))?.headers[DLQ_HEADERS.error];
    expect(errorOf(0)).toMatch(/not JSON/);
    expect(errorOf(3)).toMatch(/category/);
    expect(errorOf(5)).toMatch(/summary/);
    expect(errorOf(6)).toMatch(/unexpected/);
    expect(errorOf(7)).toMatch(/source/);
    expect(errorOf(9)).toMatch(/limit/);
    for (const ref of goodRefs)
      await waitFor(async () => (await countReported(ref)) === 1, { timeoutMs: 20_000 });
  });

  it('two amendments with the same If-Match: one 200, one 409; a later read shows the winner', async () => {
    const { incidentId } = (await post('/incidents', reportBody())).body;
    const amend = (borough: string) =>
      post(
        `/incidents/${incidentId}/amendments`,
        { changes: { location: { kind: 'public-place', borough } }, reason: 'moved' },
        officer,
        { 'If-Match': '1' },
      );
    const results = await Promise.all([amend('Southwark'), amend('Camden')]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = results.find((r) => r.status === 200)!;
    expect(winner.body.version).toBe(2);
    const loser = results.find((r) => r.status === 409)!;
    expect(loser.body).toMatchObject({ statusCode: 409, expectedVersion: 1, actualVersion: 2 });
    const now = await get(`/incidents/${incidentId}`);
    expect(now.headers.etag).toBe('"2"');
  });

  it('asOf returns the incident as it stood before a change', async () => {
    const { incidentId } = (await post('/incidents', reportBody())).body;
    await new Promise((resolve) => setTimeout(resolve, 20));
    const between = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await post(`/incidents/${incidentId}/withdrawal`, { reason: 'duplicate call' })).status).toBe(
      200,
    );
    expect((await get(`/incidents/${incidentId}`)).body.status).toBe('withdrawn');
    const before = await get(`/incidents/${incidentId}?asOf=${encodeURIComponent(between)}`);
    expect(before.body).toMatchObject({ status: 'reported', version: 1 });
    const amendWithdrawn = await post(`/incidents/${incidentId}/amendments`, {
      changes: { category: 'other' },
      reason: 'late',
    });
    expect(amendWithdrawn.status).toBe(422);
    expect(amendWithdrawn.body.ruleId).toMatch(/WITHDRAWN/);
  });

  describe('refuses bad requests: 400/413 naming the field, 401 without a valid token, 403 for other roles', () => {
    it('an unknown field, a value of the wrong type, a kind outside the list, a field over its length: 400 naming it', async () => {
      await reportRefused({ ...reportBody(), colour: 'blue' }, expectInvalid('colour'));
      await reportRefused({ ...reportBody(), officer: 42 }, expectInvalid('officer'));
      await reportRefused({ ...reportBody(), location: { kind: 'garden' } }, expectInvalid('location.kind'));
      await reportRefused({ ...reportBody(), summary: 'x'.repeat(5000) }, expectInvalid('summary'));
    });

    it('a required field left out, also a nested one: 400 saying it is required, by its dotted path', async () => {
      const { category: _category, ...withoutCategory } = reportBody();
      await reportRefused(
        { ...withoutCategory, officer: { id: 'PC-4821' } },
        expectResponse(400, {
          body: {
            errors: [
              { field: 'officer.force', reasons: ['is required'] },
              { field: 'category', reasons: ['is required'] },
            ],
          },
        }),
      );
    });

    it('a body that is not JSON (text, a form): 415 naming application/json, repeating nothing of the body', async () => {
      for (const [type, body] of [
        ['text/plain', `name: ${PERSONAL.name}`],
        ['application/x-www-form-urlencoded', `name=${encodeURIComponent(PERSONAL.name)}`],
      ]) {
        const answer = track(
          await http()
            .post('/incidents')
            .set('Authorization', `Bearer ${officer}`)
            .set('Content-Type', type)
            .send(body),
        );
        expect({ type, status: answer.status, body: answer.body }).toEqual({
          type,
          status: 415,
          body: {
            statusCode: 415,
            error: 'Unsupported Media Type',
            message: 'The request body must be JSON, sent with Content-Type: application/json',
            expected: 'application/json',
          },
        });
      }
    });

    it('a body over the size limit: 413', () =>
      reportRefused({ ...reportBody(), summary: 'x'.repeat(2 * 1024 * 1024) }, expectResponse(413)));

    it('a body that is not JSON: 400', async () => {
      const notJson = track(
        await http()
          .post('/incidents')
          .set('Authorization', `Bearer ${officer}`)
          .set('Content-Type', 'application/json')
          .send('{"oops'),
      );
      expect(notJson.status).toBe(400);
    });

    it('no token, or one that is not a token: 401', async () => {
      expect(track(await http().post('/incidents').send(reportBody())).status).toBe(401);
      expect(track(await http().get('/incidents').set('Authorization', 'Bearer not-a-token')).status).toBe(
        401,
      );
    });

    it('an analyst or an operator reporting: 403', async () => {
      const analyst = await running.token('analyst', 'analyst-3');
      expect((await post('/incidents', reportBody(), analyst)).status).toBe(403);
      const operator = await running.token('operator', 'op-1');
      expect((await post('/incidents', reportBody(), operator)).status).toBe(403);
    });

    it('reads: an id that is not a UUID, a limit of 0, a cursor that is not one: 400; an unknown incident: 404', async () => {
      expect((await get('/incidents/not-a-uuid')).status).toBe(400);
      expect((await get('/incidents/0192f000-0000-7000-8000-000000000000')).status).toBe(404);
      expect((await get('/incidents?limit=0')).status).toBe(400);
      expect((await get('/incidents?cursor=garbage')).status).toBe(400);
    });

    it('an If-Match that is not a version: 400 naming it', () =>
      intakeApi
        .given()
        .when((api) =>
          api
            .post('/incidents/0192f000-0000-7000-8000-000000000000/withdrawal')
            .set('If-Match', 'abc')
            .send({ reason: 'x' }),
        )
        .then(expectInvalid('If-Match')));
  });

  it('GET /incidents pages with a cursor, newest first, without repeats, filtered by status and since', async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push((await post('/incidents', reportBody({ category: 'mha-transport' }))).body.incidentId);
    const seen: string[] = [];
    await waitFor(
      async () => {
        seen.length = 0;
        let cursor: string | null = null;
        do {
          const page: request.Response = await get(
            `/incidents?category=mha-transport&status=reported&since=${encodeURIComponent(since)}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          );
          expect(page.status).toBe(200);
          expect(page.body.items.length).toBeLessThanOrEqual(2);
          seen.push(...page.body.items.map((item: { incidentId: string }) => item.incidentId));
          cursor = page.body.nextCursor;
        } while (cursor);
        return ids.every((id) => seen.includes(id));
      },
      { timeoutMs: 10_000 },
    );
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('GET /incidents?since= takes a date: the start of that day in London', async () => {
    // Reports may be at most 30 days old, so the day is two days ago; when it began in London (00:00 GMT, or 23:00Z
    // the day before in summer time) is pinned by the unit tests of startOfLondonDay, for winter, summer and both
    // changes of the clocks. One report just after that moment, one just before.
    const day = londonDateOf(Date.now() - 2 * 24 * 60 * 60 * 1000);
    const dayBegins = Date.parse(startOfLondonDay(day));
    const after = reportBody({ reportedAt: new Date(dayBegins + 30 * 60 * 1000).toISOString() });
    const before = reportBody({ reportedAt: new Date(dayBegins - 30 * 60 * 1000).toISOString() });
    const [reportedAfter, reportedBefore] = [
      await post('/incidents', after),
      await post('/incidents', before),
    ];
    expect([reportedAfter.status, reportedBefore.status]).toEqual([201, 201]);
    const listed = async (externalRef: string, since: string) =>
      (await get(`/incidents?externalRef=${encodeURIComponent(externalRef)}&since=${since}`)).body.items.map(
        (item: { incidentId: string }) => item.incidentId,
      );
    // The list is a projection: wait until both are in it.
    const earlier = new Date(dayBegins - 24 * 60 * 60 * 1000).toISOString();
    await waitFor(
      async () =>
        (await listed(after.source.externalRef, earlier)).length === 1 &&
        (await listed(before.source.externalRef, earlier)).length === 1,
      { timeoutMs: 10_000, description: 'both reports in the incident list' },
    );
    expect(await listed(after.source.externalRef, day)).toEqual([reportedAfter.body.incidentId]);
    expect(await listed(before.source.externalRef, day)).toEqual([]);
  });

  it('answered no request with a 5xx (and makes requests of its own, so it checks something run alone)', async () => {
    await get('/incidents?limit=1');
    await get('/incidents/0192f000-0000-7000-8000-000000000000');
    await post('/incidents/0192f000-0000-7000-8000-000000000000/withdrawal', { reason: 'x' });
    track(
      await http()
        .post('/incidents')
        .set('Authorization', `Bearer ${officer}`)
        .set('Content-Type', 'application/json')
        .send('{"oops'),
    );
    responses.expectNoServerErrors();
  });
});

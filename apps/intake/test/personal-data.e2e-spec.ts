/**
 * Issue 11 end to end on intake: the real service against the real PostgreSQL and Kafka. Personal values never
 * appear in clear in the events table or on Kafka; reads need a stated reason and are audited; analysts never get a
 * personal field; restriction refuses officers; erasure makes the values disappear while hash chains still verify.
 */
import type { EventStore } from '@rcrp/event-store';
import { TOPICS } from '@rcrp/events';
import { EVENT_STORE } from '@rcrp/runtime';
import {
  testOwnerUrl,
  uniqueName,
  watchTopic,
  type TopicWatch,
  bootService,
  RunningService,
} from '@rcrp/testing';
import { Pool } from 'pg';
import request from 'supertest';
import { IntakeModule } from '../src/intake.module';

jest.setTimeout(60_000);

/** Unique per run, so a hit can only come from this test's data. */
function personalValues() {
  const tag = uniqueName('pv', '').replace(/[^a-z0-9]/gi, '');
  return {
    name: `Ada Zed-${tag}`,
    dateOfBirth: '1988-02-29',
    summary: `Talking about the canal, marker ${tag}-summary`,
    description: `Lock gates by the towpath ${tag}-loc`,
  };
}

function reportBody(values: ReturnType<typeof personalValues>) {
  return {
    reportedAt: new Date().toISOString(),
    officer: { id: 'PC-4821', force: 'MPS' },
    location: { kind: 'public-place', description: values.description, borough: 'Hackney' },
    category: 'concern-for-welfare',
    subject: { name: values.name, dateOfBirth: values.dateOfBirth, sex: 'male', ethnicity: 'asian' },
    presentingConcerns: ['suicidal-ideation'],
    summary: values.summary,
  };
}

const REASON = 'e2e: duty clinician reviewing the case';

function containsAny(text: string, values: ReturnType<typeof personalValues>): string[] {
  return [values.name, values.dateOfBirth, values.summary, values.description].filter((value) =>
    text.includes(value),
  );
}

describe('intake personal data (e2e: real PostgreSQL and Kafka)', () => {
  let running: RunningService;
  let owner: Pool;
  let intakeTopic: TopicWatch;
  let officer: string;
  let operator: string;
  let analyst: string;

  const http = () => request(running.baseUrl);
  const get = (path: string, token: string, reason?: string) => {
    const call = http().get(path).set('Authorization', `Bearer ${token}`);
    return reason === undefined ? call : call.set('X-Access-Reason', reason);
  };
  const post = (path: string, body: object, token: string) =>
    http().post(path).set('Authorization', `Bearer ${token}`).send(body);

  async function report(
    values: ReturnType<typeof personalValues>,
  ): Promise<{ incidentId: string; subjectRef: string }> {
    const response = await post('/incidents', reportBody(values), officer).expect(201);
    return { incidentId: response.body.incidentId, subjectRef: response.body.events[0].data.subject.ref };
  }

  beforeAll(async () => {
    running = await bootService('intake', (config) => IntakeModule.forConfig(config));
    owner = new Pool({ connectionString: testOwnerUrl(), max: 2 });
    intakeTopic = await watchTopic(TOPICS.intakeEvents);
    officer = await running.token('officer', 'PC-4821');
    operator = await running.token('operator', 'op-ada');
    analyst = await running.token('analyst', 'analyst-7');
  });

  afterAll(async () => {
    await intakeTopic?.stop();
    await owner?.end();
    await running?.close();
  });

  it('stores and publishes none of the personal values in clear', async () => {
    const values = personalValues();
    const { incidentId } = await report(values);
    const raw = await owner.query(
      `SELECT data::text AS data, metadata::text AS metadata FROM intake.events WHERE stream_id = $1`,
      [`incident-${incidentId}`],
    );
    expect(raw.rows).toHaveLength(1);
    expect(containsAny(raw.rows[0].data + raw.rows[0].metadata, values)).toEqual([]);
    expect(raw.rows[0].data).toContain('enc:v1:');
    const [message] = await intakeTopic.waitFor((m) => m.key === incidentId, 1);
    expect(containsAny(JSON.stringify(message), values)).toEqual([]);
  });

  it('refuses a case read without X-Access-Reason (400 naming it) and audits one with it', async () => {
    const values = personalValues();
    const { incidentId, subjectRef } = await report(values);
    for (const path of [`/incidents/${incidentId}`, `/incidents/${incidentId}/events`]) {
      const missing = await get(path, officer).expect(400);
      expect(missing.body.message).toContain('X-Access-Reason');
      await get(path, officer, '   ').expect(400);
      await get(path, officer, 'x'.repeat(501)).expect(400);
    }
    const read = await get(`/incidents/${incidentId}`, officer, REASON).expect(200);
    expect(read.body.subject.name).toBe(values.name);
    await get(`/incidents/${incidentId}/events`, officer, REASON).expect(200);

    const audit = await get(`/audit?incidentId=${incidentId}`, operator).expect(200);
    expect(audit.body.entries).toHaveLength(2);
    expect(audit.body.entries[1]).toMatchObject({
      actor: { id: 'PC-4821', role: 'officer' },
      incidentId,
      subjectRef,
      resource: 'GET /incidents/:id',
      reason: REASON,
    });
    expect(audit.body.entries[0].resource).toBe('GET /incidents/:id/events');
    expect(
      (
        await get(
          `/audit?actor=PC-4821&from=${encodeURIComponent(new Date(Date.now() - 60_000).toISOString())}`,
          operator,
        ).expect(200)
      ).body.entries.length,
    ).toBeGreaterThanOrEqual(2);
    await get('/audit', officer).expect(403);
    await get('/audit?incidentId=not-a-uuid', operator).expect(400);
  });

  it('never gives an analyst a personal field, on any GET route, and needs no reason from them', async () => {
    const values = personalValues();
    const { incidentId } = await report(values);
    await post(
      `/incidents/${incidentId}/amendments`,
      { changes: { summary: `${values.summary} (amended)` }, reason: `${values.name} moved` },
      officer,
    ).expect(200);
    const asOf = encodeURIComponent(new Date().toISOString());
    const routes = [
      '/incidents',
      `/incidents?limit=200`,
      `/incidents/${incidentId}`,
      `/incidents/${incidentId}?asOf=${asOf}`,
      `/incidents/${incidentId}/events`,
      `/incidents/${incidentId}/events?asOf=${asOf}`,
    ];
    for (const path of routes) {
      const response = await get(path, analyst).expect(200);
      expect({ path, leaked: containsAny(JSON.stringify(response.body), values) }).toEqual({
        path,
        leaked: [],
      });
      expect(JSON.stringify(response.body)).not.toContain('subj-');
    }
    await get('/audit', analyst).expect(403);
  });

  it('restriction: an officer is refused (403), an operator with a reason reads; lifting restores access', async () => {
    const values = personalValues();
    const { incidentId, subjectRef } = await report(values);
    await post(`/subjects/${subjectRef}/restriction`, { reason: 'Accuracy contested' }, officer).expect(403);
    const restricted = await post(
      `/subjects/${subjectRef}/restriction`,
      { reason: 'Accuracy contested' },
      operator,
    ).expect(200);
    expect(restricted.body.events).toHaveLength(1);
    expect(restricted.body.events[0]).toMatchObject({
      type: 'SubjectProcessingRestricted',
      incidentId,
      streamId: `subject-${subjectRef}`,
    });
    expect(
      (await post(`/subjects/${subjectRef}/restriction`, { reason: 'again' }, operator).expect(200)).body
        .events,
    ).toEqual([]);

    const refused = await get(`/incidents/${incidentId}`, officer, REASON).expect(403);
    expect(refused.body.message).toMatch(/restricted/);
    await get(`/incidents/${incidentId}/events`, officer, REASON).expect(403);
    await get(`/incidents/${incidentId}`, operator).expect(400);
    expect((await get(`/incidents/${incidentId}`, operator, REASON).expect(200)).body.subject.name).toBe(
      values.name,
    );
    await get(`/incidents/${incidentId}`, analyst).expect(200);

    await post(`/subjects/${subjectRef}/restriction/lift`, { reason: 'Accuracy verified' }, operator).expect(
      200,
    );
    await get(`/incidents/${incidentId}`, officer, REASON).expect(200);
  });

  describe('erasure: values gone from every read, once only, published, and the hash chains still verify', () => {
    const values = personalValues();
    const basis = { legalBasis: 'UK GDPR Art. 17(1)(b)', reason: 'Request upheld' };
    let incidentId: string;
    let subjectRef: string;
    let erased: request.Response;
    let retried: request.Response;

    beforeAll(async () => {
      ({ incidentId, subjectRef } = await report(values));
      // A personal value in a reason too: free text is personal data wherever it is written.
      await post(
        `/incidents/${incidentId}/withdrawal`,
        { reason: `${values.name} was reported twice` },
        officer,
      ).expect(200);
      erased = await post(`/subjects/${subjectRef}/erasure`, basis, operator);
      retried = await post(`/subjects/${subjectRef}/erasure`, basis, operator);
    });

    it('is refused to an officer (403), without a legal basis (400), for a malformed (400) or unknown (404) subject', async () => {
      const other = await report(personalValues());
      await post(`/subjects/${other.subjectRef}/erasure`, basis, officer).expect(403);
      await post(`/subjects/${other.subjectRef}/erasure`, { reason: 'no basis' }, operator).expect(400);
      await post('/subjects/not-a-subject/erasure', { legalBasis: 'x', reason: 'y' }, operator).expect(400);
      await post(
        '/subjects/subj-0192f000-0000-7000-8000-000000000000/erasure',
        { legalBasis: 'x', reason: 'y' },
        operator,
      ).expect(404);
    });

    it("an operator's erasure is a 200 with one SubjectDataErased", () => {
      expect(erased.status).toBe(200);
      expect(erased.body.events).toHaveLength(1);
      expect(erased.body.events[0]).toMatchObject({
        type: 'SubjectDataErased',
        incidentId,
        actor: { id: 'op-ada', role: 'operator' },
      });
    });

    it('happens once: erasing again appends nothing, the subject stream holds one event and the key is gone', async () => {
      expect(retried.status).toBe(200);
      expect(retried.body.events).toEqual([]);
      const subjectEvents = await owner.query(
        `SELECT count(*)::int AS n FROM intake.events WHERE stream_id = $1`,
        [`subject-${subjectRef}`],
      );
      expect(subjectEvents.rows[0].n).toBe(1);
      const keys = await owner.query(
        `SELECT count(*)::int AS n FROM intake.subject_keys WHERE subject_ref = $1`,
        [subjectRef],
      );
      expect(keys.rows[0].n).toBe(0);
    });

    it("is published on the intake topic, from the subject's stream", async () => {
      const [published] = await intakeTopic.waitFor(
        (m) => m.key === incidentId && m.headers['event-type'] === 'SubjectDataErased',
        1,
      );
      expect(JSON.parse(published.value!).streamId).toBe(`subject-${subjectRef}`);
    });

    it('every read shows [erased] and none holds a value: the incident, its events, the analyst view, the list', async () => {
      const view = await get(`/incidents/${incidentId}`, operator, REASON).expect(200);
      expect(view.body.subject.name).toBe('[erased]');
      expect(view.body.summary).toBe('[erased]');
      for (const [path, token, reason] of [
        [`/incidents/${incidentId}`, officer, REASON],
        [`/incidents/${incidentId}/events`, officer, REASON],
        [`/incidents/${incidentId}/events`, operator, REASON],
        [`/incidents/${incidentId}`, analyst, undefined],
        ['/incidents?limit=200', officer, undefined],
      ] as const) {
        const response = await get(path, token, reason).expect(200);
        expect({ path, leaked: containsAny(JSON.stringify(response.body), values) }).toEqual({
          path,
          leaked: [],
        });
      }
    });

    it('the hash chains of the incident and of the subject still verify', async () => {
      const store = running.app.get<EventStore>(EVENT_STORE);
      expect(await store.verifyStream(`incident-${incidentId}`)).toEqual({ ok: true, events: 2 });
      expect(await store.verifyStream(`subject-${subjectRef}`)).toEqual({ ok: true, events: 1 });
    });

    it('an erased subject cannot be restricted any more: 422', async () => {
      await post(`/subjects/${subjectRef}/restriction`, { reason: 'too late' }, operator).expect(422);
    });
  });
});

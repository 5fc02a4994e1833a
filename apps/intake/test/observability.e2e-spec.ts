/**
 * Issue 9, end to end with intake and triage in-process against the real PostgreSQL and Kafka: one trace id runs
 * from `POST /incidents` through intake's store and relay, Kafka, and triage's consumer and store; `/metrics` and
 * `/health/ready` show what DESIGN §8 asks for; and the log lines of the whole run carry no personal data.
 */
import { TOPICS } from '@rcrp/events';
import { expectOneTraceAcross, installInMemoryTracing, tracesOfIncident } from '@rcrp/observability';
import { uniqueName, waitFor, watchTopic, type TopicWatch, bootService, RunningService } from '@rcrp/testing';
import { Writable } from 'node:stream';
import request from 'supertest';
import { TriageModule } from '../../triage/src/triage.module';
import { IntakeModule } from '../src/intake.module';

// Installed before the services boot, so they share it (DESIGN §8: the trace crosses both).
const spans = installInMemoryTracing();

/** Every log line of both services, as written (pino JSON). */
const logLines: string[] = [];
const logCapture = new Writable({
  write(chunk: Buffer, _encoding, done) {
    logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  },
});

const PERSONAL = {
  name: 'Obs Testperson-Ŧ',
  dateOfBirth: '1987-02-19',
  summary: 'Sitting on the parapet of the observability bridge, distressed.',
  description: 'Observability bridge, east steps',
  reason: 'Withdrawn because of the observability rehearsal note',
};

function reportBody() {
  return {
    source: { system: 'met-cad', externalRef: uniqueName('OBS', '-') },
    reportedAt: new Date().toISOString(),
    officer: { id: 'PC-4821', force: 'MPS' },
    location: { kind: 'public-place', description: PERSONAL.description, borough: 'Lambeth' },
    category: 'concern-for-welfare',
    subject: { name: PERSONAL.name, dateOfBirth: PERSONAL.dateOfBirth, sex: 'female', ethnicity: 'white' },
    presentingConcerns: ['suicidal-ideation'],
    summary: PERSONAL.summary,
  };
}

describe('observability (e2e: intake and triage in-process, real PostgreSQL and Kafka)', () => {
  let intake: RunningService;
  let triage: RunningService;
  let triageTopic: TopicWatch;
  let officer: string;
  let incidentId: string;

  beforeAll(async () => {
    const env = { LOG_LEVEL: 'debug' };
    intake = await bootService('intake', (config) => IntakeModule.forConfig(config), {
      env,
      logDestination: logCapture,
    });
    triage = await bootService('triage', (config) => TriageModule.forConfig(config), {
      env,
      logDestination: logCapture,
    });
    triageTopic = await watchTopic(TOPICS.triageEvents);
    officer = await intake.token('officer', 'PC-4821');

    const response = await request(intake.baseUrl)
      .post('/incidents')
      .set('Authorization', `Bearer ${officer}`)
      .send(reportBody());
    expect(response.status).toBe(201);
    incidentId = response.body.incidentId;
    await triageTopic.waitFor((message) => message.key === incidentId, 1, 30_000);
  });

  afterAll(async () => {
    await triageTopic?.stop();
    await triage?.close();
    await intake?.close();
  });

  it('one trace id covers the request, the store, the relay, Kafka and the triage consumer', async () => {
    const expected = {
      intake: ['POST /incidents', 'event-store append', `${TOPICS.intakeEvents} publish`],
      triage: [`${TOPICS.intakeEvents} process`, 'event-store append', `${TOPICS.triageEvents} publish`],
    };
    const complete = () => {
      const trace = expectOneTraceAcross(spans.getFinishedSpans(), incidentId, ['intake', 'triage']);
      const done = Object.entries(expected).every(([service, names]) =>
        names.every((name) => trace.services[service]?.includes(name)),
      );
      return done ? trace : null;
    };
    // Spans end when their work does: the relay's publish span only after the broker's ack, which may come after
    // triage already consumed the record. Wait for all of them; on timeout, fail with what was found.
    await waitFor(
      () => {
        try {
          return complete();
        } catch {
          return null;
        }
      },
      { timeoutMs: 10_000, description: 'spans of intake and triage for the incident' },
    ).catch(() => undefined);
    const trace = expectOneTraceAcross(spans.getFinishedSpans(), incidentId, ['intake', 'triage']);
    expect(trace.services.intake).toEqual(expect.arrayContaining(expected.intake));
    expect(trace.services.triage).toEqual(expect.arrayContaining(expected.triage));
  });

  it('stores the request trace in the event metadata and sends the publish span as the Kafka header', async () => {
    const message = (await triageTopic.waitFor((m) => m.key === incidentId, 1))[0];
    const envelope = JSON.parse(message.value ?? '{}');
    const traceId = tracesOfIncident(spans.getFinishedSpans(), incidentId)[0].traceId;
    expect(envelope.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    expect(message.headers.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    // The header is the relay's publish span, a child of the stored one, not a copy of it.
    expect(message.headers.traceparent).not.toBe(envelope.traceparent);
  });

  it('GET /metrics (no token) has the request histogram, appends, conflicts, relay, consumer, DLQ, projection, deadline and process metrics', async () => {
    const withdraw = (version: string) =>
      request(intake.baseUrl)
        .post(`/incidents/${incidentId}/withdrawal`)
        .set('Authorization', `Bearer ${officer}`)
        .set('If-Match', version)
        .send({ reason: PERSONAL.reason });
    expect((await withdraw('"7"')).status).toBe(409);

    const text = (await request(intake.baseUrl).get('/metrics').expect(200)).text;
    expect(text).toMatch(
      /rcrp_http_request_duration_seconds_count\{service="intake",method="POST",route="\/incidents",status="201"\} [1-9]/,
    );
    expect(text).toMatch(/rcrp_events_appended_total\{stream_type="incident",service="intake"\} [1-9]/);
    expect(text).toMatch(/rcrp_append_conflicts_total\{stream_type="incident",service="intake"\} [1-9]/);
    expect(text).toMatch(/rcrp_relay_pending_events\{service="intake"\} \d+/);
    expect(text).toMatch(/rcrp_relay_oldest_pending_age_seconds\{service="intake"\} [\d.]+/);
    expect(text).toMatch(/rcrp_projection_lag_events\{projection="incident_list",service="intake"\} \d+/);
    expect(text).toContain('# TYPE rcrp_deadline_events_emitted_total counter');
    expect(text).toMatch(/process_resident_memory_bytes\{service="intake"\} \d+/);
    expect(text).toMatch(/nodejs_eventloop_lag_seconds\{service="intake"\} [\d.e-]+/);
    expect(text).toMatch(
      /rcrp_dlq_messages_total\{consumer="inbound-reports",reason="invalid-message",service="intake"\} \d+/,
    );
    expect(text).toMatch(/rcrp_projection_stalled\{projection="incident_list",service="intake"\} 0/);

    const triageText = (await request(triage.baseUrl).get('/metrics').expect(200)).text;
    expect(triageText).toMatch(
      new RegExp(
        `rcrp_consumer_lag\\{consumer="intake-events",topic="${TOPICS.intakeEvents.replace(/\./g, '\\.')}",partition="\\d+",service="triage"\\} \\d+`,
      ),
    );
    expect(triageText).toMatch(/rcrp_events_appended_total\{stream_type="triage",service="triage"\} [1-9]/);
  });

  it('/health/ready names relay-lag, consumer-lag, projections, invalid-internal-events and parked-incidents beside database and kafka', async () => {
    const report = (await request(triage.baseUrl).get('/health/ready').expect(200)).body;
    expect(Object.keys(report.checks).sort()).toEqual([
      'consumer-lag',
      'database',
      'invalid-internal-events',
      'kafka',
      'parked-incidents',
      'projections',
      'relay-lag',
    ]);
    expect(report.checks['parked-incidents']).toMatchObject({
      details: { counts: { 'intake-events': expect.any(Number) } },
    });
    expect(report.checks.projections).toMatchObject({ status: 'up', details: { stalled: [] } });
    expect(report.checks['invalid-internal-events']).toMatchObject({
      status: 'up',
      details: { counts: { 'intake-events': 0 } },
    });
    expect(report.checks['relay-lag']).toMatchObject({
      status: 'up',
      details: { pending: expect.any(Number) },
    });
    expect(report.checks['consumer-lag']).toMatchObject({ status: 'up' });
  });

  it('logs JSON lines with service, trace id and incident id, and none of the personal data the run sent', async () => {
    // A refused body quotes nothing back into the log either.
    await request(intake.baseUrl)
      .post('/incidents')
      .set('Authorization', `Bearer ${officer}`)
      .send({ ...reportBody(), category: PERSONAL.name });
    const requestLine = logLines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((line) => line.message === 'request completed' && line.incidentId === incidentId);
    expect(requestLine).toMatchObject({
      service: 'intake',
      traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect(logLines.length).toBeGreaterThan(5);
    const all = logLines.join('\n');
    for (const value of Object.values(PERSONAL)) expect(all).not.toContain(value);
    expect(all).not.toMatch(/authorization|bearer/i);
  });
});

import { EventStore, type NewEvent } from '@rcrp/event-store';
import { upcast, validateEnvelope } from '@rcrp/events';
import { SAMPLE_EVENT_DATA } from '@rcrp/events/testing/sample-events';
import { withTransaction } from '@rcrp/database';
import { envelopeDecoder, silentLogger } from '@rcrp/messaging';
import { applyConsumedEvent, liveTable, ProjectionRunner, projectionTableMigration } from '@rcrp/projections';
import { incidentListProjection } from '../apps/intake/src/projections/incident-list.projection';
import { incidentContextProjection } from '../apps/outcomes/src/context/incident-context.projection';
import { caseTimelineProjection } from '../apps/outcomes/src/timeline/case-timeline.projection';
import { triageAdviceProjection } from '../apps/triage/src/projections/triage-advice.projection';
import { triageCallsProjection } from '../apps/triage/src/projections/triage-calls.projection';
import { createTestSchema, eventSourcingTables, type TestSchema } from '@rcrp/testing';
import { v7 as uuidv7 } from 'uuid';

/**
 * Issue 15: events that the closed validation gaps let in are in users' stores for good. Stored here exactly as the
 * old code stored them (the store itself does not validate), they must apply cleanly to the read models of their own
 * service and to the consumers of the other services, instead of stalling or dead-lettering.
 */
jest.setTimeout(60_000);

describe('events stored before issue 15 (PostgreSQL)', () => {
  let db: TestSchema;
  let store: EventStore;
  const incidentId = uuidv7();

  const envelope = (streamType: 'incident' | 'triage', type: string, data: unknown): NewEvent => ({
    eventId: uuidv7(),
    type,
    schemaVersion: 1,
    incidentId,
    streamId: `${streamType}-${incidentId}`,
    // The report's own time, as intake used it for occurredAt.
    occurredAt: (data as { reportedAt?: string }).reportedAt ?? '2026-11-23T21:05:00Z',
    actor: { id: 'RN-104', role: 'clinician' },
    correlationId: uuidv7(),
    causationId: null,
    traceparent: null,
    subjectRef: null,
    data,
  });

  beforeAll(async () => {
    const projections = [
      incidentListProjection,
      triageAdviceProjection,
      triageCallsProjection,
      incidentContextProjection,
      caseTimelineProjection,
    ];
    db = await createTestSchema('historic', 'rcrp_intake', {
      migrations: (ctx) => [
        ...eventSourcingTables(ctx),
        ...projections.map((projection, index) =>
          projectionTableMigration(ctx, projection, 1767225900000 + index),
        ),
      ],
    });
    store = new EventStore({ pool: db.appPool, schema: db.schema, upcast });
    const report = SAMPLE_EVENT_DATA.IncidentReported;
    await store.append(`incident-${incidentId}`, 'no-stream', [
      envelope('incident', 'IncidentReported', {
        ...report,
        incidentId,
        reportedAt: '2026-02-30T10:00:00Z',
        // From dateOfBirth 1800-01-01 at report time.
        subject: { ...report.subject, dateOfBirth: '1800-01-01', ageYears: 226 },
      }),
    ]);
    await store.append(`triage-${incidentId}`, 'no-stream', [
      envelope('triage', 'CallQueued', { ...SAMPLE_EVENT_DATA.CallQueued, incidentId }),
      envelope('triage', 'AdviceGiven', { ...SAMPLE_EVENT_DATA.AdviceGiven, incidentId, clinicianId: null }),
    ]);
  });
  afterAll(() => db.drop());

  const rows = async (name: string) =>
    (await db.appPool.query(`SELECT * FROM ${liveTable(db.schema, name)}`)).rows;

  it("apply to their own service's read models (incident_list, triage_advice), which do not stall", async () => {
    const runner = new ProjectionRunner({
      schema: db.schema,
      pool: db.appPool,
      events: store,
      projections: [incidentListProjection, triageAdviceProjection],
      logger: silentLogger,
    });
    await runner.catchUp();
    expect(runner.status().map((status) => [status.name, status.failure])).toEqual([
      ['incident_list', null],
      ['triage_advice', null],
    ]);

    const [listed] = await rows('incident_list');
    // The impossible report time falls back to when intake recorded the report; the age is unknown, not 226.
    expect(listed.reported_at).toEqual(listed.recorded_at);
    expect(listed.age_band).toBe('unknown');
    const [advice] = await rows('triage_advice');
    expect(advice.clinician_id).toBe('RN-104');
  });

  it("are accepted by the other services' consumers, repaired and marked, not dead-lettered", async () => {
    // As the relay publishes them: the stored bytes, not upcast.
    const published = (await store.readAll(null, 100, { decode: false })).events.map(({ event }) => event);
    const decode = envelopeDecoder(validateEnvelope);
    const decoded = published.map((event) => decode(Buffer.from(JSON.stringify(event)), {}));
    expect(decoded.map((outcome) => outcome.ok)).toEqual([true, true, true]);

    await withTransaction(db.appPool, async (tx) => {
      for (const outcome of decoded) {
        if (!outcome.ok) continue;
        for (const projection of [incidentContextProjection, caseTimelineProjection])
          await applyConsumedEvent(tx, db.schema, projection, outcome.value);
      }
    });
    const [context] = await rows('incident_context');
    const reported = published[0];
    expect(context.reported_at).toEqual(new Date(reported.recordedAt));
    expect(context.subject_age_years).toBeNull();
    const timeline = await rows('case_timeline');
    const advice = timeline.find((row) => row.envelope.type === 'AdviceGiven');
    expect(advice.envelope.data).toMatchObject({ clinicianId: 'RN-104', clinicianIdFromActor: true });
    const report = timeline.find((row) => row.envelope.type === 'IncidentReported');
    expect(report.envelope.data).toMatchObject({ reportedAtInvalid: true, ageYearsInvalid: true });
  });
});

/**
 * Issue 16, point 3: the live queue and the detention board as Server-Sent Events streams (bearer token, the roles
 * of the plain reads): a snapshot on connect, one event per change pushed from the projections, `id:` with
 * `Last-Event-ID` resume. Real intake, triage and outcomes, Kafka and PostgreSQL. (How fast a new call arrives is
 * measured by the benchmark, not asserted here.)
 */
import { bootService, openEventStream, RunningService, waitFor, type OpenEventStream } from '@rcrp/testing';
import request from 'supertest';
import { IntakeModule } from '../../apps/intake/src/intake.module';
import { OutcomesModule } from '../../apps/outcomes/src/outcomes.module';
import { TriageModule } from '../../apps/triage/src/triage.module';

jest.setTimeout(120_000);

const keyOf = (data: unknown) =>
  (data as { incidentId?: string; key?: string }).incidentId ?? (data as { key: string }).key;

describe('live queue and detention board (Server-Sent Events, real services)', () => {
  const services = {} as Record<'intake' | 'triage' | 'outcomes', RunningService>;
  let officer: string;
  let nurse: string;
  const streams: OpenEventStream[] = [];

  const post = (service: RunningService, path: string, token: string, body: object) =>
    request(service.baseUrl).post(path).set('Authorization', `Bearer ${token}`).send(body);
  const open = async (
    service: RunningService,
    path: string,
    token: string,
    headers: Record<string, string> = {},
  ) => {
    const stream = await openEventStream(`${service.baseUrl}${path}`, {
      authorization: `Bearer ${token}`,
      ...headers,
    });
    streams.push(stream);
    return stream;
  };
  const report = async () => {
    const reported = await post(services.intake, '/incidents', officer, {
      reportedAt: new Date().toISOString(),
      officer: { id: 'PC-4821', force: 'MPS' },
      location: { kind: 'public-place', borough: 'Camden' },
      category: 'concern-for-welfare',
      subject: { name: 'Ivy Streamperson', dateOfBirth: '1992-09-09' },
      presentingConcerns: ['distress'],
      summary: 'On the canal towpath, distressed.',
    });
    expect(reported.status).toBe(201);
    return reported.body.incidentId as string;
  };

  beforeAll(async () => {
    [services.intake, services.triage, services.outcomes] = await Promise.all([
      bootService('intake', (config) => IntakeModule.forConfig(config)),
      bootService('triage', (config) => TriageModule.forConfig(config)),
      bootService('outcomes', (config) => OutcomesModule.forConfig(config)),
    ]);
    officer = await services.intake.token('officer', 'PC-4821');
    nurse = await services.intake.token('clinician', 'RN-0042');
  });

  afterAll(async () => {
    for (const stream of streams) stream.close();
    await Promise.all(Object.values(services).map((service) => service?.close()));
  });

  it('needs a token, and a role of the plain read', async () => {
    const anonymous = await openEventStream(`${services.triage.baseUrl}/triage/queue/stream`);
    anonymous.close();
    expect(anonymous.status).toBe(401);
    const wrongRole = await open(services.triage, '/triage/queue/stream', officer);
    expect(wrongRole.status).toBe(403);
  });

  it('the queue stream starts with a snapshot, then pushes a new call, then its leaving the queue', async () => {
    const stream = await open(services.triage, '/triage/queue/stream', nurse);
    expect(stream.status).toBe(200);
    expect(stream.contentType).toMatch(/^text\/event-stream/);
    const snapshot = await stream.next((event) => event.event === 'snapshot');
    expect(snapshot.id).toMatch(/^\w+-\d+$/);
    expect((snapshot.data as { items: unknown[] }).items).toEqual(expect.any(Array));

    const incidentId = await report();
    const added = await stream.next((event) => event.event === 'added' && keyOf(event.data) === incidentId);
    expect(added.data).toMatchObject({ incidentId, borough: 'Camden', officerId: 'PC-4821', priority: 10 });

    expect(
      (await post(services.triage, `/triage/${incidentId}/answer`, nurse, { profession: 'registered-nurse' }))
        .status,
    ).toBe(200);
    const removed = await stream.next(
      (event) => event.event === 'removed' && keyOf(event.data) === incidentId,
    );
    expect(Number(removed.id!.split('-')[1])).toBeGreaterThan(Number(added.id!.split('-')[1]));

    // A client that saw `added` and then lost the connection gets exactly what it missed.
    const resumed = await open(services.triage, '/triage/queue/stream', nurse, {
      'last-event-id': added.id!,
    });
    const first = await resumed.next(() => true);
    expect(first.event).not.toBe('snapshot');
    await resumed.next((event) => event.event === 'removed' && keyOf(event.data) === incidentId);
  });

  it('the detention board stream pushes a detention when it starts and when the clock starts', async () => {
    const board = await open(services.outcomes, '/detentions/active/stream', officer);
    expect(board.status).toBe(200);
    await board.next((event) => event.event === 'snapshot');
    const incidentId = await report();
    await waitFor(
      async () =>
        (
          await request(services.triage.baseUrl)
            .get(`/triage/${incidentId}`)
            .set('Authorization', `Bearer ${nurse}`)
            .set('X-Access-Reason', 'e2e: live streams')
        ).status === 200,
      { timeoutMs: 20_000, description: 'the call queued' },
    );
    for (const [path, body] of [
      ['answer', { profession: 'registered-nurse' }],
      [
        'advice',
        { profession: 'registered-nurse', recommendation: 'consider-section-136', rationale: 'Agreed.' },
      ],
    ] as const) {
      expect((await post(services.triage, `/triage/${incidentId}/${path}`, nurse, body)).status).toBe(200);
    }
    await waitFor(
      async () => {
        const known = await request(services.outcomes.baseUrl)
          .get(`/outcomes/${incidentId}`)
          .set('Authorization', `Bearer ${officer}`)
          .set('X-Access-Reason', 'e2e: live streams');
        return known.status === 200 && known.body.incident?.advice?.length === 1;
      },
      { timeoutMs: 20_000, description: 'outcomes to know the advice' },
    );
    const outcome = (path: string, body: object) =>
      post(services.outcomes, `/outcomes/${incidentId}/${path}`, officer, body);
    expect((await outcome('section-136/detention', {})).status).toBe(200);
    const added = await board.next((event) => event.event === 'added' && keyOf(event.data) === incidentId);
    expect(added.data).toMatchObject({ incidentId, clockStartedAt: null });
    expect(
      (
        await outcome('section-136/place-of-safety', {
          kind: 'health-based-place-of-safety',
          name: 'Maudsley HBPoS',
        })
      ).status,
    ).toBe(200);
    expect((await outcome('section-136/arrival', {})).status).toBe(200);
    const started = await board.next(
      (event) =>
        event.event === 'updated' &&
        keyOf(event.data) === incidentId &&
        (event.data as { clockStartedAt: string | null }).clockStartedAt !== null,
    );
    expect(started.data).toMatchObject({ placeOfSafety: { kind: 'health-based-place-of-safety' } });
    expect((started.data as { deadline: string }).deadline).toEqual(expect.any(String));
  });
});

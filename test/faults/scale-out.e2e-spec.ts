/**
 * Issue 20, point 3: nothing in a service may assume it is the only instance (DESIGN §8). Two real processes of each
 * service (as `npm start -- --instances 2` runs them) share the test database and broker while reports arrive at
 * both intakes and clinicians answer and advise on both triages; detention warnings fall due on both outcomes'
 * schedulers. Mid-stream one instance of each is killed with SIGKILL (no shutdown hook runs) and later started
 * again. Afterwards every acknowledged report is one incident, one call and one outcome context; every advice given
 * is in outcomes' context exactly once; every deadline notice was emitted exactly once; at no moment did two relays
 * of one service hold its lock; no record was dead-lettered or parked, so the consumer groups' rebalances applied
 * none twice (the inbox) and skipped none.
 */
import { TOPICS } from '@rcrp/events';
import { testOwnerUrl, waitFor, watchTopic, type TopicWatch } from '@rcrp/testing';
import { Pool } from 'pg';
import { startServiceProcess, type ServiceProcess } from './support/service-process';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const iso = (ms: number) => new Date(ms).toISOString();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const SERVICES = ['intake', 'triage', 'outcomes'] as const;
type Service = (typeof SERVICES)[number];
/** Notices come due at once: the outcomes schedulers tick every 200 ms. */
const SERVICE_ENV: Record<Service, Record<string, string>> = {
  intake: {},
  triage: {},
  outcomes: { DETENTION_SCHEDULER_INTERVAL_MS: '200' },
};

interface Answer {
  status: number | 'network';
  body: string;
}

function reportBody(reportedAtMs: number) {
  return {
    reportedAt: iso(reportedAtMs),
    officer: { id: 'PC-2201', force: 'MPS' },
    location: { kind: 'public-place', description: 'Scale-out test bridge', borough: 'Lambeth' },
    category: 'concern-for-welfare',
    subject: { name: 'Scale Testperson', dateOfBirth: '1984-02-01', sex: 'female', ethnicity: 'white' },
    // No concern: priority 0, below every call other suites look for in the shared test queue.
    presentingConcerns: [],
    summary: 'Reported while instances come and go.',
  };
}

describe('two instances of every service, one of each killed with SIGKILL mid-stream and restarted', () => {
  /** The two instances of each service; a killed one is replaced by its restart. */
  const instances: Record<Service, ServiceProcess[]> = { intake: [], triage: [], outcomes: [] };
  /** Which instances take requests now (a killed one does not, until its restart is ready). */
  const serving: Record<Service, boolean[]> = { intake: [], triage: [], outcomes: [] };
  let owner: Pool;
  let intakeTopic: TopicWatch;
  let deadLetters: TopicWatch[];
  let officer: string;
  let clinician: string;
  const accepted: string[] = [];
  const advised = new Set<string>();
  const detentions: string[] = [];
  /** Relay lock holders per service, sampled every 200 ms through the run. */
  const relayHolders: Array<Record<Service, number>> = [];
  let firstPids: number[];
  let restartedPids: number[];

  async function call(
    service: ServiceProcess,
    method: 'GET' | 'POST',
    path: string,
    token: string,
    body?: unknown,
  ): Promise<Answer> {
    try {
      const response = await fetch(`${service.baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'x-access-reason': 'scale-out test: checking the case',
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
      return { status: response.status, body: await response.text() };
    } catch {
      return { status: 'network', body: '' };
    }
  }

  /** The next serving instance of a service, round robin. */
  let turn = 0;
  function any(service: Service): ServiceProcess {
    const live = instances[service].filter((_, index) => serving[service][index]);
    turn += 1;
    return live[turn % live.length];
  }

  /** A request sent to any serving instance until one answers with one of `done` (or the time is up). */
  async function untilAnswered(
    service: Service,
    path: string,
    token: string,
    body: unknown,
    done: (answer: Answer) => boolean,
  ): Promise<Answer> {
    const until = Date.now() + 60_000;
    for (;;) {
      const answer = await call(any(service), 'POST', path, token, body);
      if (done(answer) || Date.now() > until) return answer;
      await sleep(200);
    }
  }

  async function start(service: Service): Promise<ServiceProcess> {
    return startServiceProcess(service, SERVICE_ENV[service]);
  }

  async function relayLockHolders(): Promise<Record<Service, number>> {
    const { rows } = await owner.query<{ service: Service; holders: number }>(
      `SELECT s.service, count(l.pid)::int AS holders
         FROM unnest($1::text[]) AS s(service)
         LEFT JOIN pg_locks l
           ON l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND ((l.classid::bigint << 32) | l.objid::bigint) = hashtextextended('rcrp:outbox:' || s.service, 0)
        GROUP BY s.service`,
      [SERVICES],
    );
    return Object.fromEntries(rows.map((row) => [row.service, row.holders])) as Record<Service, number>;
  }

  /** Waits until both outcomes instances answer for the incident (their consumer group applied its report). */
  async function knownToOutcomes(incidentId: string): Promise<void> {
    await waitFor(
      async () => {
        const answers = await Promise.all(
          instances.outcomes.map((outcomes) => call(outcomes, 'GET', `/outcomes/${incidentId}`, officer)),
        );
        return answers.every((answer) => answer.status === 200);
      },
      // A group that gains a member stops for the rebalance (kafkajs' default session timeout is 30 s).
      { timeoutMs: 90_000, description: 'outcomes to know the incident' },
    );
  }

  /** A running detention whose 2-hour warning falls due `dueInMs` from now. */
  async function detention(dueInMs: number): Promise<string> {
    const t0 = Date.now() - 23 * HOUR + dueInMs;
    const reported = await call(any('intake'), 'POST', '/incidents', officer, reportBody(t0));
    expect(reported.status).toBe(201);
    const { incidentId } = JSON.parse(reported.body) as { incidentId: string };
    await knownToOutcomes(incidentId);
    const at = (minutes: number) => iso(t0 + minutes * MINUTE);
    const outcomes = any('outcomes');
    for (const [path, body] of [
      ['consultation', { profession: 'registered-nurse', clinicianId: 'RN-2201', at: at(10) }],
      ['detention', { at: at(15) }],
      ['place-of-safety', { kind: 'health-based-place-of-safety', name: 'Scale-out HBPoS', at: at(20) }],
      ['conveyance', { mode: 'ambulance', at: at(25) }],
      ['arrival', { at: at(60) }],
    ] as const) {
      const answer = await call(
        outcomes,
        'POST',
        `/outcomes/${incidentId}/section-136/${path}`,
        officer,
        body,
      );
      expect({ path, status: answer.status }).toEqual({ path, status: 200 });
    }
    return incidentId;
  }

  /** A clinician answers the incident's call and gives advice, on whichever triage instance serves. */
  async function clinicianActs(incidentId: string): Promise<void> {
    const answered = await untilAnswered(
      'triage',
      `/triage/${incidentId}/answer`,
      clinician,
      { profession: 'registered-nurse' },
      // Already answered: a first answer whose response was lost with a killed instance.
      (answer) => answer.status === 200 || answer.status === 201 || /ALREADY-ANSWERED/.test(answer.body),
    );
    if (answered.status === 'network' || answered.status >= 300) {
      if (!/ALREADY-ANSWERED/.test(answered.body)) return;
    }
    const advice = await untilAnswered(
      'triage',
      `/triage/${incidentId}/advice`,
      clinician,
      {
        profession: 'registered-nurse',
        recommendation: 'refer-to-crisis-team',
        rationale: 'Scale-out test.',
      },
      (answer) => answer.status === 200 || answer.status === 201,
    );
    if (advice.status === 200 || advice.status === 201) advised.add(incidentId);
  }

  beforeAll(async () => {
    owner = new Pool({ connectionString: testOwnerUrl(), max: 2 });
    // Two of each, the second of each started once the first is up (six cold starts at once on two cores crawl).
    const first = await Promise.all(SERVICES.map(start));
    const second = await Promise.all(SERVICES.map(start));
    for (const [index, service] of SERVICES.entries()) {
      instances[service] = [first[index], second[index]];
      serving[service] = [true, true];
    }
    firstPids = first.map((process) => process.pid);
    intakeTopic = await watchTopic(TOPICS.intakeEvents);
    deadLetters = await Promise.all(
      [TOPICS.intakeEvents, TOPICS.triageEvents].map((topic) => watchTopic(`${topic}.dlq`)),
    );
    officer = await first[0].token('officer', 'PC-2201');
    clinician = await first[0].token('clinician', 'RN-2201');
    // Every consumer group has settled with its two members before the stream starts.
    const warmUp = await call(any('intake'), 'POST', '/incidents', officer, reportBody(Date.now() - MINUTE));
    expect(warmUp.status).toBe(201);
    const warmUpId = (JSON.parse(warmUp.body) as { incidentId: string }).incidentId;
    await knownToOutcomes(warmUpId);
    accepted.push(warmUpId);

    let running = true;
    const sampler = (async () => {
      while (running) {
        relayHolders.push(await relayLockHolders());
        await sleep(200);
      }
    })();
    const actions: Array<Promise<void>> = [];
    // Reports at about 10/s to both intakes; every third is answered and advised on either triage.
    const load = (async () => {
      const inFlight: Array<Promise<void>> = [];
      for (let index = 0; running; index += 1) {
        inFlight.push(
          call(any('intake'), 'POST', '/incidents', officer, reportBody(Date.now() - MINUTE)).then(
            (answer) => {
              if (answer.status !== 201) return;
              const { incidentId } = JSON.parse(answer.body) as { incidentId: string };
              accepted.push(incidentId);
              if (accepted.length % 3 === 0) actions.push(clinicianActs(incidentId));
            },
          ),
        );
        await sleep(100);
      }
      await Promise.all(inFlight);
    })();

    try {
      // Warnings falling due before, at and after the kill: both schedulers race for each.
      detentions.push(...(await Promise.all([detention(3_000), detention(6_000), detention(12_000)])));
      await sleep(2_000);
      for (const service of SERVICES) serving[service][0] = false;
      await Promise.all(SERVICES.map((service) => instances[service][0].kill()));
      await sleep(4_000);
      const restarted = await Promise.all(SERVICES.map(start));
      restartedPids = restarted.map((process) => process.pid);
      for (const [index, service] of SERVICES.entries()) {
        instances[service][0] = restarted[index];
        serving[service][0] = true;
      }
      // Traffic for the restarted instances too, and time for the groups to settle.
      await sleep(6_000);
    } finally {
      running = false;
      await load;
      await Promise.all(actions);
      await sampler;
    }
  }, 600_000);

  afterAll(async () => {
    // Withdraw the burst, whatever the test's outcome, so it does not crowd the shared test queue.
    const clean = [...accepted, ...detentions];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let id = clean.pop(); id; id = clean.pop())
          await call(any('intake'), 'POST', `/incidents/${id}/withdrawal`, officer, {
            reason: 'test clean-up',
          });
      }),
    );
    await intakeTopic?.stop();
    await Promise.all((deadLetters ?? []).map((watch) => watch.stop()));
    await Promise.all(SERVICES.flatMap((service) => instances[service].map((process) => process.stop())));
    await owner?.end();
  }, 120_000);

  it('the killed instances were really gone and came back as new processes; every instance is ready', async () => {
    expect(restartedPids.filter((pid) => firstPids.includes(pid))).toEqual([]);
    for (const service of SERVICES)
      for (const process of instances[service]) {
        expect({ service, alive: process.alive() }).toEqual({ service, alive: true });
        await waitFor(() => process.ready(), { timeoutMs: 30_000, description: `${service} ready` });
      }
    expect(accepted.length).toBeGreaterThan(100);
    expect(advised.size).toBeGreaterThan(10);
  });

  it('at no moment did two relays of one service publish: one lock holder at most, and one again at the end', () => {
    expect(relayHolders.length).toBeGreaterThan(50);
    for (const service of SERVICES) {
      expect({ service, most: Math.max(...relayHolders.map((sample) => sample[service])) }).toEqual({
        service,
        most: 1,
      });
      expect({ service, last: relayHolders.at(-1)![service] }).toEqual({ service, last: 1 });
    }
  });

  it('every acknowledged report is one incident, stored once and published', async () => {
    const stored = await owner.query<{ stream_id: string; n: number }>(
      `SELECT stream_id, count(*)::int AS n FROM intake.events
        WHERE type = 'IncidentReported' AND stream_id = ANY($1::text[]) GROUP BY stream_id`,
      [accepted.map((id) => `incident-${id}`)],
    );
    expect(stored.rows).toHaveLength(accepted.length);
    expect(stored.rows.filter((row) => row.n !== 1)).toEqual([]);
    await waitFor(
      () => {
        const published = new Set(intakeTopic.messages.map((message) => message.key));
        return accepted.every((id) => published.has(id));
      },
      { timeoutMs: 60_000, description: 'every report on the intake topic' },
    );
  });

  it('every report is one call in triage', async () => {
    const calls = await waitFor(
      async () => {
        const { rows } = await owner.query<{ stream_id: string; n: number }>(
          `SELECT stream_id, count(*)::int AS n FROM triage.events
            WHERE type = 'CallQueued' AND stream_id = ANY($1::text[]) GROUP BY stream_id`,
          [accepted.map((id) => `triage-${id}`)],
        );
        return rows.length === accepted.length ? rows : null;
      },
      { timeoutMs: 60_000, description: 'a call for every report' },
    );
    expect(calls.filter((row) => row.n !== 1)).toEqual([]);
  });

  it('every report is one outcome context, holding each advice triage recorded exactly once', async () => {
    await waitFor(
      async () => {
        const { rows } = await owner.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM outcomes.incident_context WHERE incident_id = ANY($1::uuid[])`,
          [accepted],
        );
        return rows[0].n === accepted.length;
      },
      { timeoutMs: 60_000, description: 'outcomes to know every report' },
    );
    const ids = [...advised];
    /** Each advised incident whose advice events in triage's store differ from those in outcomes' context. */
    const differences = async () => {
      const given = await owner.query<{ incident: string; event_ids: string[] }>(
        `SELECT substr(stream_id, 8) AS incident, array_agg(event_id::text ORDER BY position) AS event_ids
           FROM triage.events WHERE type = 'AdviceGiven' AND stream_id = ANY($1::text[]) GROUP BY stream_id`,
        [ids.map((id) => `triage-${id}`)],
      );
      const known = await owner.query<{ incident: string; event_ids: string[] }>(
        `SELECT incident_id::text AS incident,
                ARRAY(SELECT entry ->> 'eventId' FROM jsonb_array_elements(advice) AS entry) AS event_ids
           FROM outcomes.incident_context WHERE incident_id = ANY($1::uuid[])`,
        [ids],
      );
      const inTriage = new Map(given.rows.map((row) => [row.incident, row.event_ids]));
      const inOutcomes = new Map(known.rows.map((row) => [row.incident, row.event_ids]));
      return ids
        .map((id) => ({ id, triage: inTriage.get(id) ?? [], outcomes: inOutcomes.get(id) ?? [] }))
        .filter(
          (entry) =>
            entry.triage.length === 0 || JSON.stringify(entry.triage) !== JSON.stringify(entry.outcomes),
        );
    };
    await waitFor(async () => (await differences()).length === 0, {
      timeoutMs: 90_000,
      description: "each advice in outcomes' context once, in order",
    }).catch(() => undefined);
    expect(await differences()).toEqual([]);
  }, 240_000);

  it('every deadline warning was emitted exactly once by the two schedulers, across the kill', async () => {
    const rows = await waitFor(
      async () => {
        const { rows } = await owner.query<{ stream_id: string; n: number }>(
          `SELECT stream_id, count(*)::int AS n FROM outcomes.events
            WHERE type = 'DetentionDeadlineApproaching' AND stream_id = ANY($1::text[]) GROUP BY stream_id`,
          [detentions.map((id) => `outcome-${id}`)],
        );
        return rows.length === detentions.length ? rows : null;
      },
      { timeoutMs: 30_000, description: 'the warning of every detention' },
    );
    expect(rows.filter((row) => row.n !== 1)).toEqual([]);
  });

  it('no record of these incidents was dead-lettered or parked: none skipped, none held back', async () => {
    const ours = new Set([...accepted, ...detentions]);
    for (const watch of deadLetters)
      expect(watch.messages.filter((message) => ours.has(message.key!))).toEqual([]);
    for (const schema of ['triage', 'outcomes']) {
      const { rows } = await owner.query(
        `SELECT incident_key FROM ${schema}.parked WHERE incident_key = ANY($1)`,
        [[...ours]],
      );
      expect({ schema, parked: rows }).toEqual({ schema, parked: [] });
    }
  });
});

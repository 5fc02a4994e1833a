/**
 * Issue 21: a routine PostgreSQL restart must not take the line down. The three services run as real processes
 * (as `npm start` runs them) against the machine's real PostgreSQL and the test broker; while reports arrive over
 * HTTP, the consumers, relays and projections are busy and the detention clock has notices due, the real server
 * is restarted with `-m fast` and then with `-m immediate`. Afterwards every process is still the same process,
 * every request was answered (a 201, or a 503 with Retry-After naming the database: never a 500, never a hang),
 * every acknowledged report is stored once and published, every consumed record applied once and every deadline
 * notice emitted once. The server is started again on every exit path.
 */
import { TOPICS } from '@rcrp/events';
import { testOwnerUrl, waitFor, watchTopic, type TopicWatch } from '@rcrp/testing';
import { Pool } from 'pg';
import { ensurePostgresRunning, restartPostgres } from './support/postgres-server';
import { startServiceProcess, type ServiceProcess } from './support/service-process';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const iso = (ms: number) => new Date(ms).toISOString();
/** A request that takes longer than this has hung (the pool gives up on a connection after 2 s). */
const REQUEST_TIMEOUT_MS = 15_000;

interface Answer {
  status: number | 'timeout' | 'network';
  retryAfter: string | null;
  body: string;
}

function reportBody(reportedAtMs: number) {
  return {
    reportedAt: iso(reportedAtMs),
    officer: { id: 'PC-2101', force: 'MPS' },
    location: { kind: 'public-place', description: 'Restart test bridge', borough: 'Lambeth' },
    category: 'concern-for-welfare',
    subject: { name: 'Restart Testperson', dateOfBirth: '1985-06-01', sex: 'male', ethnicity: 'white' },
    // No concern: priority 0, below every call other suites look for in the shared test queue.
    presentingConcerns: [],
    summary: 'Reported while the database restarts.',
  };
}

describe('PostgreSQL restart under load (real server, three real service processes)', () => {
  let intake: ServiceProcess;
  let triage: ServiceProcess;
  let outcomes: ServiceProcess;
  let owner: Pool;
  let intakeTopic: TopicWatch;
  let officer: string;
  /** Every report a 201 acknowledged. */
  const accepted: string[] = [];

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
          'x-access-reason': 'restart test: checking the case',
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      return {
        status: response.status,
        retryAfter: response.headers.get('retry-after'),
        body: await response.text(),
      };
    } catch (error) {
      return {
        status: (error as Error).name === 'TimeoutError' ? 'timeout' : 'network',
        retryAfter: null,
        body: '',
      };
    }
  }

  beforeAll(async () => {
    await ensurePostgresRunning();
    // Notices come due at once: see `detention` below.
    const fastClock = { DETENTION_SCHEDULER_INTERVAL_MS: '200' };
    [intake, triage, outcomes] = await Promise.all([
      startServiceProcess('intake'),
      startServiceProcess('triage'),
      startServiceProcess('outcomes', fastClock),
    ]);
    owner = new Pool({ connectionString: testOwnerUrl(), max: 2 });
    owner.on('error', () => undefined); // the test's own pool also sees the restart
    intakeTopic = await watchTopic(TOPICS.intakeEvents);
    officer = await intake.token('officer', 'PC-2101');
  }, 240_000);

  afterAll(async () => {
    await ensurePostgresRunning();
    // Withdraw the burst, whatever the test's outcome, so it does not crowd the shared test queue.
    const clean = [...accepted];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let id = clean.pop(); id; id = clean.pop()) {
          if (intake?.alive())
            await call(intake, 'POST', `/incidents/${id}/withdrawal`, officer, { reason: 'test clean-up' });
        }
      }),
    );
    await intakeTopic?.stop();
    await owner?.end();
    await Promise.all([intake?.stop(), triage?.stop(), outcomes?.stop()]);
  }, 60_000);

  /** A running detention whose 2-hour warning is already due: arrival 22 hours ago, deadline in 2 hours. */
  async function detention(): Promise<string> {
    const t0 = Date.now() - 23 * HOUR;
    const reported = await call(intake, 'POST', '/incidents', officer, reportBody(t0));
    expect(reported.status).toBe(201);
    const { incidentId } = JSON.parse(reported.body) as { incidentId: string };
    await waitFor(
      async () => (await call(outcomes, 'GET', `/outcomes/${incidentId}`, officer)).status === 200,
      {
        timeoutMs: 30_000,
        description: 'outcomes to know the incident',
      },
    );
    const at = (minutes: number) => iso(t0 + minutes * MINUTE);
    for (const [path, body] of [
      ['consultation', { profession: 'registered-nurse', professionalId: 'RN-2101', at: at(10) }],
      ['detention', { at: at(15) }],
      ['place-of-safety', { kind: 'health-based-place-of-safety', name: 'Restart HBPoS', at: at(20) }],
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

  describe('restarted with -m fast, then -m immediate, while reports arrive at about 20/s', () => {
    let pids: number[];
    let detentions: string[];
    /** Every answer of the load, and readiness as an operator's probe saw it every 100 ms. */
    const answers: Answer[] = [];
    const readiness: Array<{ status: number | 'network'; body: string }> = [];

    beforeAll(async () => {
      pids = [intake.pid, triage.pid, outcomes.pid];
      detentions = [await detention(), await detention(), await detention()];

      // Reports at about 20/s for the whole run, each answered or timed out on its own.
      let sending = true;
      const load = (async () => {
        const inFlight: Array<Promise<void>> = [];
        while (sending) {
          inFlight.push(
            call(intake, 'POST', '/incidents', officer, reportBody(Date.now() - MINUTE)).then((answer) => {
              answers.push(answer);
              if (answer.status === 201)
                accepted.push((JSON.parse(answer.body) as { incidentId: string }).incidentId);
            }),
          );
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        await Promise.all(inFlight);
      })();
      const probe = (async () => {
        while (sending) {
          const answer = await fetch(`${intake.baseUrl}/health/ready`, {
            signal: AbortSignal.timeout(5_000),
          }).then(
            async (response) => ({ status: response.status, body: await response.text() }),
            () => ({ status: 'network' as const, body: '' }),
          );
          readiness.push(answer);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      })();

      try {
        await new Promise((resolve) => setTimeout(resolve, 3_000));
        await restartPostgres('fast');
        await new Promise((resolve) => setTimeout(resolve, 5_000));
        await restartPostgres('immediate');
        await new Promise((resolve) => setTimeout(resolve, 5_000));
      } finally {
        sending = false;
        await Promise.all([load, probe]);
        await ensurePostgresRunning();
      }
    }, 300_000);

    it('every process is back on its own within seconds: the very same process, none through its process guard', async () => {
      for (const service of [intake, triage, outcomes]) {
        await waitFor(() => service.ready(), {
          timeoutMs: 30_000,
          description: `${service.service} ready again`,
        });
      }
      expect([intake, triage, outcomes].map((service) => service.alive())).toEqual([true, true, true]);
      expect([intake.pid, triage.pid, outcomes.pid]).toEqual(pids);
      for (const service of [intake, triage, outcomes]) {
        expect({ service: service.service, guard: /process guard/.test(service.output()) }).toEqual({
          service: service.service,
          guard: false,
        });
      }
    });

    it('the outage was real and seen: readiness said 503 naming the database at least once', () => {
      expect(readiness.some((answer) => answer.status === 503 && /database/.test(answer.body))).toBe(true);
    });

    it('every request was answered: a 201, or a 503 with Retry-After naming the database or the full write budget (never a 500, never a hang)', () => {
      // While the database is down, writes wait for it; those beyond intake's write budget are refused at once as
      // over capacity (issue 18: shed load early) rather than queueing behind the outage.
      const kinds = answers.map((answer) =>
        answer.status === 503
          ? `503 retry-after=${answer.retryAfter !== null} why=${/database/i.test(answer.body) ? 'database' : /over-capacity/.test(answer.body) ? 'over-capacity' : 'unnamed'}`
          : String(answer.status),
      );
      const clear = ['201', '503 retry-after=true why=database', '503 retry-after=true why=over-capacity'];
      expect(new Set(kinds)).toEqual(new Set(kinds.filter((kind) => clear.includes(kind))));
      expect(accepted.length).toBeGreaterThan(100);
    });

    it('every acknowledged report is stored exactly once', async () => {
      expect(accepted.length).toBeGreaterThan(0);
      const stored = await owner.query<{ stream_id: string; n: number }>(
        `SELECT stream_id, count(*)::int AS n FROM intake.events
          WHERE type = 'IncidentReported' AND stream_id = ANY($1::text[]) GROUP BY stream_id`,
        [accepted.map((id) => `incident-${id}`)],
      );
      expect(stored.rows).toHaveLength(accepted.length);
      expect(stored.rows.filter((row) => row.n !== 1)).toEqual([]);
    });

    it('every acknowledged report is published', async () => {
      expect(accepted.length).toBeGreaterThan(0);
      await waitFor(
        () => {
          const published = new Set(intakeTopic.messages.map((message) => message.key));
          return accepted.every((id) => published.has(id));
        },
        { timeoutMs: 60_000, description: 'every acknowledged report on the intake topic' },
      );
    });

    it('triage consumes every report into exactly one queued call', async () => {
      expect(accepted.length).toBeGreaterThan(0);
      await waitFor(
        async () => {
          const { rows } = await owner.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM triage.events WHERE type = 'CallQueued' AND stream_id = ANY($1::text[])`,
            [accepted.map((id) => `triage-${id}`)],
          );
          return rows[0].n >= accepted.length;
        },
        { timeoutMs: 60_000, description: 'a call queued for every report' },
      );
      const calls = await owner.query<{ stream_id: string; n: number }>(
        `SELECT stream_id, count(*)::int AS n FROM triage.events
          WHERE type = 'CallQueued' AND stream_id = ANY($1::text[]) GROUP BY stream_id`,
        [accepted.map((id) => `triage-${id}`)],
      );
      expect(calls.rows.filter((row) => row.n !== 1)).toEqual([]);
    });

    it('outcomes consumes every report into one incident context', async () => {
      expect(accepted.length).toBeGreaterThan(0);
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
    });

    it('each due deadline warning is emitted exactly once, however often the clock rounds failed and ran again', async () => {
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
  });
});

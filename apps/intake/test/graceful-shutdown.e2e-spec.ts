/**
 * Issue 9: SIGTERM during a burst of requests. The real intake process (ts-node'd main.ts, as `npm start` runs it
 * but without a build) is stopped mid-burst; every request that got a 2xx must have its event stored and
 * published to Kafka, with nothing left for a later start to do.
 */
import { signDevelopmentToken } from '@rcrp/auth';
import { TOPICS } from '@rcrp/events';
import {
  freePort,
  testOwnerUrl,
  waitFor,
  watchTopic,
  type TopicWatch,
  bootService,
  testConfig,
} from '@rcrp/testing';
import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { Pool } from 'pg';
import request from 'supertest';
import { IntakeModule } from '../src/intake.module';

function reportBody(i: number) {
  return {
    reportedAt: new Date().toISOString(),
    officer: { id: 'PC-4821', force: 'MPS' },
    location: { kind: 'public-place', description: `Shutdown burst place ${i}`, borough: 'Lambeth' },
    category: 'concern-for-welfare',
    subject: { name: 'Burst Testperson', dateOfBirth: '1990-04-01', sex: 'female', ethnicity: 'white' },
    presentingConcerns: ['suicidal-ideation'],
    summary: 'Reported during a shutdown burst.',
  };
}

describe('graceful shutdown (SIGTERM during a burst; real process, PostgreSQL and Kafka)', () => {
  let child: ChildProcess | undefined;
  let owner: Pool;
  let topic: TopicWatch;
  let token: string;
  let stdout = '';
  let exit: { code: number | null; signal: NodeJS.Signals | null };
  const accepted: string[] = [];
  let refused = 0;

  // The burst happens once; each test asserts one guarantee about it.
  beforeAll(async () => {
    owner = new Pool({ connectionString: testOwnerUrl(), max: 2 });
    topic = await watchTopic(TOPICS.intakeEvents);
    const config = testConfig('intake');
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    child = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/intake/src/main.ts'],
      {
        env: {
          ...process.env,
          TS_NODE_PROJECT: 'tsconfig.json',
          NODE_ENV: 'test',
          LOG_LEVEL: 'warn',
          INTAKE_PORT: String(port),
          DATABASE_URL: config.database.url,
          DATABASE_OWNER_URL: config.database.ownerUrl,
          AUTH_JWT_SECRET: (config.auth as { secret: string }).secret,
          PERSONAL_DATA_MASTER_KEY: config.personalData.masterKey,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    await waitFor(
      async () =>
        (await fetch(`${base}/health/ready`).then(
          (r) => r.ok,
          () => false,
        )) || null,
      { timeoutMs: 90_000, intervalMs: 250, description: `intake on ${base} ready (stderr: ${stderr})` },
    );

    token = await signDevelopmentToken(config.auth, { sub: 'PC-4821', role: 'officer', ttl: '10m' });
    let sent = 0;
    const send = async (i: number) => {
      try {
        const response = await fetch(`${base}/incidents`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify(reportBody(i)),
        });
        if (response.status >= 200 && response.status < 300)
          accepted.push(((await response.json()) as { incidentId: string }).incidentId);
        else refused += 1;
      } catch {
        refused += 1; // connection refused or reset once the server stopped listening
      }
    };
    // Eight clients in parallel; SIGTERM once 20 requests went out, while the others are in flight.
    const clients = Array.from({ length: 8 }, async () => {
      while (sent < 80) {
        const i = sent++;
        if (i === 20) child!.kill('SIGTERM');
        await send(i);
      }
    });
    await Promise.all(clients);
    const [code, signal] = await exited;
    exit = { code, signal };
  }, 120_000);

  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    // Withdraw the burst so it does not crowd triage's shared test queue (its e2e reads the top of it).
    if (accepted.length > 0) {
      const intake = await bootService('intake', (c) => IntakeModule.forConfig(c));
      try {
        for (const id of accepted) {
          await request(intake.baseUrl)
            .post(`/incidents/${id}/withdrawal`)
            .set('Authorization', `Bearer ${token}`)
            .send({ reason: 'test clean-up' });
        }
      } finally {
        await intake.close();
      }
    }
    await topic?.stop();
    await owner?.end();
  }, 60_000);

  it('the process exits cleanly on SIGTERM and logs no error while it stops', () => {
    // The service's own lines (pino, stdout): no error during shutdown. kafkajs' heartbeat chatter while the
    // group rebalances on leave (stderr) is expected and not ours.
    const errors = stdout.split('\n').filter((line) => /"level":"(error|fatal)"/.test(line));
    expect(errors).toEqual([]);
    expect(exit.code === 0 || exit.signal === 'SIGTERM').toBe(true);
  });

  it('the signal landed mid-burst: the first 20 were accepted, later ones refused, each request answered once', () => {
    expect(accepted.length).toBeGreaterThanOrEqual(20);
    expect(accepted.length + refused).toBe(80);
    // The server stopped taking requests before the burst ended.
    expect(refused).toBeGreaterThan(0);
  });

  it('every 2xx has its event stored', async () => {
    expect(accepted.length).toBeGreaterThan(0);
    const stored = await owner.query<{ incident_id: string }>(
      `SELECT data->>'incidentId' AS incident_id FROM intake.events
        WHERE type = 'IncidentReported' AND stream_id = ANY($1::text[])`,
      [accepted.map((id) => `incident-${id}`)],
    );
    expect(stored.rows.map((row) => row.incident_id).sort()).toEqual([...accepted].sort());
  });

  it('every 2xx was published before the process exited', () => {
    expect(accepted.length).toBeGreaterThan(0);
    // Nothing was running that could have published them since the exit.
    const published = new Set(topic.messages.map((message) => message.key));
    expect(accepted.filter((id) => !published.has(id))).toEqual([]);
  });
});

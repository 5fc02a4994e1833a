/**
 * Personal data across the whole system (issue 11), with the three real services, the real broker and database:
 * an analyst walks every GET route of every service (from each service's own OpenAPI document) and never receives
 * a personal value; after the subject is erased, the values appear nowhere (case reads, timeline, statistics,
 * replay output), while the hash chains of the streams still verify.
 */
import { TOPICS } from '@rcrp/events';
import { runReplayCli } from '@rcrp/replay';
import { testOwnerUrl, waitFor, bootService, RunningService, TEST_MASTER_KEY } from '@rcrp/testing';
import { Writable } from 'node:stream';
import request from 'supertest';
import { IntakeModule } from '../../apps/intake/src/intake.module';
import { OutcomesModule } from '../../apps/outcomes/src/outcomes.module';
import { TriageModule } from '../../apps/triage/src/triage.module';

const UNIQUE = `Zq${Date.now().toString(36)}`;
const PERSONAL = {
  name: `Zebedee ${UNIQUE}`,
  dateOfBirth: '1987-06-05',
  summary: `${UNIQUE} summary: sitting on the parapet, says nobody would miss them.`,
  description: `${UNIQUE} flat above the launderette`,
  riskRationale: `${UNIQUE} risk rationale: prior attempt last spring.`,
  adviceRationale: `${UNIQUE} advice rationale: sister can stay overnight.`,
  dispositionNotes: `${UNIQUE} disposition notes: left with sister at her address.`,
};
const VALUES = Object.values(PERSONAL);
const REASON = { 'X-Access-Reason': 'system e2e: personal data checks' };

function captured(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  return {
    stream: new Writable({ write: (chunk, _encoding, done) => (chunks.push(Buffer.from(chunk)), done()) }),
    text: () => Buffer.concat(chunks).toString('utf8'),
  };
}

function expectNoPersonalValue(text: string, where: string) {
  for (const value of VALUES) {
    if (text.includes(value)) throw new Error(`${where} contains the personal value "${value}"`);
  }
}

describe('personal data across intake, triage and outcomes (real services, Kafka and PostgreSQL)', () => {
  const services: Record<'intake' | 'triage' | 'outcomes', RunningService> = {} as never;
  let officer: string;
  let nurse: string;
  let operator: string;
  let analyst: string;
  let incidentId: string;
  let subjectRef: string;
  const startedAt = new Date(Date.now() - 1000).toISOString();

  const call = async (
    service: RunningService,
    method: 'get' | 'post',
    path: string,
    token: string,
    body?: object,
  ) => {
    const pending = request(service.baseUrl)
      [method](path)
      .set('Authorization', `Bearer ${token}`)
      .set(REASON);
    return body ? pending.send(body) : pending;
  };

  const replay = async (args: string[]) => {
    const out = captured();
    const err = captured();
    const code = await runReplayCli(args, {
      stdout: out.stream as unknown as NodeJS.WriteStream,
      stderr: err.stream as unknown as NodeJS.WriteStream,
      env: {
        KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
        PERSONAL_DATA_MASTER_KEY: TEST_MASTER_KEY,
        DATABASE_OWNER_URL: testOwnerUrl(),
        DATABASE_URL: testOwnerUrl().replace('rcrp_owner:rcrp_owner', 'rcrp_intake:rcrp_intake'),
      },
    });
    return { code, stdout: out.text(), stderr: err.text() };
  };

  beforeAll(async () => {
    [services.intake, services.triage, services.outcomes] = await Promise.all([
      bootService('intake', (config) => IntakeModule.forConfig(config)),
      bootService('triage', (config) => TriageModule.forConfig(config)),
      bootService('outcomes', (config) => OutcomesModule.forConfig(config)),
    ]);
    officer = await services.intake.token('officer', 'PC-4821');
    nurse = await services.intake.token('clinician', 'RN-0042');
    operator = await services.intake.token('operator', 'op-7');
    analyst = await services.intake.token('analyst', 'analyst-2');

    const reported = await call(services.intake, 'post', '/incidents', officer, {
      reportedAt: new Date().toISOString(),
      officer: { id: 'PC-4821', force: 'MPS' },
      location: { kind: 'public-place', description: PERSONAL.description, borough: 'Hackney' },
      category: 'concern-for-welfare',
      subject: { name: PERSONAL.name, dateOfBirth: PERSONAL.dateOfBirth, sex: 'male', ethnicity: 'mixed' },
      presentingConcerns: ['suicidal-ideation'],
      summary: PERSONAL.summary,
    });
    expect(reported.status).toBe(201);
    incidentId = reported.body.incidentId;
    subjectRef = reported.body.events[0].data.subject.ref;
    await waitFor(
      async () => (await call(services.triage, 'get', `/triage/${incidentId}`, nurse)).status === 200,
      {
        timeoutMs: 15_000,
        description: 'the call queued in triage',
      },
    );
    for (const [path, body] of [
      ['answer', { clinicianId: 'RN-0042', profession: 'registered-nurse' }],
      [
        'risk-assessment',
        { level: 'moderate', factors: ['previous attempt'], rationale: PERSONAL.riskRationale },
      ],
      [
        'advice',
        {
          profession: 'registered-nurse',
          recommendation: 'leave-with-family-or-carer',
          rationale: PERSONAL.adviceRationale,
        },
      ],
    ] as const) {
      expect((await call(services.triage, 'post', `/triage/${incidentId}/${path}`, nurse, body)).status).toBe(
        200,
      );
    }
    await waitFor(
      async () => {
        const known = await call(services.outcomes, 'get', `/outcomes/${incidentId}`, officer);
        return known.status === 200 && known.body.incident?.advice?.length === 1;
      },
      { timeoutMs: 20_000, description: 'outcomes to know the advice' },
    );
    const disposed = await call(services.outcomes, 'post', `/outcomes/${incidentId}/disposition`, officer, {
      disposition: 'left-with-family-or-carer',
      notes: PERSONAL.dispositionNotes,
    });
    expect(disposed.status).toBe(200);
  });

  afterAll(async () => {
    await Promise.all(Object.values(services).map((service) => service?.close()));
  });

  it('before erasure, people allowed to see the record do (so the checks below can fail)', async () => {
    const intakeView = JSON.stringify(
      (await call(services.intake, 'get', `/incidents/${incidentId}`, operator)).body,
    );
    expect(intakeView).toContain(PERSONAL.name);
    const triageView = JSON.stringify(
      (await call(services.triage, 'get', `/triage/${incidentId}`, nurse)).body,
    );
    expect(triageView).toContain(PERSONAL.adviceRationale);
    const timeline = JSON.stringify(
      (await call(services.outcomes, 'get', `/cases/${incidentId}/timeline`, operator)).body,
    );
    expect(timeline).toContain(PERSONAL.dispositionNotes);
    const replayed = await replay([
      '--topic',
      TOPICS.intakeEvents,
      '--from',
      startedAt,
      '--include-personal-data',
      '--reason',
      'system e2e: before erasure',
      '--service',
      'intake',
      '--actor',
      'op-7',
    ]);
    expect(replayed.code).toBe(0);
    expect(replayed.stdout).toContain(PERSONAL.name);
  });

  it('an analyst walking every GET route of every service never receives a personal field', async () => {
    let walked = 0;
    for (const [name, service] of Object.entries(services)) {
      const document = (await request(service.baseUrl).get('/docs-json')).body as {
        paths: Record<string, Record<string, unknown>>;
      };
      for (const [template, operations] of Object.entries(document.paths)) {
        // Streams never end (Server-Sent Events): test/system/analyst-walk.e2e-spec.ts reads their snapshots.
        if (!operations.get || /^\/(health|metrics|docs)/.test(template) || template.endsWith('/stream'))
          continue;
        const path = template.replace(/\{[^}]+\}/g, (parameter) =>
          parameter === '{subjectRef}' ? subjectRef : incidentId,
        );
        for (const suffix of ['', `?from=${encodeURIComponent(startedAt)}`]) {
          const response = await call(service, 'get', `${path}${suffix}`, analyst);
          expect({ route: `${name} GET ${template}`, status: response.status < 500 }).toEqual({
            route: `${name} GET ${template}`,
            status: true,
          });
          const text = JSON.stringify(response.body) + (response.text ?? '');
          expectNoPersonalValue(text, `${name} GET ${path}${suffix} (analyst)`);
          expect(text).not.toContain(subjectRef);
          expect(text).not.toContain('enc:v1:');
          walked++;
        }
      }
    }
    expect(walked).toBeGreaterThanOrEqual(2 * 12);
  });

  describe('after erasure the values appear nowhere, and the streams still verify', () => {
    let erased: request.Response;

    beforeAll(async () => {
      erased = await call(services.intake, 'post', `/subjects/${subjectRef}/erasure`, operator, {
        legalBasis: 'UK GDPR Art. 17(1)(b)',
        reason: 'system e2e: erasure request upheld',
      });
      // Triage and outcomes delete their own keys when SubjectDataErased reaches them.
      await waitFor(
        async () => {
          const triage = JSON.stringify(
            (await call(services.triage, 'get', `/triage/${incidentId}`, operator)).body,
          );
          const outcome = JSON.stringify(
            (await call(services.outcomes, 'get', `/cases/${incidentId}/timeline`, operator)).body,
          );
          return !triage.includes(PERSONAL.adviceRationale) && !outcome.includes(PERSONAL.dispositionNotes);
        },
        { timeoutMs: 20_000, description: 'triage and outcomes to erase the subject' },
      );
    });

    it('the erasure at intake is a 200, and intake reads the subject as [erased]', async () => {
      expect(erased.status).toBe(200);
      expect(
        JSON.stringify((await call(services.intake, 'get', `/incidents/${incidentId}`, operator)).body),
      ).toContain('[erased]');
    });

    it("no read of any service holds a value, not even the operator's", async () => {
      const reads: Array<[RunningService, string]> = [
        [services.intake, `/incidents/${incidentId}`],
        [services.intake, `/incidents/${incidentId}/events`],
        [services.triage, `/triage/${incidentId}`],
        [services.outcomes, `/outcomes/${incidentId}`],
        [services.outcomes, `/cases/${incidentId}/timeline`],
        [services.outcomes, `/statistics?from=${encodeURIComponent(startedAt)}`],
        [services.outcomes, `/statistics?from=${encodeURIComponent(startedAt)}&format=csv`],
      ];
      for (const [service, path] of reads) {
        const response = await call(service, 'get', path, operator);
        expect(response.status).toBe(200);
        expectNoPersonalValue(
          JSON.stringify(response.body) + (response.text ?? ''),
          `GET ${path} (operator, after erasure)`,
        );
      }
    });

    it('a pseudonymised replay of the three topics holds the case but no value', async () => {
      const topics = [TOPICS.intakeEvents, TOPICS.triageEvents, TOPICS.outcomesEvents].flatMap((topic) => [
        '--topic',
        topic,
      ]);
      const pseudonymised = await replay([...topics, '--from', startedAt]);
      expect(pseudonymised.code).toBe(0);
      expect(pseudonymised.stdout).toContain(incidentId);
      expectNoPersonalValue(pseudonymised.stdout, 'replay output');
    });

    it("a replay of intake's topic with --include-personal-data holds no value either", async () => {
      const withPersonalData = await replay([
        '--topic',
        TOPICS.intakeEvents,
        '--from',
        startedAt,
        '--include-personal-data',
        '--reason',
        'system e2e: after erasure',
        '--service',
        'intake',
        '--actor',
        'op-7',
      ]);
      expect(withPersonalData.code).toBe(0);
      expect(withPersonalData.stdout).toContain(incidentId);
      expectNoPersonalValue(withPersonalData.stdout, 'replay output with --include-personal-data');
    });

    it("every service's streams still verify", async () => {
      for (const service of ['intake', 'triage', 'outcomes']) {
        const verified = await replay(['--verify', '--service', service]);
        expect({ service, code: verified.code, stderr: verified.stderr }).toEqual({
          service,
          code: 0,
          stderr: expect.any(String),
        });
      }
    });
  });
});

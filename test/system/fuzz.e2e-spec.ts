/**
 * Bad input, system-wide (issue 15): malformed variants of every route's body, path and query, derived from each
 * service's own OpenAPI document, sent to the real intake, triage and outcomes services (in-process, real
 * PostgreSQL and Kafka). No answer may be a 5xx, and no error answer may repeat a string the request carried.
 * Every variant a service accepted must then be accepted by its consumers (no new record on an internal topic's
 * dead-letter topic) and applied by every read model (each projection catches up, none is stalled).
 * Fixed seed, bounded count; `npm run fuzz -- --runs N` (FUZZ_RUNS, FUZZ_SEED) runs a larger set.
 */
import request from 'supertest';
import { testKafka, waitFor, waitForConsumerCaughtUp, bootService, RunningService } from '@rcrp/testing';
import { IntakeModule } from '../../apps/intake/src/intake.module';
import { OutcomesModule } from '../../apps/outcomes/src/outcomes.module';
import { TriageModule } from '../../apps/triage/src/triage.module';
import { USER_ROLES, type UserRole } from '@rcrp/auth';
import { AppConfig } from '@rcrp/config';
import { TOPICS } from '@rcrp/events';
import { consumerGroupId, ProjectionsService } from '@rcrp/runtime';
import { intakeConsumerGroup } from '../../apps/triage/src/messaging/intake-events.controller';
import { INCIDENT_FACTS_CONSUMER } from '../../apps/outcomes/src/messaging/incident-facts.controller';
import {
  enumValuesOf,
  fuzzRequests,
  operationsOf,
  type FuzzRequest,
  type OpenApiDocument,
  type Operation,
} from './support/request-fuzz';

const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const SEED = Number(process.env.FUZZ_SEED ?? 15);
/** FUZZ_VERBOSE=1 lists the write variants that were accepted (worth a look: each is now a stored event). */
const VERBOSE = process.env.FUZZ_VERBOSE === '1';
const REASON = { 'X-Access-Reason': 'fuzz test of request validation' };

interface Target {
  name: string;
  service: RunningService;
  operations: Operation[];
  enums: Set<string>;
  /** The role each operation is sent with: the first that its guard lets through. */
  roles: Map<Operation, UserRole>;
}

interface Failure {
  service: string;
  method: string;
  path: string;
  kind: string;
  status: number;
  problem: string;
}

describe('fuzzing every route from the OpenAPI documents (intake, triage, outcomes)', () => {
  let services: RunningService[] = [];
  const tokens = new Map<UserRole, string>();
  const targets: Target[] = [];

  beforeAll(async () => {
    services = await Promise.all([
      bootService('intake', (config) => IntakeModule.forConfig(config)),
      bootService('triage', (config) => TriageModule.forConfig(config)),
      bootService('outcomes', (config) => OutcomesModule.forConfig(config)),
    ]);
    for (const role of USER_ROLES) tokens.set(role, await services[0].token(role, `${role}-fuzz`));
    for (const [index, name] of ['intake', 'triage', 'outcomes'].entries()) {
      const service = services[index];
      const document = (await request(service.baseUrl).get('/docs-json').expect(200)).body as OpenApiDocument;
      const operations = operationsOf(document);
      targets.push({
        name,
        service,
        operations,
        enums: enumValuesOf(document),
        roles: await rolesFor(service, operations),
      });
    }
  }, 120_000);

  afterAll(async () => {
    await Promise.all(services.map((service) => service.close()));
  });

  /** A request with an empty body meets the guard before validation: 403 means the role may not call it. */
  async function rolesFor(
    service: RunningService,
    operations: Operation[],
  ): Promise<Map<Operation, UserRole>> {
    const roles = new Map<Operation, UserRole>();
    for (const operation of operations) {
      const path = operation.template.replace(/\{[^}]+\}/g, '0192f3a4-5b6c-7d8e-9f01-23456789abcd');
      for (const role of USER_ROLES) {
        const response = await request(service.baseUrl)
          [operation.method](path)
          .set('Authorization', `Bearer ${tokens.get(role)}`)
          .set(REASON);
        if (response.status !== 403) {
          roles.set(operation, role);
          break;
        }
      }
    }
    return roles;
  }

  async function send(target: Target, fuzz: FuzzRequest) {
    const role = target.roles.get(fuzz.operation) ?? 'operator';
    let pending = request(target.service.baseUrl)
      [fuzz.operation.method](fuzz.path)
      .set('Authorization', `Bearer ${tokens.get(role)}`)
      .set(REASON)
      .buffer(true)
      .parse((response, callback) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => callback(null, text));
      });
    if (fuzz.contentType) pending = pending.set('Content-Type', fuzz.contentType);
    return fuzz.body === null ? await pending : await pending.send(fuzz.body);
  }

  const ID = '0192f3a4-5b6c-7d8e-9f01-23456789abcd';
  const REPORT = {
    reportedAt: '2026-11-23T21:04:00Z',
    officer: { id: 'PC-4821', force: 'MPS' },
    location: { kind: 'public-place', borough: 'Lambeth' },
    category: 'concern-for-welfare',
    subject: { name: 'Jane Doe', dateOfBirth: '1990-04-01' },
    presentingConcerns: ['suicidal-ideation'],
    summary: 'Person standing outside the railings.',
  };
  const ADVICE = {
    profession: 'registered-nurse',
    recommendation: 'refer-to-crisis-team',
    rationale: 'Agreed.',
  };
  const EXTENSION = {
    hours: 6,
    authorisedBy: { clinicianId: 'RMP-7', profession: 'registered-medical-practitioner' },
    reason: 'Intoxicated',
  };

  // The findings of issue 15, each as it was reported: 500s, a stored null, an accepted impossible date.
  it.each([
    ['triage', 'clinician', 'post', `/triage/${ID}/advice`, { ...ADVICE, clinicianId: null }, 'clinicianId'],
    [
      'intake',
      'officer',
      'post',
      '/incidents',
      { ...REPORT, reportedAt: '2026-02-30T10:00:00Z' },
      'reportedAt',
    ],
    [
      'intake',
      'officer',
      'post',
      '/incidents',
      { ...REPORT, subject: { dateOfBirth: '1800-01-01' } },
      'subject.dateOfBirth',
    ],
    [
      'intake',
      'officer',
      'post',
      '/incidents',
      { ...REPORT, source: { system: 'met\u0000cad', externalRef: 'CAD-1' } },
      'source.system',
    ],
    [
      'intake',
      'officer',
      'post',
      '/incidents',
      { ...REPORT, location: { kind: 'other', borough: '\ud800' } },
      'location.borough',
    ],
    ['outcomes', 'officer', 'post', `/outcomes/${ID}/section-136/extension`, '{"hours":1e-9}', 'hours'],
    [
      'outcomes',
      'officer',
      'post',
      `/outcomes/${ID}/section-136/extension`,
      { ...EXTENSION, constructor: {} },
      'constructor',
    ],
    [
      'triage',
      'clinician',
      'post',
      `/triage/${ID}/advice`,
      `{"__proto__":{"x":1},"profession":"registered-nurse"}`,
      '__proto__',
    ],
    ['intake', 'operator', 'get', '/incidents/%00', undefined, 'id'],
    ['intake', 'operator', 'get', '/incidents/not-a-uuid', undefined, 'id'],
    ['triage', 'operator', 'get', '/triage/%00', undefined, 'incidentId'],
    ['intake', 'operator', 'get', '/audit?actor=%00', undefined, 'actor'],
    ['intake', 'operator', 'get', '/incidents?since=2026-02-30T10:00:00Z', undefined, 'since'],
    ['intake', 'operator', 'get', '/audit?from=0000-01-01T00:00:00Z', undefined, 'from'],
    ['triage', 'operator', 'get', '/triage/metrics?to=2026-02-30T10:00:00Z', undefined, 'to'],
    ['triage', 'operator', 'get', `/triage/${ID}?asOf=0000-01-01T00:00:00Z`, undefined, 'asOf'],
    ['outcomes', 'operator', 'get', `/cases/${ID}/timeline?asOf=2026-02-30T10:00:00Z`, undefined, 'asOf'],
    ['outcomes', 'operator', 'get', '/statistics?from=0000-01-01T00:00:00Z', undefined, 'from'],
    ['outcomes', 'operator', 'get', `/outcomes/${ID}?asOf=2026-02-30T10:00:00Z`, undefined, 'asOf'],
  ] as const)('%s (as %s): %s %s is 400 naming the field', async (name, role, method, path, body, field) => {
    const target = targets.find((t) => t.name === name)!;
    let pending = request(target.service.baseUrl)
      [method](path)
      .set('Authorization', `Bearer ${tokens.get(role)}`)
      .set(REASON);
    if (typeof body === 'string') pending = pending.set('Content-Type', 'application/json');
    const response = await (body === undefined ? pending : pending.send(body));
    expect(response.status).toBe(400);
    expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
  });

  it('sends security headers and Cache-Control: no-store on a personal-data read', async () => {
    const response = await request(targets[0].service.baseUrl)
      .get(`/incidents/${ID}`)
      .set('Authorization', `Bearer ${tokens.get('operator')}`)
      .set(REASON);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  /** Each consumer of an internal topic, as (group, topic). */
  function internalConsumers(): Array<[string, string]> {
    const triage = services[1].app.get(AppConfig);
    const outcomes = consumerGroupId(services[2].app.get(AppConfig), INCIDENT_FACTS_CONSUMER);
    return [
      [intakeConsumerGroup(triage), TOPICS.intakeEvents],
      [outcomes, TOPICS.intakeEvents],
      [outcomes, TOPICS.triageEvents],
    ];
  }

  /** Everything published so far has taken effect downstream; the dead-letter topics' end offsets, summed. */
  async function settledDeadLetterCount(): Promise<number> {
    for (const [group, topic] of internalConsumers()) await waitForConsumerCaughtUp(group, topic);
    const admin = testKafka('rcrp-fuzz-dlq').admin();
    await admin.connect();
    try {
      let total = 0;
      for (const topic of [TOPICS.intakeEvents, TOPICS.triageEvents, TOPICS.outcomesEvents]) {
        const dlq = `${topic}.dlq`;
        if (!(await admin.listTopics()).includes(dlq)) continue;
        for (const { offset } of await admin.fetchTopicOffsets(dlq)) total += Number(offset);
      }
      return total;
    } finally {
      await admin.disconnect();
    }
  }

  describe(`${RUNS} generated variants of every operation (seed ${SEED})`, () => {
    let deadLettersBefore: number;
    const failures: Failure[] = [];
    const statuses = new Map<number, number>();
    let acceptedWrites = 1; // the report below

    // The variants are sent once; each test asserts one property of the answers and what they left behind.
    beforeAll(async () => {
      deadLettersBefore = await settledDeadLetterCount();
      // Real ids make the variants reach past "not found": one reported incident and its subject.
      const intake = targets[0].service;
      const reported = await request(intake.baseUrl)
        .post('/incidents')
        .set('Authorization', `Bearer ${tokens.get('officer')}`)
        .send({
          reportedAt: new Date().toISOString(),
          officer: { id: 'PC-4821', force: 'MPS' },
          location: { kind: 'public-place', description: 'Footbridge, north end', borough: 'Lambeth' },
          category: 'concern-for-welfare',
          subject: { name: 'Jane Fuzzperson', dateOfBirth: '1990-04-01', sex: 'female', ethnicity: 'white' },
          presentingConcerns: ['suicidal-ideation'],
          summary: 'Person standing outside the railings, talking about ending their life.',
        })
        .expect(201);
      const incidentId: string = reported.body.incidentId;
      const incident = await request(intake.baseUrl)
        .get(`/incidents/${incidentId}`)
        .set('Authorization', `Bearer ${tokens.get('operator')}`)
        .set(REASON)
        .expect(200);
      const valid = {
        id: incidentId,
        incidentId,
        subjectRef: String(incident.body.subject?.ref ?? 'subj-0192f3a4-5b6c-7d8e-9f01-23456789abcd'),
      };

      const perService = Math.ceil(RUNS / targets.length);
      for (const [index, target] of targets.entries()) {
        for (const fuzz of fuzzRequests(target.operations, valid, SEED + index, perService)) {
          const response = await send(target, fuzz);
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          if (response.status < 300 && fuzz.operation.method !== 'get') acceptedWrites += 1;
          if (VERBOSE && response.status < 300 && fuzz.operation.method !== 'get') {
            process.stdout.write(
              `accepted ${response.status} ${fuzz.operation.method} ${fuzz.path} ${fuzz.kind}\n`,
            );
          }
          const failure = (problem: string) =>
            failures.push({
              service: target.name,
              method: fuzz.operation.method.toUpperCase(),
              path: fuzz.operation.template,
              kind: fuzz.kind,
              status: response.status,
              problem,
            });
          if (response.status >= 500 && !isDependencyOutage(fuzz, response.status, String(response.body))) {
            failure(`answered ${response.status}: ${String(response.body).slice(0, 200)}`);
          }
          if (response.status >= 400) {
            const answer = decodedText(String(response.body));
            const echoed = fuzz.sentStrings.filter(
              (sent) => !target.enums.has(sent) && answer.includes(sent),
            );
            if (echoed.length > 0)
              failure(`error answer repeats ${echoed.map((s) => JSON.stringify(s.slice(0, 40))).join(', ')}`);
          }
        }
      }
      const summary = [...statuses].sort(([a], [b]) => a - b).map(([status, count]) => `${status}: ${count}`);
      process.stdout.write(`fuzz: ${RUNS} requests (seed ${SEED}), statuses ${summary.join(', ')}\n`);
    }, 600_000);

    it('no answer is a 5xx (but a 503 naming a dependency that is down)', () => {
      expect(failures.filter((failure) => failure.problem.startsWith('answered'))).toEqual([]);
    });

    it('no error answer repeats a string the request carried', () => {
      expect(failures.filter((failure) => failure.problem.startsWith('error answer repeats'))).toEqual([]);
    });

    it('the run means something: most variants were refused by validation (400), some accepted and stored', () => {
      // Refused by validation, not by auth or routing...
      expect(statuses.get(400) ?? 0).toBeGreaterThan(RUNS / 3);
      // ...and some accepted, or the downstream checks below would check nothing.
      expect(acceptedWrites).toBeGreaterThan(0);
    });

    it('nothing one service accepted is dead-lettered by the next (the call would be lost, issue 15)', async () => {
      expect(await settledDeadLetterCount()).toBe(deadLettersBefore);
    }, 120_000);

    it('every read model of every service applied everything that was stored, and none reports a stall', async () => {
      for (const service of services) {
        const projections = service.app.get(ProjectionsService);
        await waitFor(async () => (await projections.projectionLag()).every((entry) => entry.pending === 0), {
          timeoutMs: 60_000,
          description: 'every projection to apply every stored event',
        });
        const ready = await request(service.baseUrl).get('/health/ready');
        expect(ready.body.checks.projections).toMatchObject({ status: 'up', details: { stalled: [] } });
      }
    }, 200_000);
  });
});

/**
 * DESIGN §5: 503 while a dependency is down. The broker being restarted by another test is not bad input; a 503
 * that names no dependency (or comes from anywhere but readiness) still fails.
 */
function isDependencyOutage(fuzz: FuzzRequest, status: number, body: string): boolean {
  if (status !== 503) return false;
  if (fuzz.operation.template === '/health/ready') return true;
  try {
    return typeof (JSON.parse(body) as { dependency?: unknown }).dependency === 'string';
  } catch {
    return false;
  }
}

/** The answer as text with JSON escapes resolved, so `\u0000` in the answer matches a NUL that was sent. */
function decodedText(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    const strings: string[] = [];
    const stack = [parsed];
    while (stack.length > 0) {
      const node = stack.pop();
      if (typeof node === 'string') strings.push(node);
      else if (Array.isArray(node)) stack.push(...node);
      else if (node && typeof node === 'object') {
        for (const [key, value] of Object.entries(node)) {
          strings.push(key);
          stack.push(value);
        }
      }
    }
    return `${body}\n${strings.join('\n')}`;
  } catch {
    return body;
  }
}

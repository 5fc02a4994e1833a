/**
 * Issue 16, point 1: analysts never receive an exact age, a date of birth, a name, free text or a subject
 * reference, on any route and in any replay. One whole case (report, triage with free text, a section 136
 * detention whose events carry the subject's age, a police-vehicle conveyance with a free-text detail, an
 * extension, a disposition with notes) through the real services; then an analyst walks every GET route of every
 * service, taken from each service's own OpenAPI document, and the default (pseudonymised) replay of every topic.
 */
import { TOPICS } from '@rcrp/events';
import { runReplayCli } from '@rcrp/replay';
import {
  bootService,
  openEventStream,
  RunningService,
  TEST_MASTER_KEY,
  testOwnerUrl,
  waitFor,
} from '@rcrp/testing';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import request from 'supertest';
import { IntakeModule } from '../../apps/intake/src/intake.module';
import { OutcomesModule } from '../../apps/outcomes/src/outcomes.module';
import { TriageModule } from '../../apps/triage/src/triage.module';

const UNIQUE = `Aw${Date.now().toString(36)}`;
const DATE_OF_BIRTH = '1990-04-01';
const FREE_TEXT = {
  name: `Winifred ${UNIQUE}`,
  summary: `${UNIQUE} summary: on the footbridge, talking about the water.`,
  description: `${UNIQUE} footbridge north end`,
  factors: `${UNIQUE} factor: stated plan`,
  riskRationale: `${UNIQUE} risk rationale: means at hand.`,
  notes: `${UNIQUE} records notes: known to the crisis team.`,
  adviceRationale: `${UNIQUE} advice rationale: will not engage voluntarily.`,
  vehicleDetail: `${UNIQUE} vehicle detail: ambulance 90 minutes away.`,
  extensionReason: `${UNIQUE} extension reason: intoxicated, cannot be assessed.`,
  dispositionNotes: `${UNIQUE} disposition notes: admitted informally.`,
};
const REASON = { 'X-Access-Reason': 'system e2e: analyst walk' };

/** Every key path of a JSON value (array elements as `[]`) with its value. */
function leaves(value: unknown, path = ''): Array<[string, unknown]> {
  if (Array.isArray(value)) return value.flatMap((item) => leaves(item, `${path}[]`));
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([key, member]) => leaves(member, path ? `${path}.${key}` : key));
  return [[path, value]];
}

/** The leaks of one answer, as `what at where` lines (empty when it is clean). */
function leaksIn(text: string, subjectRef: string): string[] {
  const found: string[] = [];
  for (const [what, value] of Object.entries(FREE_TEXT))
    if (text.includes(value)) found.push(`${what} (free text)`);
  if (text.includes(DATE_OF_BIRTH)) found.push('date of birth');
  if (text.includes(subjectRef)) found.push('subject reference');
  if (text.includes('enc:v1:')) found.push('ciphertext');
  for (const line of text.split('\n')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      continue;
    }
    for (const [path, value] of leaves(parsed)) {
      if (/(^|\.)(ageYears|\w+AgeYears|age)$/.test(path) && typeof value === 'number')
        found.push(`exact age at ${path}`);
      if (/(^|\.)dateOfBirth$/.test(path)) found.push(`dateOfBirth at ${path}`);
    }
  }
  // CSV: a column of exact ages.
  if (/(^|[,\n])[\w.]*ageYears[\w.]*,/i.test(text)) found.push('an ageYears column');
  return found;
}

jest.setTimeout(180_000);

describe('analysts never receive personal data (real intake, triage, outcomes, Kafka, PostgreSQL)', () => {
  const services: Record<'intake' | 'triage' | 'outcomes', RunningService> = {} as never;
  let officer: string;
  let nurse: string;
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

  const record = async (path: string, body: object) => {
    const response = await call(services.outcomes, 'post', `/outcomes/${incidentId}/${path}`, officer, body);
    expect({ path, status: response.status, body: response.status === 200 ? null : response.body }).toEqual({
      path,
      status: 200,
      body: null,
    });
  };

  beforeAll(async () => {
    [services.intake, services.triage, services.outcomes] = await Promise.all([
      bootService('intake', (config) => IntakeModule.forConfig(config)),
      bootService('triage', (config) => TriageModule.forConfig(config)),
      bootService('outcomes', (config) => OutcomesModule.forConfig(config)),
    ]);
    officer = await services.intake.token('officer', 'PC-4821');
    nurse = await services.intake.token('clinician', 'RN-0042');
    analyst = await services.intake.token('analyst', 'analyst-5');

    const reported = await call(services.intake, 'post', '/incidents', officer, {
      reportedAt: new Date().toISOString(),
      officer: { id: 'PC-4821', force: 'MPS' },
      location: { kind: 'public-place', description: FREE_TEXT.description, borough: 'Lambeth' },
      category: 'concern-for-welfare',
      subject: { name: FREE_TEXT.name, dateOfBirth: DATE_OF_BIRTH, sex: 'female', ethnicity: 'white' },
      presentingConcerns: ['suicidal-ideation'],
      summary: FREE_TEXT.summary,
    });
    expect(reported.status).toBe(201);
    incidentId = reported.body.incidentId;
    subjectRef = reported.body.events[0].data.subject.ref;
    expect(subjectRef).toMatch(/^subj-/);
    await waitFor(
      async () => (await call(services.triage, 'get', `/triage/${incidentId}`, nurse)).status === 200,
      { timeoutMs: 20_000, description: 'the call queued in triage' },
    );
    for (const [path, body] of [
      ['answer', { clinicianId: 'RN-0042', profession: 'registered-nurse' }],
      [
        'risk-assessment',
        { level: 'high', factors: [FREE_TEXT.factors], rationale: FREE_TEXT.riskRationale },
      ],
      ['records-check', { knownToServices: true, notes: FREE_TEXT.notes }],
      [
        'advice',
        {
          profession: 'registered-nurse',
          recommendation: 'consider-section-136',
          rationale: FREE_TEXT.adviceRationale,
        },
      ],
    ] as const) {
      const response = await call(services.triage, 'post', `/triage/${incidentId}/${path}`, nurse, body);
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
    }
    await waitFor(
      async () => {
        const known = await call(services.outcomes, 'get', `/outcomes/${incidentId}`, officer);
        return known.status === 200 && known.body.incident?.advice?.length === 1;
      },
      { timeoutMs: 20_000, description: 'outcomes to know the advice' },
    );
    await record('section-136/detention', {});
    await record('section-136/place-of-safety', {
      kind: 'health-based-place-of-safety',
      name: 'Maudsley HBPoS',
    });
    await record('section-136/conveyance', {
      mode: 'police-vehicle',
      policeVehicleReason: { code: 'ambulance-delayed', detail: FREE_TEXT.vehicleDetail },
    });
    await record('section-136/arrival', {});
    await record('section-136/extension', {
      hours: 12,
      authorisedBy: { clinicianId: 'GMC-7012345', profession: 'registered-medical-practitioner' },
      reason: FREE_TEXT.extensionReason,
    });
    await record('section-136/assessment', { outcome: 'admitted-informally', assessedBy: 'GMC-7012345' });
    await record('section-136/end', { reason: 'admitted-to-hospital' });
    await record('disposition', {
      disposition: 'conveyed-for-medical-care',
      notes: FREE_TEXT.dispositionNotes,
    });
    // The case timeline holds intake's and triage's events once outcomes has consumed them all.
    await waitFor(
      async () => {
        const timeline = await call(services.outcomes, 'get', `/cases/${incidentId}/timeline`, analyst);
        const types = (timeline.body.entries ?? []).map((entry: { type: string }) => entry.type);
        return types.includes('RecordsChecked') && types.includes('DispositionRecorded');
      },
      { timeoutMs: 20_000, description: 'the whole case on the outcomes timeline' },
    );
  });

  afterAll(async () => {
    await Promise.all(Object.values(services).map((service) => service?.close()));
  });

  it('the case really holds what is looked for (so the walks below can fail)', async () => {
    const operator = await services.intake.token('operator', 'op-9');
    const timeline = JSON.stringify(
      (await call(services.outcomes, 'get', `/cases/${incidentId}/timeline`, operator)).body,
    );
    expect(timeline).toContain(FREE_TEXT.extensionReason);
    expect(timeline).toContain('"subjectAgeYears":36');
    expect(leaksIn(timeline, subjectRef)).not.toEqual([]);
  });

  it('walking every GET route of every service as an analyst finds nothing', async () => {
    const leaks: string[] = [];
    let walked = 0;
    for (const [name, service] of Object.entries(services)) {
      const document = (await request(service.baseUrl).get('/docs-json')).body as {
        paths: Record<string, Record<string, unknown>>;
      };
      for (const [template, operations] of Object.entries(document.paths)) {
        if (!operations.get || /^\/(health|metrics|docs)/.test(template)) continue;
        const path = template.replace(/\{[^}]+\}/g, (parameter) =>
          parameter === '{subjectRef}' ? subjectRef : incidentId,
        );
        if (template.endsWith('/stream')) {
          // A Server-Sent Events stream never ends: read its snapshot, then let go.
          const stream = await openEventStream(`${service.baseUrl}${path}`, {
            authorization: `Bearer ${analyst}`,
          });
          if (stream.status === 200) {
            const snapshot = await stream.next((event) => event.event === 'snapshot');
            walked += 1;
            for (const leak of leaksIn(JSON.stringify(snapshot.data), subjectRef))
              leaks.push(`${name} GET ${template}: ${leak}`);
          } else if (stream.status >= 500) leaks.push(`${name} GET ${template}: ${stream.status}`);
          stream.close();
          continue;
        }
        for (const suffix of ['', `?from=${encodeURIComponent(startedAt)}`, '?format=csv']) {
          const response = await call(service, 'get', `${path}${suffix}`, analyst);
          if (response.status >= 500) leaks.push(`${name} GET ${template}${suffix}: ${response.status}`);
          if (response.status !== 200) continue;
          walked += 1;
          const text = response.headers['content-type']?.includes('json')
            ? JSON.stringify(response.body)
            : response.text;
          for (const leak of leaksIn(text, subjectRef))
            leaks.push(`${name} GET ${template}${suffix}: ${leak}`);
        }
      }
    }
    expect(leaks).toEqual([]);
    expect(walked).toBeGreaterThanOrEqual(12);
  });

  it.each([TOPICS.intakeEvents, TOPICS.triageEvents, TOPICS.outcomesEvents])(
    'the default replay of %s (NDJSON and CSV) finds nothing',
    async (topic) => {
      const ndjson = await replay(['--topic', topic, '--from', startedAt]);
      expect(ndjson.code).toBe(0);
      expect(ndjson.stdout).toContain(incidentId);
      expect(leaksIn(ndjson.stdout, subjectRef)).toEqual([]);
      const file = join(tmpdir(), `analyst-walk-${UNIQUE}-${topic}.csv`);
      const csv = await replay(['--topic', topic, '--from', startedAt, '--out', file]);
      expect(csv.code).toBe(0);
      const text = readFileSync(file, 'utf8');
      rmSync(file);
      expect(text).toContain(incidentId);
      expect(leaksIn(text, subjectRef)).toEqual([]);
    },
  );
});

function captured(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  return {
    stream: new Writable({ write: (chunk, _encoding, done) => (chunks.push(Buffer.from(chunk)), done()) }),
    text: () => Buffer.concat(chunks).toString('utf8'),
  };
}

async function replay(args: string[]): Promise<{ code: number; stdout: string }> {
  const out = captured();
  const err = captured();
  const code = await runReplayCli(args, {
    stdout: out.stream as unknown as NodeJS.WriteStream,
    stderr: err.stream as unknown as NodeJS.WriteStream,
    env: {
      KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
      PERSONAL_DATA_MASTER_KEY: TEST_MASTER_KEY,
      DATABASE_OWNER_URL: testOwnerUrl(),
    },
  });
  return { code, stdout: out.text() };
}

/**
 * Issue 16, point 5: the whole case record for those entitled. Each service serves its own events of a case,
 * decrypted for clinicians and operators with `X-Access-Reason` and audited; `npm run case-record` merges the three
 * through their APIs into one chronological record with who, when, what, the rule set in force and each stream's
 * hash-chain check; the outcomes timeline says `[erased]` once the subject is erased. Real intake, triage and
 * outcomes, Kafka and PostgreSQL.
 */
import { bootService, RunningService, waitFor } from '@rcrp/testing';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { IntakeModule } from '../../apps/intake/src/intake.module';
import { OutcomesModule } from '../../apps/outcomes/src/outcomes.module';
import { TriageModule } from '../../apps/triage/src/triage.module';
import { runCaseRecordCli } from '../../scripts/case-record/cli';
import type { CaseRecord } from '../../scripts/case-record/record';

const UNIQUE = `Cr${Date.now().toString(36)}`;
const NAME = `Ottoline ${UNIQUE}`;
const ADVICE_RATIONALE = `${UNIQUE}: no safe place at home tonight.`;
const REASON = `Case review ${UNIQUE}`;

jest.setTimeout(180_000);

describe('the whole case record (real services)', () => {
  const services = {} as Record<'intake' | 'triage' | 'outcomes', RunningService>;
  let officer: string;
  let nurse: string;
  let operator: string;
  let analyst: string;
  let incidentId: string;
  let subjectRef: string;

  const call = (
    service: RunningService,
    method: 'get' | 'post',
    path: string,
    token: string,
    body?: object,
  ) => {
    const pending = request(service.baseUrl)[method](path).set('Authorization', `Bearer ${token}`);
    return body ? pending.send(body) : pending;
  };
  const read = (service: RunningService, path: string, token: string, reason: string | null = REASON) => {
    const pending = call(service, 'get', path, token);
    return reason === null ? pending : pending.set('X-Access-Reason', reason);
  };
  const caseRecord = async (extra: string[] = []) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCaseRecordCli(
      [
        '--incident',
        incidentId,
        '--reason',
        REASON,
        '--token',
        operator,
        '--actor',
        'op-case',
        '--intake',
        services.intake.baseUrl,
        '--triage',
        services.triage.baseUrl,
        '--outcomes',
        services.outcomes.baseUrl,
        ...extra,
      ],
      {
        stdout: { write: (text: string) => out.push(text) },
        stderr: { write: (text: string) => err.push(text) },
      },
    );
    return { code, stdout: out.join(''), stderr: err.join('') };
  };

  beforeAll(async () => {
    [services.intake, services.triage, services.outcomes] = await Promise.all([
      bootService('intake', (config) => IntakeModule.forConfig(config)),
      bootService('triage', (config) => TriageModule.forConfig(config)),
      bootService('outcomes', (config) => OutcomesModule.forConfig(config)),
    ]);
    officer = await services.intake.token('officer', 'PC-4821');
    nurse = await services.intake.token('clinician', 'RN-0042');
    operator = await services.intake.token('operator', 'op-case');
    analyst = await services.intake.token('analyst', 'analyst-case');

    const reported = await call(services.intake, 'post', '/incidents', officer, {
      reportedAt: new Date().toISOString(),
      officer: { id: 'PC-4821', force: 'MPS' },
      location: { kind: 'public-place', borough: 'Southwark' },
      category: 'concern-for-welfare',
      subject: { name: NAME, dateOfBirth: '1984-02-03', sex: 'female' },
      presentingConcerns: ['suicidal-ideation'],
      summary: `${UNIQUE} standing at the edge of the platform.`,
    });
    expect(reported.status).toBe(201);
    incidentId = reported.body.incidentId;
    subjectRef = reported.body.events[0].data.subject.ref;
    await waitFor(async () => (await read(services.triage, `/triage/${incidentId}`, nurse)).status === 200, {
      timeoutMs: 20_000,
      description: 'the call queued in triage',
    });
    for (const [path, body] of [
      ['answer', { clinicianId: 'RN-0042', profession: 'registered-nurse' }],
      [
        'advice',
        {
          profession: 'registered-nurse',
          recommendation: 'consider-section-136',
          rationale: ADVICE_RATIONALE,
        },
      ],
    ] as const) {
      expect((await call(services.triage, 'post', `/triage/${incidentId}/${path}`, nurse, body)).status).toBe(
        200,
      );
    }
    await waitFor(
      async () => {
        const known = await read(services.outcomes, `/outcomes/${incidentId}`, officer);
        return known.status === 200 && known.body.incident?.advice?.length === 1;
      },
      { timeoutMs: 20_000, description: 'outcomes to know the advice' },
    );
    const detained = await call(
      services.outcomes,
      'post',
      `/outcomes/${incidentId}/section-136/detention`,
      officer,
      {},
    );
    expect(detained.status).toBe(200);
  });

  afterAll(async () => {
    await Promise.all(Object.values(services).map((service) => service?.close()));
  });

  it.each([
    ['triage', (id: string) => `/triage/${id}/events`, 'AdviceGiven'],
    ['outcomes', (id: string) => `/outcomes/${id}/events`, 'Section136Detained'],
    ['intake', (id: string) => `/incidents/${id}/events`, 'IncidentReported'],
  ] as const)(
    '%s serves its events of the case decrypted, with its stream verified',
    async (name, path, type) => {
      const response = await read(services[name], path(incidentId), operator);
      expect(response.status).toBe(200);
      expect(response.body.verification).toEqual({ ok: true, events: response.body.events.length });
      expect(response.body.events.map((event: { type: string }) => event.type)).toContain(type);
      expect(response.headers['cache-control']).toBe('no-store');
    },
  );

  it('triage shows the advice rationale decrypted to a clinician, and audits the read with the reason', async () => {
    const response = await read(services.triage, `/triage/${incidentId}/events`, nurse, `${REASON} (nurse)`);
    expect(JSON.stringify(response.body)).toContain(ADVICE_RATIONALE);
    const audit = await read(services.triage, `/audit?incidentId=${incidentId}`, operator);
    expect(audit.status).toBe(200);
    expect(audit.body.entries.map((entry: { reason: string }) => entry.reason)).toContain(
      `${REASON} (nurse)`,
    );
  });

  it('refuses a read without a reason, and gives analysts the events without personal fields', async () => {
    expect((await read(services.outcomes, `/outcomes/${incidentId}/events`, operator, null)).status).toBe(
      400,
    );
    const seen = await read(services.triage, `/triage/${incidentId}/events`, analyst, null);
    expect(seen.status).toBe(200);
    const text = JSON.stringify(seen.body);
    expect(text).not.toContain(ADVICE_RATIONALE);
    expect(text).not.toContain(subjectRef);
  });

  it('npm run case-record merges the three services into one chronological, verified record', async () => {
    const { code, stdout, stderr } = await caseRecord();
    expect({ code, stderr }).toEqual({ code: 0, stderr: expect.stringContaining('chain ok') });
    const record = JSON.parse(stdout) as CaseRecord;
    expect(record.streams.map((stream) => [stream.service, stream.verification])).toEqual([
      ['intake', 'ok'],
      ['triage', 'ok'],
      ['outcomes', 'ok'],
    ]);
    const types = record.entries.map((entry) => entry.type);
    expect(types.indexOf('IncidentReported')).toBeLessThan(types.indexOf('AdviceGiven'));
    expect(types.indexOf('AdviceGiven')).toBeLessThan(types.indexOf('Section136Detained'));
    expect(record.ruleSet).toMatch(/^england-wales/);
    expect(stdout).toContain(NAME);
    expect(stdout).toContain(ADVICE_RATIONALE);
    const times = record.entries.map((entry) => Date.parse(entry.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    // Every service recorded the operator's read with the reason.
    for (const service of Object.values(services)) {
      const audit = await read(service, `/audit?incidentId=${incidentId}&actor=op-case`, operator);
      expect(audit.body.entries.map((entry: { reason: string }) => entry.reason)).toContain(REASON);
    }
  });

  it('npm run case-record writes a printable HTML page, and --help says how', async () => {
    const file = join(tmpdir(), `case-record-${UNIQUE}.html`);
    const { code } = await caseRecord(['--out', file]);
    expect(code).toBe(0);
    const html = readFileSync(file, 'utf8');
    rmSync(file);
    expect(html).toContain(`Case record ${incidentId}`);
    expect(html).toContain('hash chain verified');
    expect(html).toContain('Section136Detained');
    const help: string[] = [];
    expect(
      await runCaseRecordCli(['--help'], {
        stdout: { write: (t: string) => help.push(t) },
        stderr: { write: () => 0 },
      }),
    ).toBe(0);
    expect(help.join('')).toContain('exit codes');
    expect(
      await runCaseRecordCli(['--incident', incidentId], {
        stdout: { write: () => 0 },
        stderr: { write: () => 0 },
      }),
    ).toBe(2);
  });

  it("after the subject's erasure the outcomes timeline says [erased] for intake's and triage's personal fields", async () => {
    const before = JSON.stringify(
      (await read(services.outcomes, `/cases/${incidentId}/timeline`, operator)).body,
    );
    expect(before).toContain('[withheld]');
    expect(before).not.toContain('[erased]');
    const erased = await call(services.intake, 'post', `/subjects/${subjectRef}/erasure`, operator, {
      legalBasis: 'UK GDPR Art. 17(1)(b)',
      reason: 'system e2e: erasure request upheld',
    });
    expect(erased.status).toBe(200);
    const after = await waitFor(
      async () => {
        const text = JSON.stringify(
          (await read(services.outcomes, `/cases/${incidentId}/timeline`, operator)).body,
        );
        return text.includes('[erased]') ? text : null;
      },
      { timeoutMs: 20_000, description: 'outcomes to learn of the erasure' },
    );
    expect(after).not.toContain('[withheld]');
    expect(after).not.toContain(NAME);
  });
});

/**
 * The README's walkthrough, run as written: its shell block (between `<!-- walkthrough:start -->` and
 * `<!-- walkthrough:end -->`) is handed to bash against intake, triage and outcomes booted in-process (the real
 * services, Kafka and PostgreSQL), so the README cannot drift from what the system does. The block reads the
 * service URLs from INTAKE / TRIAGE / OUTCOMES (defaulting to `npm start`'s ports) and signs its tokens with
 * `npm run token`, which takes AUTH_JWT_SECRET from the environment before `.env.local`: the test passes the
 * harness's secret.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { bootService, RunningService, TEST_AUTH_SECRET } from '@rcrp/testing';
import { IntakeModule } from '../../apps/intake/src/intake.module';
import { OutcomesModule } from '../../apps/outcomes/src/outcomes.module';
import { TriageModule } from '../../apps/triage/src/triage.module';

const ROOT = resolve(__dirname, '../..');
const README = readFileSync(resolve(ROOT, 'README.md'), 'utf8');

/** The fenced bash block between the walkthrough markers. */
function walkthroughBlock(readme: string): string {
  const marked = /<!-- walkthrough:start -->\s*```bash\n([\s\S]*?)```\s*<!-- walkthrough:end -->/.exec(
    readme,
  );
  if (!marked)
    throw new Error('README.md has no ```bash block between <!-- walkthrough:start/end --> markers');
  return marked[1];
}

function runBash(
  script: string,
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    // Asynchronous on purpose: the services answering the block run in this same process.
    const child = spawn('bash', ['-c', script], { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

describe('the README walkthrough (its shell block against the real services)', () => {
  let intake: RunningService;
  let triage: RunningService;
  let outcomes: RunningService;

  beforeAll(async () => {
    [intake, triage, outcomes] = await Promise.all([
      bootService('intake', (config) => IntakeModule.forConfig(config)),
      bootService('triage', (config) => TriageModule.forConfig(config)),
      bootService('outcomes', (config) => OutcomesModule.forConfig(config)),
    ]);
  });

  afterAll(async () => {
    await Promise.all([intake?.close(), triage?.close(), outcomes?.close()]);
  });

  it('runs to the end and shows the case from report to arrival, then the statistics', async () => {
    const result = await runBash(walkthroughBlock(README), {
      INTAKE: intake.baseUrl,
      TRIAGE: triage.baseUrl,
      OUTCOMES: outcomes.baseUrl,
      AUTH_JWT_SECRET: TEST_AUTH_SECRET,
      AUTH_JWKS_URL: '',
    });
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: expect.any(String) });

    const lines = result.stdout.split('\n');
    const incidentId = /^reported incident ([0-9a-f-]{36})$/m.exec(result.stdout)?.[1];
    expect(incidentId).toBeDefined();
    // The queue entry is the reported call; each write printed the events it appended.
    expect(lines).toContainEqual(expect.stringContaining(`"incidentId":"${incidentId}"`));
    expect(lines).toContain('["CallAnswered"]');
    expect(lines).toContain('["AdviceGiven"]');
    expect(lines).toContain('line-advice');
    expect(lines).toContain('["PlaceOfSafetyChosen"]');
    expect(lines).toContain('["ArrivedAtPlaceOfSafety"]');
    expect(lines).toContainEqual(expect.stringMatching(/^\{"deadline":"[^"]+","minutesRemaining":14\d\d\}$/));

    // The timeline holds the three services' events in the order they happened.
    const timeline = lines.filter((line) => /^(intake|triage|outcomes) [A-Z]\w+$/.test(line));
    const inOrder = [
      'intake IncidentReported',
      'triage CallQueued',
      'triage CallAnswered',
      'triage AdviceGiven',
      'outcomes Section136Detained',
      'outcomes PlaceOfSafetyChosen',
      'outcomes ArrivedAtPlaceOfSafety',
    ];
    expect(timeline.filter((line) => inOrder.includes(line))).toEqual(inOrder);

    // The statistics answered (curl -f: a non-2xx would have stopped the block) with the counts.
    const statistics = JSON.parse(lines.find((line) => line.startsWith('{"incidents":')) ?? 'null');
    expect(statistics).toEqual({
      incidents: expect.anything(),
      advised: expect.anything(),
      detentions: expect.anything(),
    });
  });

  it('is short, and it and the docs pages link only to files inside the repository that exist', () => {
    expect(README.split('\n').length).toBeLessThanOrEqual(250);
    const pages = [
      'README.md',
      ...readdirSync(resolve(ROOT, 'docs'))
        .filter((name) => name.endsWith('.md'))
        .map((name) => `docs/${name}`),
    ];
    for (const page of pages) {
      const text = readFileSync(resolve(ROOT, page), 'utf8').replace(/```[\s\S]*?```/g, '');
      const targets = [...text.matchAll(/\]\(([^)#\s]*)(#[^)]*)?\)/g)]
        .map((match) => match[1])
        .filter(Boolean);
      for (const target of targets) {
        const path = resolve(ROOT, dirname(page), target);
        expect({ page, target, inside: path.startsWith(`${ROOT}/`), exists: existsSync(path) }).toEqual({
          page,
          target,
          inside: true,
          exists: true,
        });
      }
    }
  });
});

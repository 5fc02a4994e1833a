import { PassThrough } from 'node:stream';
import { TOPICS } from '@rcrp/events';
import { runReplayCli } from './replay-cli';

/** Only what is refused before any broker or database is reached: no infrastructure needed. */
async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const code = await runReplayCli(argv, { stdout, stderr, env: {} });
  return { code, stdout: out, stderr: err };
}

describe('npm run replay (command line)', () => {
  it('--help prints every option, default and exit code to stdout and exits 0', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stderr).toBe('');
    for (const flag of [
      '--topic',
      '--from',
      '--to',
      '--type',
      '--out',
      '--include-personal-data',
      '--reason',
      '--service',
      '--actor',
      '--projection',
      '--verify',
      '--help',
    ])
      expect(help.stdout).toContain(flag);
    expect(help.stdout).toContain('(default: earliest)');
    expect(help.stdout).toMatch(/^ {2}0 +done$/m);
    expect(help.stdout).toMatch(/^ {2}1 +the replay or rebuild failed/m);
    expect(help.stdout).toMatch(/^ {2}2 +usage error/m);
    expect(help.stdout).toContain('docs/replay.md');
    expect((await run(['--topic', 'a', '-h'])).code).toBe(0);
  });

  it('a mistyped --type is a usage error (exit 2) on stderr, with the usage', async () => {
    const result = await run(['--topic', TOPICS.intakeEvents, '--type', 'IncidentReport']);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toMatch(/^replay: unknown event type \(value 1 of --type\)/);
    expect(result.stderr).toContain('Usage:\n  npm run replay -- --topic T');
    expect(result.stderr).toContain('npm run replay -- --help');
  });

  it('--service that does not own the topic is a usage error naming the owner', async () => {
    const result = await run([
      '--topic',
      TOPICS.triageEvents,
      '--include-personal-data',
      '--reason',
      'IOPC request 2026/117',
      '--service',
      'intake',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('use --service triage');
  });

  it('a topic replay without the master key is a usage error before anything is read', async () => {
    const result = await run(['--topic', TOPICS.intakeEvents]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('PERSONAL_DATA_MASTER_KEY is not set');
  });
});

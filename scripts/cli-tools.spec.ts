import { captureCli, type Cli } from '@rcrp/config';
import { FUZZ_CLI } from './fuzz';
import { MIGRATE_CLI, parseArgs as parseMigrateArgs } from './migrate';
import { TOKEN_CLI } from './token';

describe.each<[string, Cli, string[]]>([
  ['token', TOKEN_CLI, ['--role', '--sub', '--ttl', '(default: 8h)', 'AUTH_JWT_SECRET']],
  ['migrate', MIGRATE_CLI, ['--database', '--service', 'DATABASE_OWNER_URL', 'MIGRATE_DATABASE']],
  ['fuzz', FUZZ_CLI, ['--runs', '--seed', '(default: 5000)']],
])('npm run %s -- --help', (_name, cli, mentions) => {
  it('prints the options, defaults and exit codes 0, 1 and 2 to stdout and exits 0', async () => {
    const help = await captureCli(cli, ['--help']);
    expect(help.code).toBe(0);
    expect(help.stderr).toBe('');
    for (const text of [...mentions, '-h, --help', 'Exit codes:']) expect(help.stdout).toContain(text);
    expect(help.stdout).toMatch(/^ {2}0 {2}\S/m);
    expect(help.stdout).toMatch(/^ {2}1 {2}\S/m);
    expect(help.stdout).toMatch(/^ {2}2 {2}usage error/m);
  });

  it('an unknown argument is a usage error: exit 2, the usage on stderr', async () => {
    const run = await captureCli(cli, ['--frobnicate']);
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr).toContain("Unknown option '--frobnicate'");
    expect(run.stderr).toContain('Usage:');
  });
});

describe('npm run token (usage errors, before any secret is read)', () => {
  it.each([
    [['--sub', 'nurse-17'], /--role must be one of officer, clinician, analyst, operator/],
    [['--role', 'nurse', '--sub', 'nurse-17'], /--role must be one of/],
    [['--role', 'clinician'], /--sub is required/],
    [['--role', 'clinician', '--sub', 'nurse-17', '--ttl', 'forever'], /--ttl must look like 30m/],
  ])('%j exits 2', async (argv, message) => {
    const run = await captureCli(TOKEN_CLI, argv);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  describe('with a secret', () => {
    const saved = { ...process.env };
    beforeAll(() => {
      process.env.AUTH_JWT_SECRET = 'a-test-secret-of-more-than-thirty-two-characters';
      process.env.AUTH_MAX_TOKEN_TTL = '12h';
      delete process.env.AUTH_JWKS_URL;
    });
    afterAll(() => {
      process.env = saved;
    });

    it('prints a token and exits 0', async () => {
      const run = await captureCli(TOKEN_CLI, ['--role', 'clinician', '--sub', 'nurse-17']);
      expect(run).toMatchObject({ code: 0, stderr: '' });
      expect(run.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    });

    it('refuses a lifetime the services would not accept (exit 2)', async () => {
      const run = await captureCli(TOKEN_CLI, ['--role', 'clinician', '--sub', 'nurse-17', '--ttl', '2d']);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('--ttl is longer than the services accept (AUTH_MAX_TOKEN_TTL, 43200 s)');
    });
  });
});

describe('npm run migrate (arguments)', () => {
  const env = { DATABASE_OWNER_URL: 'postgres://o:o@127.0.0.1:5432/rcrp' };

  it('defaults to every service in the database of the owner URL; --database and --service narrow it', () => {
    expect(parseMigrateArgs([], env)).toEqual({
      database: 'rcrp',
      services: ['intake', 'triage', 'outcomes'],
    });
    expect(parseMigrateArgs(['--database', 'rcrp_test', '--service', 'triage'], env)).toEqual({
      database: 'rcrp_test',
      services: ['triage'],
    });
    expect(parseMigrateArgs([], { ...env, MIGRATE_DATABASE: 'other' }).database).toBe('other');
  });

  it('an unknown service is a usage error naming the known ones', async () => {
    const run = await captureCli(MIGRATE_CLI, ['--service', 'police']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--service must be one of intake, triage, outcomes');
  });
});

describe('npm run fuzz (arguments)', () => {
  it('a --runs that is not a whole number is a usage error', async () => {
    const run = await captureCli(FUZZ_CLI, ['--runs', 'many']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--runs must be a whole number');
  });
});

import { captureCli } from './capture-cli';
import { helpText, usageText, wantsHelp, type CliHelp } from './help-text';
import { parseFlags } from './parse-flags';
import type { Cli } from './run-cli';
import { UsageError } from './usage-error';

const HELP: CliHelp = {
  command: 'npm run demo --',
  summary: 'a tool for the tests',
  usage: ['--name <n> [--count N]', '    [--loud]'],
  options: [
    {
      title: 'Options',
      options: [
        { flag: '--name <n>', description: 'who (required)' },
        { flag: '--count <N>', description: 'how many', default: '1' },
        { flag: '--a-very-long-flag-name <with a value>', description: 'wraps' },
      ],
    },
  ],
  environment: [{ name: 'DEMO_URL', description: 'where', default: 'http://127.0.0.1' }],
  exitCodes: { 1: 'the demo failed' },
  examples: ['npm run demo -- --name x'],
  docs: 'docs/demo.md',
};

const cli = (run: Cli['run']): Cli => ({ name: 'demo', help: HELP, run });

describe('helpText', () => {
  const text = helpText(HELP);

  it('has the summary, usage, every option with its default, the environment, exit codes and docs', () => {
    expect(text.split('\n')[0]).toBe('npm run demo -- — a tool for the tests');
    expect(text).toContain('Usage:\n  npm run demo -- --name <n> [--count N]\n                  [--loud]\n');
    expect(text).toMatch(/^ {2}--count <N> +how many \(default: 1\)$/m);
    expect(text).toMatch(/^ {2}-h, --help +print this help to stdout and exit 0$/m);
    expect(text).toMatch(/^ {2}DEMO_URL +where \(default: http:\/\/127\.0\.0\.1\)$/m);
    expect(text).toContain('Exit codes:\n  0  done\n  1  the demo failed\n  2  usage error');
    expect(text).toContain('Examples:\n  npm run demo -- --name x');
    expect(text.trimEnd().split('\n').at(-1)).toBe('More: docs/demo.md');
  });

  it('puts the description of a flag too long for the column on the next line', () => {
    expect(text).toMatch(/^ {2}--a-very-long-flag-name <with a value>\n {4,}wraps$/m);
  });

  it('usage alone ends by pointing at --help', () => {
    expect(usageText(HELP)).toMatch(/Run `npm run demo -- --help` for every option\.\n$/);
  });

  it.each([
    [['--help'], true],
    [['--name', 'x', '-h'], true],
    [['--name', 'x'], false],
  ])('wantsHelp(%j) = %s', (argv, expected) => expect(wantsHelp(argv)).toBe(expected));
});

describe('runCli', () => {
  it('--help prints the help to stdout and exits 0 without running the tool', async () => {
    const run = jest.fn();
    expect(await captureCli(cli(run), ['--bogus', '--help'])).toEqual({
      code: 0,
      stdout: helpText(HELP),
      stderr: '',
    });
    expect(run).not.toHaveBeenCalled();
  });

  it('a usage error exits 2 with the message and the usage on stderr', async () => {
    const result = await captureCli(
      cli(() => {
        throw new UsageError('--name is required');
      }),
      [],
    );
    expect(result).toEqual({ code: 2, stdout: '', stderr: `demo: --name is required\n${usageText(HELP)}` });
  });

  it('any other error exits 1; the tool decides its own code otherwise (none: 0)', async () => {
    expect(
      await captureCli(
        cli(async () => {
          throw new Error('connection refused');
        }),
        [],
      ),
    ).toEqual({ code: 1, stdout: '', stderr: 'demo failed: connection refused\n' });
    expect(
      (
        await captureCli(
          cli(() => 1),
          [],
        )
      ).code,
    ).toBe(1);
    expect(
      (
        await captureCli(
          cli(() => undefined),
          [],
        )
      ).code,
    ).toBe(0);
  });
});

describe('parseFlags', () => {
  const options = { name: { type: 'string' }, loud: { type: 'boolean' } } as const;

  it('reads flags strictly', () => {
    expect(parseFlags(['--name', 'x', '--loud'], options)).toEqual({ name: 'x', loud: true });
  });

  it.each([
    [['--nme=Jane Doe'], "Unknown option '--nme'"],
    [['--name'], "Option '--name <value>' argument missing"],
    [['--name', 'Jane', 'Doe'], 'a value without a flag (a value with spaces needs quotes)'],
  ])('refuses %j as a usage error that repeats no value', (argv, message) => {
    expect(() => parseFlags(argv, options)).toThrow(UsageError);
    expect(() => parseFlags(argv, options)).toThrow(message);
    try {
      parseFlags(argv, options);
    } catch (error) {
      expect((error as Error).message).not.toMatch(/Jane|Doe/);
    }
  });
});

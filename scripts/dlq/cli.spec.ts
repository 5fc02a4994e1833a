import { captureCli } from '@rcrp/config';
import { DLQ_CLI } from './cli';

describe('npm run dlq (before it connects to anything)', () => {
  it('--help lists the four commands, the options and exit codes 0, 1 and 2', async () => {
    const help = await captureCli(DLQ_CLI, ['--help']);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    for (const text of [
      'list',
      'show <topic>',
      'redrive <topic>',
      'skip <topic>',
      '--incident',
      '--all',
      '--reason',
      '--wait',
      'KAFKA_BROKERS',
    ])
      expect(help.stdout).toContain(text);
    expect(help.stdout).toMatch(/^ {2}2 {2}usage error/m);
  });

  it.each([
    [[], /the first argument is the command/],
    [['purge'], /the first argument is the command/],
    [['show', 'rcrp.intake.events.v1.dlq', '2'], /show takes 3 arguments/],
    [['show', 'rcrp.intake.events.v1.dlq', 'two', '17'], /<partition> must be a whole number/],
    [['redrive', 'rcrp.intake.events.v1'], /exactly one of --incident <id> and --all/],
    [['redrive', 'rcrp.intake.events.v1', '--all', '--incident', 'x'], /exactly one of/],
    [['redrive', 'rcrp.intake.events.v1', '--all', '--wait', 'soon'], /--wait must be a number of seconds/],
    [['skip', 'rcrp.intake.events.v1.dlq', '2', '17'], /--reason is required/],
    [
      ['skip', 'rcrp.intake.events.v1.dlq', '2', '17', '--reason', 'because'],
      /--reason must be 10-500 characters/,
    ],
    [['list', '--frobnicate'], /Unknown option '--frobnicate'/],
  ])('%j is a usage error (exit 2)', async (argv, message) => {
    const run = await captureCli(DLQ_CLI, argv);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });
});

/**
 * Runs the request fuzz test (test/system/fuzz.e2e-spec.ts) with a larger set than `npm test` does:
 *
 *   npm run fuzz -- --runs 20000 [--seed 7]
 *
 * Needs what the integration tests need: PostgreSQL with the rcrp_test database and the Kafka broker.
 * `npm run fuzz -- --help` lists the options and exit codes.
 */
import { spawnSync } from 'node:child_process';
import { parseFlags, runCliMain, UsageError, type Cli } from '@rcrp/config';

export const FUZZ_CLI: Cli = {
  name: 'fuzz',
  help: {
    command: 'npm run fuzz --',
    summary:
      'run the request fuzz test (test/system/fuzz.e2e-spec.ts) against the three services, with more cases',
    usage: ['[--runs N] [--seed S]'],
    options: [
      {
        title: 'Options',
        options: [
          { flag: '--runs <N>', description: 'generated requests, a whole number', default: '5000' },
          { flag: '--seed <S>', description: 'the fast-check seed, to repeat a run', default: '15' },
        ],
      },
    ],
    environment: [
      {
        name: 'KAFKA_BROKERS',
        description: 'the broker of the integration tests',
        default: '127.0.0.1:9092',
      },
    ],
    exitCodes: { 0: 'every generated request was answered as it should be', 1: 'the fuzz test failed' },
    docs: 'docs/operations.md, "Command-line tools"',
  },
  run(argv) {
    const values = parseFlags(argv, {
      runs: { type: 'string', default: '5000' },
      seed: { type: 'string', default: '15' },
    });
    for (const [name, value] of Object.entries(values)) {
      if (!/^\d{1,7}$/.test(value)) throw new UsageError(`--${name} must be a whole number`);
    }
    const result = spawnSync(
      'npx',
      [
        'jest',
        'test/system/fuzz.e2e-spec.ts',
        '--selectProjects',
        'integration',
        '--runInBand',
        '--forceExit',
      ],
      { stdio: 'inherit', env: { ...process.env, FUZZ_RUNS: values.runs, FUZZ_SEED: values.seed } },
    );
    // jest's own exit code is 1 on a failed test; anything else (a signal) is a failure too.
    return result.status === 0 ? 0 : 1;
  },
};

if (require.main === module) runCliMain(FUZZ_CLI);

/**
 * Runs the request fuzz test (test/system/fuzz.e2e-spec.ts) with a larger set than `npm test` does:
 *
 *   npm run fuzz -- --runs 20000 [--seed 7]
 *
 * Needs what the integration tests need: PostgreSQL with the rcrp_test database and the Kafka broker.
 */
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';

const USAGE = 'usage: npm run fuzz -- [--runs N] [--seed S]';

function main(): number {
  const { values } = parseArgs({
    options: { runs: { type: 'string', default: '5000' }, seed: { type: 'string', default: '15' } },
  });
  for (const [name, value] of Object.entries(values)) {
    if (!/^\d{1,7}$/.test(value ?? '')) throw new Error(`--${name} must be a whole number\n${USAGE}`);
  }
  const result = spawnSync(
    'npx',
    ['jest', 'test/system/fuzz.e2e-spec.ts', '--selectProjects', 'integration', '--runInBand', '--forceExit'],
    { stdio: 'inherit', env: { ...process.env, FUZZ_RUNS: values.runs, FUZZ_SEED: values.seed } },
  );
  return result.status ?? 1;
}

try {
  process.exit(main());
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(2);
}

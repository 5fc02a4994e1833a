/**
 * Runs the real entry point (apps/intake/src/main.ts through ts-node) with bad settings: the process must exit 1
 * with exactly one line on stderr naming the setting, and no stack trace.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { TEST_AUTH_SECRET } from '@rcrp/testing';

const ROOT = resolve(__dirname, '../../..');

function runIntake(env: Record<string, string>): { status: number | null; stderr: string; stdout: string } {
  const result = spawnSync(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/intake/src/main.ts'],
    {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        TS_NODE_PROJECT: 'tsconfig.json',
        NODE_ENV: 'test',
        DATABASE_URL: 'postgres://rcrp_intake:rcrp_intake@127.0.0.1:5432/rcrp_test',
        KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
        AUTH_JWT_SECRET: TEST_AUTH_SECRET,
        PERSONAL_DATA_MASTER_KEY: Buffer.alloc(32, 1).toString('base64'),
        INTAKE_PORT: '39001',
        ...env,
      },
    },
  );
  return { status: result.status, stderr: result.stderr, stdout: result.stdout };
}

function expectOneLine(stderr: string, expected: string): void {
  const lines = stderr.split('\n').filter((line) => line.trim() !== '');
  expect(lines).toEqual([expect.stringContaining(expected)]);
  expect(stderr).not.toMatch(/\n\s+at /);
}

describe('start-up with bad configuration (real entry point)', () => {
  it('a non-numeric port: one line naming INTAKE_PORT, exit 1', () => {
    const result = runIntake({ INTAKE_PORT: 'abc' });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(
      'Configuration error: INTAKE_PORT must be an integer 1-65535 (got "abc")',
    );
  });

  it('an unreachable broker: one line naming KAFKA_BROKERS, exit 1', () => {
    const result = runIntake({ KAFKA_BROKERS: '127.0.0.1:1' });
    expect(result.status).toBe(1);
    expectOneLine(result.stderr, 'Startup error: cannot reach Kafka at 127.0.0.1:1 (KAFKA_BROKERS)');
  });

  it('an unreachable database: one line naming DATABASE_URL without its password, exit 1', () => {
    const result = runIntake({ DATABASE_URL: 'postgres://rcrp_intake:hunter2@127.0.0.1:1/rcrp_test' });
    expect(result.status).toBe(1);
    expectOneLine(
      result.stderr,
      'Startup error: cannot reach PostgreSQL at postgres://rcrp_intake:***@127.0.0.1:1/rcrp_test (DATABASE_URL)',
    );
    expect(result.stderr).not.toContain('hunter2');
  });

  it('production without a secret or JWKS URL: one line, exit 1', () => {
    const result = runIntake({ NODE_ENV: 'production', AUTH_JWT_SECRET: '' });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(
      'Configuration error: AUTH_JWT_SECRET is required: production needs AUTH_JWKS_URL (RS256) or AUTH_JWT_SECRET (HS256)',
    );
  });
});

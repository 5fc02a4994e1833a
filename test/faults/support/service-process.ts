/**
 * A real service process for fault tests: `apps/<service>/src/main.ts` under ts-node (as `npm start` runs the
 * build), on a free port, against the test database and broker, with its output kept for inspection.
 */
import { signDevelopmentToken, type UserRole } from '@rcrp/auth';
import type { ServiceName } from '@rcrp/config';
import { freePort, waitFor, testConfig } from '@rcrp/testing';
import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';

export interface ServiceProcess {
  service: ServiceName;
  baseUrl: string;
  pid: number;
  /** Everything the process wrote (stdout and stderr), for the test to search. */
  output(): string;
  alive(): boolean;
  token(role: UserRole, sub: string): Promise<string>;
  ready(): Promise<boolean>;
  stop(): Promise<void>;
  /** Ends the process at once with SIGKILL, as a crash or the OOM killer would: no shutdown hook runs. */
  kill(): Promise<void>;
}

export async function startServiceProcess(
  service: ServiceName,
  env: Record<string, string> = {},
): Promise<ServiceProcess> {
  const config = testConfig(service);
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', `apps/${service}/src/main.ts`],
    {
      env: {
        ...process.env,
        TS_NODE_PROJECT: 'tsconfig.json',
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        [`${service.toUpperCase()}_PORT`]: String(port),
        DATABASE_URL: config.database.url,
        DATABASE_OWNER_URL: config.database.ownerUrl,
        AUTH_JWT_SECRET: (config.auth as { secret: string }).secret,
        PERSONAL_DATA_MASTER_KEY: config.personalData.masterKey,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const alive = () => child.exitCode === null && child.signalCode === null;
  const ready = () =>
    fetch(`${baseUrl}/health/ready`, { signal: AbortSignal.timeout(5_000) }).then(
      (response) => response.ok,
      () => false,
    );
  await waitFor(async () => (await ready()) || !alive(), {
    timeoutMs: 120_000,
    intervalMs: 250,
    description: `${service} on ${baseUrl} to be ready`,
  });
  if (!alive()) throw new Error(`${service} exited during start-up:\n${output.slice(-2000)}`);
  return {
    service,
    baseUrl,
    pid: child.pid!,
    output: () => output,
    alive,
    ready,
    token: (role, sub) => signDevelopmentToken(config.auth, { sub, role, ttl: '10m' }),
    async stop() {
      if (!alive()) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
    async kill() {
      if (!alive()) return;
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    },
  };
}

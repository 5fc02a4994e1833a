import { spawn, type ChildProcess } from 'node:child_process';
import { TEST_API_SCOPE, TEST_AUDIENCE, TEST_CLIENT_ID } from './identity-provider';
import { FROM_SOURCE, PORT_BASE, ROOT, TEST_ENV } from './stack';

/**
 * The production sign-in's own stack, beside the main one (which signs in with development tokens): the test
 * OpenID provider, triage verifying its tokens through AUTH_JWKS_URL (no shared secret), and the console in
 * production with the OpenID Connect sign-in, on ports 13010-13019 (RCRP_E2E_PORT_BASE + 10). Only triage: the
 * queue is what the sign-in lands on. Started by the spec that needs it, so the rest of the suite does not pay for it.
 */
const OIDC_BASE = PORT_BASE + 10;
export const OIDC_CONSOLE_URL = `http://127.0.0.1:${OIDC_BASE}`;
export const OIDC_ISSUER = `http://127.0.0.1:${OIDC_BASE + 9}`;
const TRIAGE_URL = `http://127.0.0.1:${OIDC_BASE + 2}`;
/** Short, so the test sees a renewal (oidc-client-ts renews a minute before expiry): about 20 s after sign-in. */
export const OIDC_TOKEN_TTL_SECONDS = 80;

export interface OidcStack {
  stop(): Promise<void>;
}

export async function startOidcStack(): Promise<OidcStack> {
  const started: ChildProcess[] = [];
  const stack = { stop: () => Promise.all(started.map(stop)).then(() => undefined) };
  try {
    started.push(
      start('identity-provider', `${FROM_SOURCE} apps/console/e2e/support/identity-provider.ts`, {
        OIDC_TEST_PORT: String(OIDC_BASE + 9),
        OIDC_TEST_CONSOLE_URL: OIDC_CONSOLE_URL,
        OIDC_TEST_TOKEN_TTL: String(OIDC_TOKEN_TTL_SECONDS),
      }),
    );
    await ready(`${OIDC_ISSUER}/.well-known/openid-configuration`);
    started.push(
      start('triage', `${FROM_SOURCE} apps/triage/src/main.ts`, {
        TRIAGE_PORT: String(OIDC_BASE + 2),
        DATABASE_URL: 'postgres://rcrp_triage:rcrp_triage@127.0.0.1:5432/rcrp_test',
        AUTH_JWT_SECRET: '',
        AUTH_JWKS_URL: `${OIDC_ISSUER}/jwks`,
        AUTH_ISSUER: OIDC_ISSUER,
        AUTH_AUDIENCE: TEST_AUDIENCE,
        AUTH_MAX_TOKEN_TTL: '2m',
      }),
      // The web app is the one the main stack's console built.
      start('console', `${FROM_SOURCE} apps/console/src/main.ts`, {
        NODE_ENV: 'production',
        CONSOLE_PORT: String(OIDC_BASE),
        CONSOLE_TRIAGE_URL: TRIAGE_URL,
        // Not started: nothing on the queue calls them, and the forward answers 503 if anything did.
        CONSOLE_INTAKE_URL: `http://127.0.0.1:${OIDC_BASE + 1}`,
        CONSOLE_OUTCOMES_URL: `http://127.0.0.1:${OIDC_BASE + 3}`,
        AUTH_ISSUER: OIDC_ISSUER,
        CONSOLE_OIDC_CLIENT_ID: TEST_CLIENT_ID,
        CONSOLE_OIDC_SCOPES: `openid profile ${TEST_API_SCOPE}`,
      }),
    );
    await Promise.all([ready(`${TRIAGE_URL}/health/ready`), ready(`${OIDC_CONSOLE_URL}/health/live`)]);
    return stack;
  } catch (error) {
    await stack.stop();
    throw error;
  }
}

function start(name: string, command: string, env: Record<string, string>): ChildProcess {
  const child = spawn(command, {
    cwd: ROOT,
    shell: true,
    detached: true,
    env: { ...process.env, ...TEST_ENV, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    // oidc-provider warns that it is set up for development, which it is.
    const lines = String(chunk)
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith('oidc-provider WARNING'));
    for (const line of lines) process.stderr.write(`[oidc-stack ${name}] ${line}\n`);
  });
  return child;
}

async function ready(url: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

/** SIGTERM to the process group (the shell and node), as Playwright stops its web servers; SIGKILL after 15 s. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-child.pid, 'SIGTERM');
  const timer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

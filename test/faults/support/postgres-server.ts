/**
 * Restarts the machine's real PostgreSQL server (the one every test uses) for the fault tests, as an operator
 * would: `pg_ctlcluster <version> main restart -m fast|immediate`.
 */
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

function cluster(): [string, string] {
  const version = process.env.RCRP_PG_CLUSTER_VERSION ?? readdirSync('/etc/postgresql').sort().pop();
  if (!version) throw new Error('no PostgreSQL cluster under /etc/postgresql to restart');
  return [version, process.env.RCRP_PG_CLUSTER_NAME ?? 'main'];
}

async function pgCtl(...args: string[]): Promise<string> {
  const [version, name] = cluster();
  const { stdout } = await run('pg_ctlcluster', ['--skip-systemctl-redirect', version, name, ...args], {
    timeout: 60_000,
  });
  return stdout;
}

/** `fast`: sessions are told to end (57P01) and rolled back; `immediate`: the server stops without a clean checkpoint. */
export async function restartPostgres(mode: 'fast' | 'immediate'): Promise<void> {
  await pgCtl('restart', '-m', mode);
}

/** Starts the server if it is not running: every exit path of a fault test calls it. */
export async function ensurePostgresRunning(): Promise<void> {
  const status = await pgCtl('status').catch(() => 'down');
  if (!/server is running/.test(status)) await pgCtl('start');
}

/**
 * The three services as the benchmark runs them: built (or reused when dist/ is newer than every source), started as
 * separate `node dist/apps/<svc>/main.js` processes on their own ports, waited for on /health/ready, their memory
 * sampled from /proc, and stopped with SIGTERM (SIGKILL only if one ignores it).
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

// The build's colour codes, stripped from the error shown.
// eslint-disable-next-line no-control-regex
const ANSI_COLOUR = /\x1b\[[0-9;]*m/g;

export const SERVICES = ['intake', 'triage', 'outcomes'] as const;
export type ServiceName = (typeof SERVICES)[number];

const ROOT = resolve(__dirname, '..', '..');
const STOP_TIMEOUT_MS = 15_000;

export class ServiceStartError extends Error {
  override readonly name = 'ServiceStartError';
}

export interface RunningService {
  readonly name: ServiceName;
  readonly port: number;
  readonly process: ChildProcess;
  /** Last lines of its output, shown when it dies (LOG_LEVEL=warn keeps this small). */
  readonly tail: string[];
  /** Its whole output (warnings and errors at LOG_LEVEL=warn). */
  readonly logPath: string;
}

/** Newest modification time (ms) of any .ts/.json under the given paths; node_modules and dist are skipped. */
function newestSourceMtime(paths: string[]): number {
  let newest = 0;
  const visit = (path: string): void => {
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path)) {
        if (entry === 'node_modules' || entry === 'dist' || entry === 'test' || entry.startsWith('.'))
          continue;
        visit(join(path, entry));
      }
    } else if (/\.(ts|json)$/.test(path) && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(path)) {
      newest = Math.max(newest, stat.mtimeMs);
    }
  };
  for (const path of paths) if (existsSync(path)) visit(path);
  return newest;
}

/**
 * Builds each service whose bundle is missing or older than its sources (its app, every lib, the tsconfigs and
 * package.json). Tests are excluded from the comparison: they are not in the bundle. Returns what was built.
 */
export function buildIfStale(log: (message: string) => void): ServiceName[] {
  const shared = newestSourceMtime(
    ['libs', 'tsconfig.base.json', 'tsconfig.build.json', 'nest-cli.json', 'package.json'].map((p) =>
      join(ROOT, p),
    ),
  );
  const built: ServiceName[] = [];
  for (const svc of SERVICES) {
    const bundle = join(ROOT, 'dist', 'apps', svc, 'main.js');
    const sources = Math.max(
      shared,
      newestSourceMtime([join(ROOT, 'apps', svc, 'src'), join(ROOT, 'apps', svc, 'tsconfig.app.json')]),
    );
    if (existsSync(bundle) && statSync(bundle).mtimeMs > sources) {
      log(`${svc}: dist/ is newer than its sources, reused`);
      continue;
    }
    log(`${svc}: building (npx nest build ${svc})`);
    const result = spawnSync('npx', ['nest', 'build', svc], { cwd: ROOT, encoding: 'utf8' });
    if (result.status !== 0) {
      // The work tree is shared: a half-edited lib fails the build. Show its first errors, not all of them.
      const output = `${result.stdout}${result.stderr}`
        .replace(ANSI_COLOUR, '')
        .split('\n')
        .slice(0, 30)
        .join('\n');
      throw new ServiceStartError(
        `npx nest build ${svc} failed (or run with --no-build to use dist/ as it is):\n${output}`,
      );
    }
    built.push(svc);
  }
  return built;
}

/** Starts one service; `nodeFlags` e.g. `--cpu-prof` (Node 20 refuses it in NODE_OPTIONS, so it goes on the command line). */
export function startService(
  name: ServiceName,
  port: number,
  env: NodeJS.ProcessEnv,
  nodeFlags: string[] = [],
): RunningService {
  const tail: string[] = [];
  const logDir = join(ROOT, '.run', 'bench-e2e');
  mkdirSync(logDir, { recursive: true });
  const logPath = join(logDir, `${name}.log`);
  const logFile = createWriteStream(logPath);
  const child = spawn(process.execPath, [...nodeFlags, join(ROOT, 'dist', 'apps', name, 'main.js')], {
    cwd: ROOT,
    env: {
      ...env,
      [`${name.toUpperCase()}_PORT`]: String(port),
      NO_COLOR: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk: Buffer) => {
    logFile.write(chunk);
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim() === '') continue;
      tail.push(line.length > 400 ? `${line.slice(0, 400)}…` : line);
      if (tail.length > 20) tail.shift();
    }
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.once('exit', () => logFile.end());
  return { name, port, process: child, tail, logPath };
}

/** Polls /health/ready until 200; fails at once if the process exits meanwhile. */
export async function waitReady(service: RunningService, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (service.process.exitCode !== null || service.process.signalCode !== null) {
      throw new ServiceStartError(`${service.name} exited during start-up:\n${service.tail.join('\n')}`);
    }
    try {
      const response = await fetch(`http://127.0.0.1:${service.port}/health/ready`, {
        signal: AbortSignal.timeout(2_000),
      });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      throw new ServiceStartError(
        `${service.name} was not ready within ${timeoutMs / 1000} s:\n${service.tail.join('\n')}`,
      );
    }
    await sleep(250);
  }
}

/** SIGTERM, wait for the exit (graceful shutdown drains consumers and the relay), SIGKILL after 15 s. */
export interface StopResult {
  exitCode: number | null;
  /** Nest re-raises the signal after its shutdown hooks, so a clean stop usually ends with signal SIGTERM. */
  signal: NodeJS.Signals | null;
  killed: boolean;
}

export async function stopService(service: RunningService): Promise<StopResult> {
  const child = service.process;
  if (child.exitCode !== null || child.signalCode !== null)
    return { exitCode: child.exitCode, signal: child.signalCode, killed: false };
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  const inTime = await Promise.race([exited.then(() => true), sleep(STOP_TIMEOUT_MS).then(() => false)]);
  if (!inTime) {
    child.kill('SIGKILL');
    await exited;
  }
  return { exitCode: child.exitCode, signal: child.signalCode, killed: !inTime };
}

export interface MemoryReading {
  rssMb: number;
  hwmMb: number;
}

/** VmRSS (now) and VmHWM (the kernel's peak) of a process, in MB; null once it has gone. */
export function readMemory(pid: number): MemoryReading | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (field: string) =>
      Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
    return { rssMb: kib('VmRSS') / 1024, hwmMb: kib('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

/** Samples each service's VmRSS every `intervalMs`, keeping the peak sample (VmHWM is read separately at the end). */
export class RssSampler {
  readonly peakRssMb = new Map<ServiceName, number>();
  readonly samples = new Map<ServiceName, number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly services: RunningService[],
    private readonly intervalMs = 500,
  ) {}

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private sample(): void {
    for (const service of this.services) {
      const reading = service.process.pid === undefined ? null : readMemory(service.process.pid);
      if (!reading) continue;
      this.peakRssMb.set(service.name, Math.max(this.peakRssMb.get(service.name) ?? 0, reading.rssMb));
      this.samples.set(service.name, (this.samples.get(service.name) ?? 0) + 1);
    }
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

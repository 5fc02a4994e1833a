import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { checkKafka, createKafka } from '@rcrp/messaging';

jest.setTimeout(240_000);

/**
 * scripts/infra/kafka.sh, driven like a developer would, against a second broker of its own (own ports, own
 * run dir), so the shared broker the other tests use is never touched.
 */
const SCRIPT = resolve(__dirname, '../../../scripts/infra/kafka.sh');
const runDir = mkdtempSync(join(tmpdir(), 'rcrp-kafka-script-'));
const configFile = join(runDir, 'server.properties');
const pidFile = join(runDir, 'kafka.pid');

interface ScriptResult {
  code: number;
  output: string;
}

let brokers = '';

async function kafkaSh(command: string): Promise<ScriptResult> {
  const env = {
    ...process.env,
    KAFKA_BROKERS: brokers,
    KAFKA_RUN_DIR: runDir,
    KAFKA_HEAP_OPTS: '-Xms128m -Xmx256m',
  };
  try {
    const { stdout, stderr } = await promisify(execFile)('bash', [SCRIPT, command], { env });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

/** Every live process running a broker with this test's config: the truth, whatever the pid file says. */
function brokerProcesses(): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8')
          .split('\0')
          .join(' ')
          .includes(`kafka.Kafka ${configFile}`);
      } catch {
        return false; // exited while we looked
      }
    })
    .map(Number);
}

async function isFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const probe = createServer();
    probe.once('error', () => done(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => done(true)));
  });
}

/** A broker port whose neighbour (the controller port) is free too. */
async function freePortPair(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const port = 20_000 + Math.floor(Math.random() * 9_000) * 2;
    if ((await isFree(port)) && (await isFree(port + 1))) return port;
  }
  throw new Error('no free port pair found');
}

describe('scripts/infra/kafka.sh', () => {
  beforeAll(async () => {
    brokers = `127.0.0.1:${await freePortPair()}`;
  });

  afterAll(async () => {
    await kafkaSh('stop');
    for (const pid of brokerProcesses()) process.kill(pid, 'SIGKILL');
    rmSync(runDir, { recursive: true, force: true });
  });

  it('starting twice, even at the same moment, leaves exactly one broker, and it answers', async () => {
    const [first, second] = await Promise.all([kafkaSh('start'), kafkaSh('start')]);
    expect([first.code, second.code]).toEqual([0, 0]);
    expect(first.output + second.output).toMatch(/already running/);
    const third = await kafkaSh('start');
    expect(third.output).toMatch(/already running/);

    expect(brokerProcesses()).toEqual([Number(readFileSync(pidFile, 'utf8'))]);
    await expect(
      checkKafka(createKafka({ brokers: [brokers], clientId: 'script-test' }), 5_000),
    ).resolves.toBeUndefined();
  });

  it('detects a crashed broker (dead pid) and starts it again', async () => {
    const [crashed] = brokerProcesses();
    process.kill(crashed, 'SIGKILL');
    while (brokerProcesses().includes(crashed)) await new Promise((done) => setTimeout(done, 50));

    const status = await kafkaSh('status');
    expect(status.code).toBe(3);
    expect(status.output).toMatch(/stale pid file/);

    const restart = await kafkaSh('start');
    expect(restart.code).toBe(0);
    expect(restart.output).toMatch(/crashed or was killed; restarting/);
    const processes = brokerProcesses();
    expect(processes).toHaveLength(1);
    expect(processes[0]).not.toBe(crashed);
    await expect(
      checkKafka(createKafka({ brokers: [brokers], clientId: 'script-test' }), 5_000),
    ).resolves.toBeUndefined();
  });

  it('stops cleanly: no broker process and no pid file left', async () => {
    const stop = await kafkaSh('stop');
    expect(stop.code).toBe(0);
    expect(stop.output).toMatch(/stopped/);
    expect(brokerProcesses()).toEqual([]);
    expect(existsSync(pidFile)).toBe(false);
    expect((await kafkaSh('status')).code).toBe(3);
  });
});

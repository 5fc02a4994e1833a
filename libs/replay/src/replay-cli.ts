import { userInfo } from 'node:os';
import type { Writable } from 'node:stream';
import { logLevel } from 'kafkajs';
import { AuditLog } from '@rcrp/personal-data';
import { mergedEnvironment } from '@rcrp/config';
import { appRoleFor, createPool, withCredentials, type ServiceName } from '@rcrp/database';
import { createKafka, parseBrokers } from '@rcrp/messaging';
import { MASTER_KEY_ENV, PersonalDataCipher, decodeMasterKey } from '@rcrp/personal-data';
import { runCli } from '@rcrp/config';
import { parseReplayArgs, ReplayUsageError, REPLAY_HELP, type TopicReplayCommand } from './cli-args';
import { replayAccessRecorder } from './personal-data-audit';
import { formatRebuild, rebuildProjection } from './projection-command';
import { registeredProjection } from './projection-registry';
import { createProgress } from './progress';
import { formatSummary, runTopicReplay } from './topic-replay';
import { formatVerification, verifyService } from './verify-command';

export interface ReplayCliIo {
  stdout: Writable;
  stderr: Writable & { isTTY?: boolean };
  /** Environment; `.env.local` is merged under it by default. */
  env?: Record<string, string | undefined>;
}

const DEFAULT_OWNER_URL = 'postgres://rcrp_owner:rcrp_owner@127.0.0.1:5432/rcrp';

/**
 * `npm run replay -- ...`. Exit codes: 0 done, 1 verification failed or the replay failed, 2 bad command line
 * (also an unknown topic, event type or projection, or a `--service` that does not own the topic); `--help` prints
 * every option to stdout and exits 0.
 */
export async function runReplayCli(argv: readonly string[], io: ReplayCliIo): Promise<number> {
  return runCli(
    {
      name: 'replay',
      help: REPLAY_HELP,
      stackOnFailure: true,
      run: async (args) => {
        const command = parseReplayArgs(args);
        const env = io.env ?? mergedEnvironment();
        switch (command.kind) {
          case 'topics':
            return replayTopicsCommand(command, env, io);
          case 'verify':
            return verifyCommand(command.services, env, io);
          case 'projection':
            return projectionCommand(command.service, command.name, env, io);
        }
      },
    },
    argv,
    io,
  );
}

function ownerUrlOf(env: Record<string, string | undefined>): string {
  return env.DATABASE_OWNER_URL || DEFAULT_OWNER_URL;
}

/** `DATABASE_SCHEMA` overrides the schema only when one service is named (tests point it at a throw-away schema). */
function schemaOf(service: ServiceName, env: Record<string, string | undefined>, single: boolean): string {
  return single && env.DATABASE_SCHEMA ? env.DATABASE_SCHEMA : service;
}

/** `REPLAY_SORT_RUN_MB`: memory for one sorted run before it goes to a temporary file (default 64). */
function sortRunBytesOf(env: Record<string, string | undefined>): number | undefined {
  const value = Number(env.REPLAY_SORT_RUN_MB ?? '');
  return Number.isFinite(value) && value > 0 ? Math.round(value * 2 ** 20) : undefined;
}

/** A missing or malformed key is a usage error (exit 2): nothing has been read yet. */
function masterKeyOf(env: Record<string, string | undefined>): string {
  const value = env[MASTER_KEY_ENV]?.trim();
  if (!value)
    throw new ReplayUsageError(
      `${MASTER_KEY_ENV} is not set (environment or .env.local): pseudonyms are keyed with it`,
    );
  try {
    decodeMasterKey(value);
  } catch (error) {
    throw new ReplayUsageError((error as Error).message);
  }
  return value;
}

async function replayTopicsCommand(
  command: TopicReplayCommand,
  env: Record<string, string | undefined>,
  io: ReplayCliIo,
): Promise<number> {
  const masterKey = masterKeyOf(env);
  const kafka = createKafka({
    brokers: parseBrokers(env.KAFKA_BROKERS),
    clientId: 'rcrp-replay',
    logLevel: logLevel.ERROR,
  });
  const personal = command.personalData;
  if (!personal) {
    const summary = await runTopicReplay(command, {
      kafka,
      masterKey,
      stdout: io.stdout,
      progress: createProgress(io.stderr),
      sortRunBytes: sortRunBytesOf(env),
    });
    io.stderr.write(formatSummary(summary));
    return 0;
  }

  // Operators only: decrypted with the owning service's keys as that service's app role, each case's access recorded
  // in that service's read audit before its values are written.
  const schema = schemaOf(personal.service, env, true);
  const appRole = appRoleFor(personal.service);
  const appPool = createPool({
    url: env.DATABASE_URL || withCredentials(ownerUrlOf(env), appRole, appRole),
    schema,
    applicationName: 'rcrp-replay',
    max: 2,
  });
  try {
    const actor = personal.actor ?? userInfo().username;
    const recordAccess = replayAccessRecorder(new AuditLog({ pool: appPool, schema }), {
      actor,
      reason: personal.reason,
      topics: command.topics,
      from: command.from,
      to: command.to,
      types: command.types,
    });
    io.stderr.write(
      `replay: personal data included; each case read is recorded in ${schema}.read_audit (actor ${actor})\n`,
    );
    const cipher = new PersonalDataCipher({ pool: appPool, schema, masterKey: decodeMasterKey(masterKey) });
    const summary = await runTopicReplay(command, {
      kafka,
      masterKey,
      stdout: io.stdout,
      progress: createProgress(io.stderr),
      personalData: { cipher, recordAccess },
      sortRunBytes: sortRunBytesOf(env),
    });
    io.stderr.write(formatSummary(summary));
    return 0;
  } finally {
    await appPool.end();
  }
}

async function verifyCommand(
  services: ServiceName[],
  env: Record<string, string | undefined>,
  io: ReplayCliIo,
): Promise<number> {
  let ok = true;
  for (const service of services) {
    const schema = schemaOf(service, env, services.length === 1);
    // The owner reads every schema; the chain covers stored (encrypted) columns, so no key is needed.
    const pool = createPool({ url: ownerUrlOf(env), schema, applicationName: 'rcrp-replay-verify', max: 2 });
    try {
      const verification = await verifyService(pool, service, schema);
      io.stdout.write(formatVerification(verification));
      ok &&= verification.result.ok;
    } finally {
      await pool.end();
    }
  }
  return ok ? 0 : 1;
}

async function projectionCommand(
  service: ServiceName,
  name: string,
  env: Record<string, string | undefined>,
  io: ReplayCliIo,
): Promise<number> {
  const projection = registeredProjection(service, name);
  const schema = schemaOf(service, env, true);
  const ownerPool = createPool({
    url: ownerUrlOf(env),
    schema,
    applicationName: 'rcrp-replay-projection',
    max: 4,
  });
  try {
    const masterKey = env[MASTER_KEY_ENV]?.trim();
    const cipher = masterKey
      ? new PersonalDataCipher({ pool: ownerPool, schema, masterKey: decodeMasterKey(masterKey) })
      : undefined;
    const result = await rebuildProjection({
      ownerPool,
      schema,
      appRole: appRoleFor(service),
      projection,
      cipher,
    });
    io.stdout.write(formatRebuild(service, result));
    return 0;
  } finally {
    await ownerPool.end();
  }
}

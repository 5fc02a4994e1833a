import { UsageError, type CliHelp } from '@rcrp/config';
import { SERVICE_NAMES, type ServiceName } from '@rcrp/database';
import {
  EVENT_TOPICS,
  eventTypesOnTopic,
  isEventType,
  isSystemTopic,
  topicOwnerOf,
  type Topic,
} from '@rcrp/events';
import { accessReasonProblem, ACCESS_REASON_RULE } from '@rcrp/personal-data';

/** A command line that cannot be run as given; the CLI prints the message and exits 2. */
export class ReplayUsageError extends UsageError {
  override readonly name: string = 'ReplayUsageError';
}

export type OutputFormat = 'ndjson' | 'csv';

export interface TopicReplayCommand {
  kind: 'topics';
  topics: string[];
  /** Inclusive lower bound on the Kafka record time; null = earliest. */
  from: Date | null;
  /** Exclusive upper bound on the Kafka record time; null = up to the end seen at start. */
  to: Date | null;
  /** Only these event types; null = all. */
  types: string[] | null;
  /** null = stdout (NDJSON). */
  out: string | null;
  format: OutputFormat;
  /** Operators only, with a stated reason and the service whose keys decrypt the fields. */
  personalData: { reason: string; service: ServiceName; actor: string | null } | null;
}

export interface ProjectionReplayCommand {
  kind: 'projection';
  service: ServiceName;
  name: string;
}

export interface VerifyCommand {
  kind: 'verify';
  services: ServiceName[];
}

export type ReplayCommand = TopicReplayCommand | ProjectionReplayCommand | VerifyCommand;

const SERVICES = SERVICE_NAMES.join('|');

/** `npm run replay -- --help`. */
export const REPLAY_HELP: CliHelp = {
  command: 'npm run replay --',
  summary: 'export event topics from Kafka, rebuild a read model, or verify the event stores',
  usage: [
    '--topic T [--topic T2 ...] [--from earliest|ISO] [--to ISO] [--type A,B] [--out file.ndjson|file.csv]',
    `    [--include-personal-data --reason "..." --service ${SERVICES} [--actor NAME]]`,
    '--projection <service>.<name>',
    `--verify [--service ${SERVICES}]`,
  ],
  options: [
    {
      title: 'Export topics (analyst view: personal fields dropped, subjects pseudonymised)',
      options: [
        { flag: '--topic <name>', description: `a topic to read; repeatable (${EVENT_TOPICS.join(', ')})` },
        {
          flag: '--from earliest|<ISO>',
          description: 'Kafka record time, inclusive; an ISO 8601 instant with a zone',
          default: 'earliest',
        },
        {
          flag: '--to <ISO>',
          description: 'Kafka record time, exclusive',
          default: 'the end of each partition when the replay starts',
        },
        {
          flag: '--type <A,B>',
          description: 'only these event types, a comma list',
          default: 'every type',
        },
        {
          flag: '--out <file>',
          description: 'write to a file; .ndjson (one event a line) or .csv (RFC 4180)',
          default: 'NDJSON on stdout',
        },
      ],
    },
    {
      title: 'Personal data (operators; every case read is recorded in the owning service read audit)',
      options: [
        { flag: '--include-personal-data', description: 'decrypt personal fields instead of dropping them' },
        { flag: '--reason "<why>"', description: `required with it: why (${ACCESS_REASON_RULE})` },
        {
          flag: `--service ${SERVICES}`,
          description: "required with it: the topics' owner, whose keys decrypt them",
        },
        { flag: '--actor <name>', description: 'who reads, for the audit', default: 'the OS user' },
      ],
    },
    {
      title: 'Rebuild a read model',
      options: [
        {
          flag: '--projection <service>.<name>',
          description: 'rebuild it from its service store beside the live one, compare, swap in',
        },
      ],
    },
    {
      title: 'Verify the event stores',
      options: [
        { flag: '--verify', description: "recompute every stream's hash chain" },
        { flag: `--service ${SERVICES}`, description: 'only this service', default: 'all three' },
      ],
    },
  ],
  readsEnvFile: true,
  environment: [
    { name: 'KAFKA_BROKERS', description: 'the brokers', default: '127.0.0.1:9092' },
    { name: 'PERSONAL_DATA_MASTER_KEY', description: 'keys the pseudonyms (and the per-subject keys)' },
    {
      name: 'DATABASE_OWNER_URL',
      description: 'the owner role',
      default: 'postgres://rcrp_owner:rcrp_owner@127.0.0.1:5432/rcrp',
    },
    {
      name: 'DATABASE_URL',
      description: "with personal data: the service's app role",
      default: 'from the owner URL',
    },
    {
      name: 'DATABASE_SCHEMA',
      description: 'with one named service: its schema',
      default: 'the service name',
    },
    {
      name: 'REPLAY_SORT_RUN_MB',
      description: 'memory per sorted run before it goes to disk',
      default: '64',
    },
  ],
  exitCodes: {
    0: 'done',
    1: 'the replay or rebuild failed, or --verify found a broken hash chain',
    2: 'usage error: bad command line, unknown topic, event type or projection, wrong --service; nothing was read',
  },
  examples: [
    'npm run -s replay -- --topic rcrp.outcomes.events.v1 > outcomes.ndjson',
    'npm run -s replay -- --topic rcrp.triage.events.v1 --type AdviceGiven --from 2026-03-01T00:00:00Z --out advice.csv',
    'npm run replay -- --projection intake.incident_list',
    'npm run replay -- --verify --service triage',
  ],
  docs: 'docs/replay.md',
};

const VALUE_FLAGS = new Set([
  '--topic',
  '--from',
  '--to',
  '--type',
  '--out',
  '--reason',
  '--service',
  '--actor',
  '--projection',
]);
const BOOLEAN_FLAGS = new Set(['--include-personal-data', '--verify']);

/** Flags as a multimap; accepts `--flag value` and `--flag=value`. */
function collectFlags(argv: readonly string[]): Map<string, string[]> {
  const flags = new Map<string, string[]>();
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index];
    const [flag, inline] = argument.includes('=')
      ? [argument.slice(0, argument.indexOf('=')), argument.slice(argument.indexOf('=') + 1)]
      : [argument, undefined];
    if (BOOLEAN_FLAGS.has(flag)) {
      if (inline !== undefined) throw new ReplayUsageError(`${flag} takes no value`);
      flags.set(flag, ['true']);
      continue;
    }
    if (!VALUE_FLAGS.has(flag)) {
      // A flag's name is safe to repeat; a stray value (an unquoted reason's second word) may be personal.
      throw new ReplayUsageError(
        flag.startsWith('-')
          ? `unknown argument "${flag}"`
          : `argument ${index + 1} is not a flag (a value with spaces needs quotes)`,
      );
    }
    const value = inline ?? argv[++index];
    if (value === undefined || value === '' || (inline === undefined && value.startsWith('--'))) {
      throw new ReplayUsageError(`${flag} needs a value`);
    }
    flags.set(flag, [...(flags.get(flag) ?? []), value]);
  }
  return flags;
}

function single(flags: Map<string, string[]>, flag: string): string | null {
  const values = flags.get(flag);
  if (!values) return null;
  if (values.length > 1) throw new ReplayUsageError(`${flag} may be given once`);
  return values[0];
}

function parseService(value: string): ServiceName {
  if (!(SERVICE_NAMES as readonly string[]).includes(value)) {
    throw new ReplayUsageError(`unknown service "${value}" (one of ${SERVICE_NAMES.join(', ')})`);
  }
  return value as ServiceName;
}

/** A full ISO 8601 instant with a zone; a bare date or local time would mean different moments on different machines. */
function parseInstant(flag: string, value: string): Date {
  const instant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(value)
    ? new Date(value)
    : null;
  if (!instant || Number.isNaN(instant.getTime())) {
    throw new ReplayUsageError(
      `${flag} must be an ISO 8601 instant with a zone, e.g. 2025-03-01T00:00:00Z (got "${value}")`,
    );
  }
  return instant;
}

function only(flags: Map<string, string[]>, allowed: readonly string[], mode: string): void {
  for (const flag of flags.keys()) {
    if (!allowed.includes(flag)) throw new ReplayUsageError(`${flag} cannot be used with ${mode}`);
  }
}

export function parseReplayArgs(argv: readonly string[]): ReplayCommand {
  const flags = collectFlags(argv);
  const modes = ['--topic', '--projection', '--verify'].filter((flag) => flags.has(flag));
  if (modes.length !== 1) throw new ReplayUsageError('give exactly one of --topic, --projection, --verify');

  if (flags.has('--verify')) {
    only(flags, ['--verify', '--service'], '--verify');
    const service = single(flags, '--service');
    return { kind: 'verify', services: service ? [parseService(service)] : [...SERVICE_NAMES] };
  }

  if (flags.has('--projection')) {
    only(flags, ['--projection'], '--projection');
    const target = single(flags, '--projection')!;
    const match = /^([a-z]+)\.([a-z][a-z0-9_]*)$/.exec(target);
    if (!match)
      throw new ReplayUsageError(
        `--projection must be <service>.<name>, e.g. intake.incident_list (got "${target}")`,
      );
    return { kind: 'projection', service: parseService(match[1]), name: match[2] };
  }

  only(
    flags,
    [
      '--topic',
      '--from',
      '--to',
      '--type',
      '--out',
      '--include-personal-data',
      '--reason',
      '--service',
      '--actor',
    ],
    '--topic',
  );
  const fromValue = single(flags, '--from');
  const toValue = single(flags, '--to');
  const from = fromValue === null || fromValue === 'earliest' ? null : parseInstant('--from', fromValue);
  const to = toValue === null ? null : parseInstant('--to', toValue);
  if (from && to && from.getTime() >= to.getTime()) throw new ReplayUsageError('--from must be before --to');

  const typeValue = single(flags, '--type');
  const types =
    typeValue === null
      ? null
      : typeValue
          .split(',')
          .map((type) => type.trim())
          .filter(Boolean);
  if (types !== null && types.length === 0)
    throw new ReplayUsageError('--type needs at least one event type');
  const topics = [...new Set(flags.get('--topic')!)];
  if (types !== null) checkTypes(types, topics);

  const out = single(flags, '--out');
  let format: OutputFormat = 'ndjson';
  if (out !== null) {
    if (/\.csv$/i.test(out)) format = 'csv';
    else if (!/\.(nd)?json$/i.test(out) && out !== '/dev/null')
      throw new ReplayUsageError('--out must end in .ndjson or .csv');
  }

  const include = flags.has('--include-personal-data');
  const reason = single(flags, '--reason');
  const service = single(flags, '--service');
  if (include !== (reason !== null)) {
    throw new ReplayUsageError('--include-personal-data and --reason "..." must be given together');
  }
  const reasonProblem = reason === null ? null : accessReasonProblem(reason);
  if (reasonProblem !== null) throw new ReplayUsageError(`--reason ${reasonProblem}`);
  if (include && service === null) {
    throw new ReplayUsageError(
      "--include-personal-data needs --service: personal fields are encrypted with that service's keys",
    );
  }
  if (!include && (service !== null || flags.has('--actor'))) {
    throw new ReplayUsageError(
      '--service and --actor only go with --include-personal-data when replaying topics',
    );
  }

  const personalData = include
    ? { reason: reason!.trim(), service: parseService(service!), actor: single(flags, '--actor') }
    : null;
  if (personalData) checkOwner(topics, personalData.service);

  return { kind: 'topics', topics, from, to, types, out, format, personalData };
}

/** Every system event topic with its event types, for a message that lists the known ones. */
function knownTypes(topics: readonly Topic[]): string {
  return topics.map((topic) => `\n  ${topic}: ${eventTypesOnTopic(topic).join(', ')}`).join('');
}

/**
 * `--type` names known event types (a mistyped one would export nothing and say so only as "0 events written"),
 * and, when every topic is one of the system's, types those topics carry. An unknown value is not repeated.
 */
function checkTypes(types: readonly string[], topics: readonly string[]): void {
  for (const [index, type] of types.entries()) {
    if (!isEventType(type)) {
      throw new ReplayUsageError(
        `unknown event type (value ${index + 1} of --type); the known ones by topic:${knownTypes(EVENT_TOPICS)}`,
      );
    }
  }
  if (!topics.every(isSystemTopic)) return;
  const carried = new Set<string>(topics.flatMap((topic) => eventTypesOnTopic(topic as Topic)));
  const missing = types.filter((type) => !carried.has(type));
  if (missing.length > 0) {
    throw new ReplayUsageError(
      `--type ${missing.join(', ')} is not published on ${topics.join(', ')}; ` +
        `the types there:${knownTypes(topics as Topic[])}`,
    );
  }
}

/** Personal fields decrypt only with the keys of the service that wrote them: `--service` must own every topic. */
function checkOwner(topics: readonly string[], service: ServiceName): void {
  const owned = topics.map((topic) => ({ topic, owner: topicOwnerOf(topic) }));
  const others = owned.filter(({ owner }) => owner !== undefined && owner !== service);
  if (others.length === 0) return;
  const owners = others.map(({ topic, owner }) => `${topic} is ${owner}'s`).join(', ');
  const knownOwners = new Set(owned.flatMap(({ owner }) => (owner ? [owner] : [])));
  throw new ReplayUsageError(
    knownOwners.size === 1
      ? `--service must be the topic's owner: ${owners}, so use --service ${others[0].owner} (its personal fields are encrypted with that service's keys)`
      : `--include-personal-data reads the topics of one service at a time (its keys decrypt them): ${owners}`,
  );
}

import { SERVICE_NAMES, type ServiceName } from '@rcrp/database';

/** A command line that cannot be run as given; the CLI prints the message and exits 2. */
export class ReplayUsageError extends Error {
  override readonly name = 'ReplayUsageError';
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

export const REPLAY_USAGE = `Usage:
  npm run replay -- --topic T [--topic T2 ...] [--from earliest|ISO] [--to ISO] [--type A,B] [--out file.ndjson|file.csv]
                    [--include-personal-data --reason "..." --service intake|triage|outcomes [--actor NAME]]
  npm run replay -- --projection <service>.<name>
  npm run replay -- --verify [--service intake|triage|outcomes]`;

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
    if (!VALUE_FLAGS.has(flag)) throw new ReplayUsageError(`unknown argument "${argument}"`);
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
  if (modes.length !== 1)
    throw new ReplayUsageError(`give exactly one of --topic, --projection, --verify\n${REPLAY_USAGE}`);

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
  if (reason !== null && reason.trim().length < 10)
    throw new ReplayUsageError('--reason must say why (at least 10 characters)');
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

  return {
    kind: 'topics',
    topics: [...new Set(flags.get('--topic')!)],
    from,
    to,
    types,
    out,
    format,
    personalData: include
      ? { reason: reason!.trim(), service: parseService(service!), actor: single(flags, '--actor') }
      : null,
  };
}

import {
  mergedEnvironment,
  parseFlags,
  runCli,
  UsageError,
  type Cli,
  type CliHelp,
  type CliIo,
} from '@rcrp/config';
import { ACCESS_REASON_MAX_LENGTH, ACCESS_REASON_MIN_LENGTH } from '@rcrp/personal-data';
import { DEFAULT_OWNER_URL, DlqContext, topicsOf } from './dlq-context';
import { formatList, listDeadLetters, SYSTEM_DLQ_TOPICS } from './list';
import { formatRedrive, redrive } from './redrive';
import { formatDeadLetter } from './show';
import { skip } from './skip';

export const DLQ_HELP: CliHelp = {
  command: 'npm run dlq --',
  summary: 'see and work the dead letters: list them, show one, redrive them after a fix, or skip one',
  usage: [
    'list [<topic> ...] [--json]',
    'show <topic> <partition> <offset>',
    'redrive <topic> (--incident <id> | --all) [--reason <text>] [--wait <seconds>]',
    'skip <topic> <partition> <offset> --reason <text> [--wait <seconds>]',
    '    [--database <name>] [--actor <id>]',
  ],
  options: [
    {
      title: 'Commands',
      options: [
        {
          flag: 'list [<topic> ...]',
          description: 'per DLQ topic: count, oldest, reasons grouped, parked incidents',
          default: 'every topic of the system',
        },
        {
          flag: 'show <topic> <p> <o>',
          description: 'headers and envelope; personal fields stay encrypted',
        },
        {
          flag: 'redrive <topic>',
          description: 'publish again on the source topic in order; unpark',
        },
        {
          flag: 'skip <topic> <p> <o>',
          description: 'record the decision (who, why); release what waits behind',
        },
      ],
    },
    {
      title: 'Options',
      options: [
        { flag: '--incident <id>', description: 'this incident’s dead letters (the record key)' },
        { flag: '--all', description: 'every dead letter not yet redriven or skipped' },
        {
          flag: '--reason <text>',
          description: `why, ${ACCESS_REASON_MIN_LENGTH}-${ACCESS_REASON_MAX_LENGTH} characters (skip: required)`,
        },
        {
          flag: '--wait <seconds>',
          description: 'wait for the consumers; exit 1 if parked again',
          default: '0: do not wait',
        },
        {
          flag: '--database <name>',
          description: 'only this database’s consumers',
          default: 'the one DATABASE_OWNER_URL names: rcrp',
        },
        { flag: '--actor <id>', description: 'who decides', default: 'RCRP_OPERATOR, else the login name' },
        { flag: '--json', description: 'list as JSON' },
      ],
    },
  ],
  readsEnvFile: true,
  environment: [
    { name: 'KAFKA_BROKERS', description: 'the brokers', default: '127.0.0.1:9092' },
    {
      name: 'DATABASE_OWNER_URL',
      description: 'the schemas; used as each service’s app role',
      default: DEFAULT_OWNER_URL,
    },
    { name: 'RCRP_OPERATOR', description: 'who decides, when --actor is not given' },
  ],
  exitCodes: {
    0: 'done',
    1: 'failed, no such dead letter, or (with --wait) a redriven record was refused again',
  },
  examples: [
    'npm run dlq -- list',
    'npm run dlq -- show rcrp.intake.events.v1.dlq 2 17',
    'npm run dlq -- redrive rcrp.intake.events.v1 --incident 0192f3a4-5b6c-7d8e-9f01-23456789abcd --wait 60',
    'npm run dlq -- skip rcrp.intake.events.v1.dlq 2 17 --reason "duplicate report, INC-2291" --wait 60',
  ],
  docs: 'docs/operations.md, "Dead letters"',
};

const COMMANDS = ['list', 'show', 'redrive', 'skip'] as const;
type Command = (typeof COMMANDS)[number];

/** Positional arguments come first (`show <topic> <p> <o>`); the flags after them. */
function splitArguments(argv: readonly string[]): { positionals: string[]; flags: string[] } {
  const first = argv.findIndex((argument) => argument.startsWith('--'));
  return first === -1
    ? { positionals: [...argv], flags: [] }
    : { positionals: argv.slice(0, first), flags: argv.slice(first) };
}

function position(partition: string | undefined, offset: string | undefined) {
  if (!partition || !/^\d+$/.test(partition)) throw new UsageError('<partition> must be a whole number');
  if (!offset || !/^\d+$/.test(offset)) throw new UsageError('<offset> must be a whole number');
  return { partition: Number(partition), offset: BigInt(offset) };
}

function reasonOf(reason: string | undefined, required: boolean): string | null {
  if (reason === undefined) {
    if (required) throw new UsageError('--reason is required: say why this dead letter is skipped');
    return null;
  }
  const trimmed = reason.trim();
  if (trimmed.length < ACCESS_REASON_MIN_LENGTH || trimmed.length > ACCESS_REASON_MAX_LENGTH)
    throw new UsageError(
      `--reason must be ${ACCESS_REASON_MIN_LENGTH}-${ACCESS_REASON_MAX_LENGTH} characters after trimming`,
    );
  return trimmed;
}

function waitOf(wait: string | undefined): number {
  if (wait === undefined) return 0;
  if (!/^\d+$/.test(wait)) throw new UsageError('--wait must be a number of seconds');
  return Number(wait) * 1000;
}

export const DLQ_CLI: Cli = {
  name: 'dlq',
  help: DLQ_HELP,
  async run(argv, io) {
    const [command, ...rest] = argv;
    if (!(COMMANDS as readonly string[]).includes(command ?? ''))
      throw new UsageError(`the first argument is the command: ${COMMANDS.join(', ')}`);
    const { positionals, flags } = splitArguments(rest);
    const values = parseFlags(flags, {
      incident: { type: 'string' },
      all: { type: 'boolean' },
      reason: { type: 'string' },
      wait: { type: 'string' },
      database: { type: 'string' },
      actor: { type: 'string' },
      json: { type: 'boolean' },
    });
    return runCommand(command as Command, positionals, values, io);
  },
};

async function runCommand(
  command: Command,
  positionals: string[],
  values: {
    incident?: string;
    all?: boolean;
    reason?: string;
    wait?: string;
    database?: string;
    actor?: string;
    json?: boolean;
  },
  io: CliIo,
): Promise<number> {
  const counts: Record<Command, [number, number]> = {
    list: [0, Infinity],
    show: [3, 3],
    redrive: [1, 1],
    skip: [3, 3],
  };
  const [min, max] = counts[command];
  if (positionals.length < min || positionals.length > max)
    throw new UsageError(
      `${command} takes ${min === max ? min : `${min} or more`} arguments before its options`,
    );
  if (command === 'redrive' && Boolean(values.incident) === Boolean(values.all))
    throw new UsageError('redrive needs exactly one of --incident <id> and --all');
  if (values.actor !== undefined && values.actor.trim() === '') throw new UsageError('--actor needs a name');
  const reason = reasonOf(values.reason, command === 'skip');
  const waitMs = waitOf(values.wait);
  const where = command === 'show' || command === 'skip' ? position(positionals[1], positionals[2]) : null;

  const context = new DlqContext(mergedEnvironment(), { database: values.database, actor: values.actor }, io);
  try {
    switch (command) {
      case 'list': {
        const topics =
          positionals.length > 0 ? positionals.map((typed) => topicsOf(typed).dlq) : SYSTEM_DLQ_TOPICS;
        const summaries = await listDeadLetters(context, topics);
        io.stdout.write(
          values.json ? `${JSON.stringify(summaries, null, 2)}\n` : formatList(context.database, summaries),
        );
        return 0;
      }
      case 'show': {
        const { dlq } = topicsOf(positionals[0]);
        if (!(await context.topicExists(dlq))) throw new UsageError(`no topic ${dlq} on the broker`);
        const record = await context.readDeadLetter(dlq, where!.partition, where!.offset);
        if (!record) {
          io.stderr.write(`dlq: no dead letter at ${dlq}/${where!.partition}/${where!.offset}\n`);
          return 1;
        }
        const consumer = record.consumerGroup ? context.consumer(record.consumerGroup) : null;
        const decisions = consumer
          ? (await context.decisions(consumer)).filter((decision) => decision.deadLetter === record.position)
          : [];
        io.stdout.write(formatDeadLetter(record, decisions));
        return 0;
      }
      case 'redrive': {
        const { source, dlq } = topicsOf(positionals[0]);
        if (!(await context.topicExists(dlq))) throw new UsageError(`no topic ${dlq} on the broker`);
        const request = {
          source,
          dlq,
          keys: values.all ? ('all' as const) : new Set([values.incident!]),
          reason,
          waitMs,
        };
        const result = await redrive(context, request);
        io.stdout.write(formatRedrive(request, result));
        return result.stillParked.length > 0 ? 1 : 0;
      }
      case 'skip': {
        const { source, dlq } = topicsOf(positionals[0]);
        if (!(await context.topicExists(dlq))) throw new UsageError(`no topic ${dlq} on the broker`);
        const result = await skip(context, { source, dlq, ...where!, reason: reason!, waitMs });
        const at = `${dlq}/${where!.partition}/${where!.offset}`;
        if (result.kind === 'no-such-record') {
          io.stderr.write(`dlq: no dead letter at ${at}\n`);
          return 1;
        }
        if (result.kind === 'no-consumer') {
          io.stderr.write(
            `dlq: ${at} names no consumer of database ${context.database} (x-consumer-group): there is no decision to record\n`,
          );
          return 1;
        }
        io.stdout.write(
          result.alreadySkipped
            ? `${at} was already skipped; releasing what is parked behind it again\n`
            : `skipped ${at} (decision recorded for ${result.record.consumerGroup} by ${context.actor})\n`,
        );
        if (result.release)
          io.stdout.write(formatRedrive({ source, dlq, keys: new Set(), reason, waitMs }, result.release));
        return result.release && result.release.stillParked.length > 0 ? 1 : 0;
      }
    }
  } finally {
    await context.close();
  }
}

export function runDlqCli(argv: readonly string[], io: CliIo): Promise<number> {
  return runCli(DLQ_CLI, argv, io);
}

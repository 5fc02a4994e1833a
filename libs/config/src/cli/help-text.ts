import { EXIT_CODES, type ExitCode } from './exit-codes';

export interface CliOption {
  /** As typed, with its value: `--topic <name>`, `--verify`. */
  flag: string;
  description: string;
  /** Shown as `(default: ...)`. */
  default?: string;
}

export interface CliOptionGroup {
  title: string;
  options: readonly CliOption[];
}

export interface CliSetting {
  name: string;
  description: string;
  default?: string;
}

/** Everything `--help` prints, as data, so every tool's help has the same sections in the same order. */
export interface CliHelp {
  /** How the tool is called, up to its options: `npm run replay --`. */
  command: string;
  /** One sentence: what the tool does. */
  summary: string;
  /** One line per form of the command, without `command`. */
  usage: readonly string[];
  options: readonly CliOptionGroup[];
  /** Environment variables the tool reads. */
  environment?: readonly CliSetting[];
  /** The tool reads `.env.local` under the environment (`mergedEnvironment`), as the services do. */
  readsEnvFile?: boolean;
  /** What exit codes 0 and 1 mean for this tool, when more can be said than "done" and "failed". */
  exitCodes?: Partial<Record<ExitCode, string>>;
  examples?: readonly string[];
  /** Where the tool is documented in full: `docs/replay.md`. */
  docs?: string;
}

const DEFAULT_EXIT_MEANINGS: Record<ExitCode, string> = {
  [EXIT_CODES.ok]: 'done',
  [EXIT_CODES.failure]: 'failed',
  [EXIT_CODES.usage]: 'usage error: the command line cannot be run as given; nothing was done',
};

const HELP_FLAGS = new Set(['--help', '-h']);
/** Flags longer than this get their description on the next line instead of widening the column. */
const MAX_FLAG_COLUMN = 32;

/** `--help` or `-h` anywhere on the command line: help wins over every other argument. */
export function wantsHelp(argv: readonly string[]): boolean {
  return argv.some((argument) => HELP_FLAGS.has(argument));
}

/** Forms of the command, one a line; a form starting with spaces continues the one before it. */
function usageLines(help: CliHelp): string[] {
  return help.usage.map((form) =>
    /^\s/.test(form)
      ? `  ${' '.repeat(help.command.length)} ${form.trimStart()}`
      : `  ${help.command} ${form}`,
  );
}

/** The usage lines alone, as a usage error ends with them. */
export function usageText(help: CliHelp): string {
  return `Usage:\n${usageLines(help).join('\n')}\nRun \`${help.command} --help\` for every option.\n`;
}

interface Row {
  left: string;
  right: string;
}

/** Two columns, the left as wide as its longest entry (up to MAX_FLAG_COLUMN) across every table of the help. */
function table(rows: readonly Row[], width: number): string[] {
  return rows.flatMap(({ left, right }) =>
    left.length > width
      ? [`  ${left}`, `  ${' '.repeat(width)}  ${right}`]
      : [`  ${left.padEnd(width)}  ${right}`],
  );
}

const withDefault = (description: string, value: string | undefined) =>
  value === undefined ? description : `${description} (default: ${value})`;

const HELP_ROW: Row = { left: '-h, --help', right: 'print this help to stdout and exit 0' };

/** The whole `--help` text: summary, usage, options, environment, exit codes, examples, where the docs are. */
export function helpText(help: CliHelp): string {
  const groups = help.options.map((group) => ({
    title: group.title,
    rows: group.options.map<Row>((option) => ({
      left: option.flag,
      right: withDefault(option.description, option.default),
    })),
  }));
  // With one group of options the help flag is one of them; with several it is common to all.
  if (groups.length === 1) groups[0].rows.push(HELP_ROW);
  else groups.push({ title: 'General', rows: [HELP_ROW] });
  const environment = (help.environment ?? []).map<Row>((setting) => ({
    left: setting.name,
    right: withDefault(setting.description, setting.default),
  }));
  const meanings = { ...DEFAULT_EXIT_MEANINGS, ...help.exitCodes };
  const exitCodes = Object.values(EXIT_CODES).map<Row>((code) => ({
    left: String(code),
    right: meanings[code],
  }));
  const width = Math.min(
    MAX_FLAG_COLUMN,
    Math.max(...[...groups.flatMap((group) => group.rows), ...environment].map((row) => row.left.length)),
  );

  const sections: string[][] = [
    [`${help.command} — ${help.summary}`],
    ['Usage:', ...usageLines(help)],
    ...groups.map((group) => [`${group.title}:`, ...table(group.rows, width)]),
  ];
  if (environment.length > 0)
    sections.push([
      help.readsEnvFile ? 'Environment (or `.env.local`; the environment wins):' : 'Environment:',
      ...table(environment, width),
    ]);
  sections.push(['Exit codes:', ...table(exitCodes, 1)]);
  if (help.examples?.length) sections.push(['Examples:', ...help.examples.map((example) => `  ${example}`)]);
  if (help.docs) sections.push([`More: ${help.docs}`]);
  return `${sections.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}

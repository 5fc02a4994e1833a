import { EXIT_CODES } from './exit-codes';
import { helpText, usageText, wantsHelp, type CliHelp } from './help-text';
import { UsageError } from './usage-error';

export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

export interface Cli {
  /** What messages start with: `token: --sub is required`. */
  name: string;
  help: CliHelp;
  /** The work. Returns its exit code (none: 0); throws `UsageError` for a command line that cannot be run. */
  run(argv: readonly string[], io: CliIo): Promise<number | void> | number | void;
  /** Print an unexpected failure's stack, not only its message (for tools operators debug). */
  stackOnFailure?: boolean;
}

/**
 * The conventions every `npm run` tool shares: `--help`/`-h` prints the help to stdout and exits 0 (nothing else
 * runs); a `UsageError` prints its message and the usage to stderr and exits 2; any other error prints
 * `<name> failed: ...` and exits 1.
 */
export async function runCli(cli: Cli, argv: readonly string[], io: CliIo): Promise<number> {
  if (wantsHelp(argv)) {
    io.stdout.write(helpText(cli.help));
    return EXIT_CODES.ok;
  }
  try {
    return (await cli.run(argv, io)) ?? EXIT_CODES.ok;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`${cli.name}: ${error.message}\n${usageText(cli.help)}`);
      return EXIT_CODES.usage;
    }
    const text =
      error instanceof Error ? (cli.stackOnFailure && error.stack) || error.message : String(error);
    io.stderr.write(`${cli.name} failed: ${text}\n`);
    return EXIT_CODES.failure;
  }
}

/** For a script's entry point: runs the tool on this process's arguments and sets its exit code. */
export function runCliMain(cli: Cli): void {
  void runCli(cli, process.argv.slice(2), process).then((code) => {
    process.exitCode = code;
  });
}

/** The exit codes of every `npm run` tool: scripts and CI can tell a failed run from a mistyped command line. */
export const EXIT_CODES = {
  ok: 0,
  failure: 1,
  /** The command line cannot be run as given; nothing was done. */
  usage: 2,
} as const;

export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

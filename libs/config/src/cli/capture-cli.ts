import { runCli, type Cli } from './run-cli';

export interface CapturedRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a tool in-process with its output collected: what a tool's tests assert on. */
export async function captureCli(cli: Cli, argv: readonly string[]): Promise<CapturedRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(cli, argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { code, stdout, stderr };
}

/**
 * `npm run replay -- ...`: the analysts' and operators' replay CLI (issue 8, DESIGN §7). Everything is in
 * libs/replay; this only hands it the process's arguments and streams.
 */
import { runReplayCli } from '@rcrp/replay';

runReplayCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`replay failed: ${String(error)}\n`);
    process.exitCode = 1;
  },
);

/** `npm run case-record -- --help`: see scripts/case-record/cli.ts. */
import { runCaseRecordCli } from './case-record/cli';

runCaseRecordCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`case-record: ${error.message}\n`);
    process.exit(1);
  },
);

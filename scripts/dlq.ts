/**
 * `npm run dlq -- list|show|redrive|skip ...`: the operators' dead-letter tool (issue 20). `npm run dlq -- --help`
 * lists the commands, options and exit codes; the work is in scripts/dlq/.
 */
import { runDlqCli } from './dlq/cli';

// Exits when done: the Kafka client's reconnect timers must not keep a finished command running.
void runDlqCli(process.argv.slice(2), process).then((code) => process.exit(code));

import { logLevel, type logCreator } from 'kafkajs';

const LEVEL_NAMES: Record<number, string> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/**
 * kafkajs logs as one JSON line per entry on stderr, so the services' logs stay machine-readable and
 * kafkajs' own multi-line format does not interleave with pino output.
 */
export const jsonLogCreator: logCreator =
  () =>
  ({ namespace, level, log }) => {
    const { message, timestamp, ...extra } = log;
    const line = {
      time: timestamp,
      level: LEVEL_NAMES[level] ?? String(level),
      logger: `kafkajs.${namespace}`,
      msg: message,
      ...extra,
    };
    process.stderr.write(`${JSON.stringify(line)}\n`);
  };

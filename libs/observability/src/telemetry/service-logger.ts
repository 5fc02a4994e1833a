import type { LoggerService } from '@nestjs/common';
import pino, { type DestinationStream, type Level, type Logger } from 'pino';
import { currentLogFields } from './log-context';
import { currentTraceId } from './trace-context';

export interface ServiceLoggerOptions {
  service: string;
  level: Level;
  /** Where the JSON lines go; stdout by default. Tests pass a stream to read them back. */
  destination?: DestinationStream;
}

/**
 * The service's structured logger: one JSON object per line with `service`, and, inside a request or a consumed
 * record, `traceId` and `incidentId`. Personal data is kept out by what is logged, not by filtering: request
 * lines carry method, route, status and duration only (no headers, no bodies), and the messaging loops log ids.
 */
export function createServiceLogger(options: ServiceLoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { service: options.service },
      messageKey: 'message',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => {
        const traceId = currentTraceId();
        return traceId ? { traceId, ...currentLogFields() } : { ...currentLogFields() };
      },
    },
    options.destination ?? pino.destination({ sync: true }),
  );
}

/** Nest's logger interface over pino, so framework and application lines share the one JSON format. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  /** Nest passes `(message, context)`, and for errors `(message, stack, context)`. */
  private write(level: Level, message: unknown, rest: unknown[]): void {
    const context =
      rest.length > 0 && typeof rest[rest.length - 1] === 'string'
        ? (rest[rest.length - 1] as string)
        : undefined;
    const stack = level === 'error' && rest.length > 1 && typeof rest[0] === 'string' ? rest[0] : undefined;
    const fields: Record<string, unknown> = {};
    if (context) fields.context = context;
    if (stack) fields.stack = stack;
    if (message instanceof Error) {
      fields.error = { name: message.name, stack: message.stack };
      this.logger[level](fields, message.message);
    } else {
      this.logger[level](fields, typeof message === 'string' ? message : JSON.stringify(message));
    }
  }
}

/** The few log calls the messaging loops make; pino, Nest's Logger or console all fit. */
export interface MessagingLogger {
  info(message: string, context?: Record<string, unknown>): void;
  warn(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
}

export const consoleLogger: MessagingLogger = {
  info: (message, context) => console.info(message, context ?? ''),
  warn: (message, context) => console.warn(message, context ?? ''),
  error: (message, context) => console.error(message, context ?? ''),
};

export const silentLogger: MessagingLogger = { info: () => {}, warn: () => {}, error: () => {} };

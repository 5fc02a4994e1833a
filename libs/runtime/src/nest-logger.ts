import type { Logger } from '@nestjs/common';
import type { MessagingLogger } from '@rcrp/messaging';

/** The messaging loops' logger, routed to Nest's. */
export function nestMessagingLogger(logger: Logger): MessagingLogger {
  const format = (message: string, context?: Record<string, unknown>) =>
    context && Object.keys(context).length > 0 ? `${message} ${JSON.stringify(context)}` : message;
  return {
    info: (message, context) => logger.log(format(message, context)),
    warn: (message, context) => logger.warn(format(message, context)),
    error: (message, context) => logger.error(format(message, context)),
  };
}

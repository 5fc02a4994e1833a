import { HttpAdapterHost } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import type { ServiceMetrics } from '@rcrp/observability';
import { httpObservability } from '@rcrp/observability';
import type { Logger } from 'pino';
import { HttpErrorFilter } from './http-error.filter';
import { ApiInfo, setupSwagger } from './swagger';
import { createValidationPipe } from './validation';

/** Incident reports are text, not attachments: anything larger is a mistake or an attack. */
export const JSON_BODY_LIMIT = '256kb';

/** The service's telemetry for its HTTP edge (issue 9); without it requests are neither traced nor counted. */
export interface HttpTelemetry {
  service: string;
  logger?: Logger;
  metrics?: ServiceMetrics;
}

/**
 * Everything every service's HTTP edge has in common: request span, log line and duration histogram, body
 * limit, validation, error mapping, Swagger. Call before `listen()`/`init()`.
 */
export function configureApp(app: NestExpressApplication, info: ApiInfo, telemetry?: HttpTelemetry): void {
  if (telemetry) {
    // First in the chain, so the span and the timer cover body parsing, auth and error mapping too.
    app.use(
      httpObservability({
        service: telemetry.service,
        logger: telemetry.logger,
        onFinish: ({ method, route, status, durationSeconds }) =>
          telemetry.metrics?.httpDuration.observe({ method, route, status: String(status) }, durationSeconds),
      }),
    );
  }
  // Registered before Nest's own default parser, which then sees the body as parsed and skips it.
  app.useBodyParser('json', { limit: JSON_BODY_LIMIT });
  app.disable('x-powered-by');
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpErrorFilter(app.get(HttpAdapterHost)));
  setupSwagger(app, info);
}

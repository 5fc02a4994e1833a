import { HttpAdapterHost } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { HttpErrorFilter } from './http-error.filter';
import { ApiInfo, setupSwagger } from './swagger';
import { createValidationPipe } from './validation';

/** Incident reports are text, not attachments: anything larger is a mistake or an attack. */
export const JSON_BODY_LIMIT = '256kb';

/**
 * Everything every service's HTTP edge has in common: body limit, validation, error mapping, Swagger.
 * Call before `listen()`/`init()`.
 */
export function configureApp(app: NestExpressApplication, info: ApiInfo): void {
  // Registered before Nest's own default parser, which then sees the body as parsed and skips it.
  app.useBodyParser('json', { limit: JSON_BODY_LIMIT });
  app.disable('x-powered-by');
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpErrorFilter(app.get(HttpAdapterHost)));
  setupSwagger(app, info);
}

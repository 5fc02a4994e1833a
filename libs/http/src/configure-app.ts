import { UnsupportedMediaTypeException } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import type { ServiceMetrics } from '@rcrp/observability';
import { httpObservability } from '@rcrp/observability';
import { json, type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { HttpErrorFilter } from './http-error.filter';
import { jsonSyntaxErrorPosition } from './json-syntax';
import { RequestShapeInterceptor } from './request-shape.interceptor';
import { ApiInfo, DOCS_PATH, setupSwagger } from './swagger';
import { createValidationPipe } from './validation';
import { writeAdmission, type WriteAdmissionOptions } from './write-admission';

/** Incident reports are text, not attachments: anything larger is a mistake or an attack. */
export const JSON_BODY_LIMIT = '256kb';

/** The service's telemetry for its HTTP edge (issue 9); without it requests are neither traced nor counted. */
export interface HttpTelemetry {
  service: string;
  logger?: Logger;
  metrics?: ServiceMetrics;
}

/**
 * Everything every service's HTTP edge has in common: request span, log line and duration histogram, load
 * shedding (with `admission`), body limit, validation, error mapping, Swagger. Call before `listen()`/`init()`.
 */
export function configureApp(
  app: NestExpressApplication,
  info: ApiInfo,
  telemetry?: HttpTelemetry,
  admission?: WriteAdmissionOptions,
): void {
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
  // Before the body is read: a write refused for capacity should cost next to nothing.
  if (admission) app.use(writeAdmission(admission));
  app.use(securityHeaders());
  app.use(noStoreForAuthenticatedReads);
  app.use(requireJsonBody);
  // Registered before Nest's own default parser, which then sees the body as parsed and skips it.
  app.use(jsonBodyParser());
  app.disable('x-powered-by');
  app.useGlobalInterceptors(new RequestShapeInterceptor());
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpErrorFilter(app.get(HttpAdapterHost)));
  setupSwagger(app, info);
}

/** A body that is not JSON at all, with where it stops being JSON; the error filter answers 400 with the position. */
export class InvalidJsonBodyError extends Error {
  override readonly name = 'InvalidJsonBodyError';

  constructor(readonly position: number | null) {
    super(
      position === null
        ? 'The request body is not valid JSON'
        : `The request body is not valid JSON: syntax error at position ${position}`,
    );
  }
}

/**
 * Express' JSON parser, with its syntax errors replaced before Nest sees them: Nest would answer with JSON.parse's
 * message, which quotes the body ("\"Jane Doe\" is not valid JSON"). The position is found without the message.
 */
function jsonBodyParser(): (request: Request, response: Response, next: NextFunction) => void {
  const parse = json({ limit: JSON_BODY_LIMIT });
  return (request, response, next) =>
    parse(request, response, (error?: unknown) => {
      const failed = error as { type?: unknown; body?: unknown } | undefined;
      if (failed?.type === 'entity.parse.failed') {
        next(
          new InvalidJsonBodyError(
            typeof failed.body === 'string' ? jsonSyntaxErrorPosition(failed.body) : null,
          ),
        );
        return;
      }
      next(error);
    });
}

/**
 * helmet's headers on every response (nosniff, frame and referrer policies, a strict CSP). Swagger UI at `/docs`
 * runs its own inline initialisation and styles, so its pages get every header but the CSP.
 */
function securityHeaders(): (request: Request, response: Response, next: NextFunction) => void {
  const api = helmet();
  const docs = helmet({ contentSecurityPolicy: false });
  const docsPrefix = `/${DOCS_PATH}`;
  return (request, response, next) =>
    (request.path === docsPrefix ||
      request.path.startsWith(`${docsPrefix}/`) ||
      request.path.startsWith(`${docsPrefix}-`)
      ? docs
      : api)(request, response, next);
}

/**
 * Every authenticated read may return personal data or a case's state (DESIGN §6), so no browser, proxy or
 * console cache may keep it. Handlers that know better can still set their own header.
 */
function noStoreForAuthenticatedReads(request: Request, response: Response, next: NextFunction): void {
  if (
    (request.method === 'GET' || request.method === 'HEAD') &&
    request.headers.authorization !== undefined
  ) {
    response.setHeader('Cache-Control', 'no-store');
  }
  next();
}

/**
 * A body in any other format would be silently ignored by the JSON parser and then fail validation field by field;
 * naming the expected type is the useful answer. Requests without a body (most reads, `/close`) are unaffected.
 */
function requireJsonBody(request: Request, _response: Response, next: NextFunction): void {
  // type-is counts `Content-Length: 0` as a body; an empty POST (`/close`) is not one.
  const hasBody =
    request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;
  if (hasBody && !request.is(['application/json', 'application/*+json'])) {
    next(
      new UnsupportedMediaTypeException({
        statusCode: 415,
        error: 'Unsupported Media Type',
        message: 'The request body must be JSON, sent with Content-Type: application/json',
        expected: 'application/json',
      }),
    );
    return;
  }
  next();
}

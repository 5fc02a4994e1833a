import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { currentLogFields, withLogContext } from './log-context';
import { INCIDENT_ATTRIBUTE, SERVICE_ATTRIBUTE, tracerOf } from './spans';

export interface RequestObservation {
  method: string;
  /** The matched route pattern (`/incidents/:id`), `unmatched` when none: bounded label values for metrics. */
  route: string;
  status: number;
  durationSeconds: number;
}

export interface HttpObservabilityOptions {
  service: string;
  /** Request log lines (info): method, route, status, duration, incident id. Never headers or bodies. */
  logger?: Logger;
  onFinish?: (observation: RequestObservation) => void;
}

const INCIDENT_PARAM = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Express middleware, first in the chain: a server span for the request (continuing the caller's `traceparent`,
 * or the HTTP instrumentation's span when that is on) active for the whole handling, so the store and the
 * request's metadata see it; a log context for the request's lines; and on finish one request log line and one
 * observation for the duration histogram.
 */
export function httpObservability(options: HttpObservabilityOptions) {
  const tracer = tracerOf(options.service);
  return (request: Request, response: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    const active = context.active();
    const parent = trace.getSpan(active)?.spanContext().traceId
      ? active
      : propagation.extract(active, request.headers);
    const span = tracer.startSpan(
      `${request.method} ${request.path}`,
      {
        kind: SpanKind.SERVER,
        attributes: { [SERVICE_ATTRIBUTE]: options.service, 'http.request.method': request.method },
      },
      parent,
    );
    withLogContext({}, () => {
      let finished = false;
      const finish = () => {
        if (finished) return;
        finished = true;
        const route = routeOf(request);
        const status = response.statusCode;
        const durationSeconds = Number(process.hrtime.bigint() - started) / 1e9;
        const incidentId = incidentOf(request, response) ?? currentLogFields().incidentId;
        span.updateName(`${request.method} ${route}`);
        span.setAttribute('http.route', route);
        span.setAttribute('http.response.status_code', status);
        if (incidentId) span.setAttribute(INCIDENT_ATTRIBUTE, incidentId);
        if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
        options.onFinish?.({ method: request.method, route, status, durationSeconds });
        options.logger?.info(
          {
            traceId: span.spanContext().traceId,
            ...(incidentId ? { incidentId } : {}),
            http: { method: request.method, route, status, durationMs: Math.round(durationSeconds * 1000) },
          },
          'request completed',
        );
      };
      response.once('finish', finish);
      response.once('close', finish);
      context.with(trace.setSpan(parent, span), next);
    });
  };
}

function routeOf(request: Request): string {
  const route = (request as Request & { route?: { path?: unknown } }).route;
  return typeof route?.path === 'string' ? `${request.baseUrl}${route.path}` : 'unmatched';
}

/** The incident a request was about: the `:id` of the route, or the `Location` of a report that created one. */
function incidentOf(request: Request, response: Response): string | undefined {
  const id = request.params?.id;
  if (typeof id === 'string' && INCIDENT_PARAM.test(id)) return id;
  const location = response.getHeader('location');
  const match = typeof location === 'string' ? /^\/incidents\/([0-9a-f-]{36})$/i.exec(location) : null;
  return match?.[1];
}

import type { ServiceName } from '@rcrp/config';
import { SERVICE_NAMES } from '@rcrp/config';
import type { NextFunction, Request, Response } from 'express';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

/**
 * What the browser may say to a service through the console: the token, the personal-data reason, optimistic
 * concurrency, the stream's resume point, content negotiation and the tracing/correlation ids. Cookies and anything
 * else stay at the console, so the services see exactly what a direct API client would send.
 */
const FORWARDED_REQUEST_HEADERS = [
  'accept',
  'accept-language',
  'authorization',
  'content-type',
  'content-length',
  'if-match',
  'if-none-match',
  'last-event-id',
  'x-access-reason',
  'x-correlation-id',
  'x-request-id',
  'traceparent',
  'tracestate',
] as const;

/** Hop-by-hop headers (RFC 9110 §7.6.1) belong to one connection and are never forwarded. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** A service that has not begun to answer by then is treated as down; a started stream may last for hours. */
const RESPONSE_HEADERS_TIMEOUT_MS = 30_000;
const RETRY_AFTER_SECONDS = 5;

/**
 * `/api/<service>/<path>` → `<service base URL>/<path>`, streamed both ways (DESIGN §9: same origin, no CORS, the
 * console holds nothing). Server-Sent Events pass unbuffered: the headers are flushed at once and every chunk the
 * service writes is written on. A service that cannot be reached is a 503 in the services' own error shape.
 * Mount at `/api`.
 */
export function serviceProxy(targets: Readonly<Record<ServiceName, string>>) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const match = /^\/([a-z]+)(\/.*)?$/.exec(request.url);
    const service = match?.[1] as ServiceName | undefined;
    if (!service || !(SERVICE_NAMES as readonly string[]).includes(service)) {
      next();
      return;
    }
    forward(service, upstreamUrl(targets[service], match?.[2] ?? '/'), request, response);
  };
}

/** The service's URL for a path below `/api/<service>`, keeping any path prefix of the base URL. */
export function upstreamUrl(base: string, pathAndQuery: string): URL {
  const target = new URL(base);
  const [path, query] = splitOnce(pathAndQuery, '?');
  target.pathname = `${target.pathname.replace(/\/$/, '')}${path.startsWith('/') ? path : `/${path}`}`;
  target.search = query === undefined ? '' : `?${query}`;
  return target;
}

/** The headers sent on to the service: the allowed ones, plus who the console forwards for. */
export function forwardedRequestHeaders(
  request: Pick<Request, 'headers' | 'socket'>,
): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = request.headers[name];
    if (typeof value === 'string') headers[name] = value;
    else if (Array.isArray(value)) headers[name] = value.join(', ');
  }
  const earlier = request.headers['x-forwarded-for'];
  const client = request.socket.remoteAddress ?? 'unknown';
  headers['x-forwarded-for'] = typeof earlier === 'string' ? `${earlier}, ${client}` : client;
  return headers;
}

function forward(service: ServiceName, target: URL, request: Request, response: Response): void {
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const upstream = send(target, { method: request.method, headers: forwardedRequestHeaders(request) });
  const headersTimer = setTimeout(() => upstream.destroy(new Error('timeout')), RESPONSE_HEADERS_TIMEOUT_MS);

  upstream.on('response', (answer: IncomingMessage) => {
    clearTimeout(headersTimer);
    response.status(answer.statusCode ?? 502);
    for (const [name, value] of Object.entries(answer.headers)) {
      if (value !== undefined && !HOP_BY_HOP.has(name)) response.setHeader(name, value);
    }
    if (isEventStream(answer)) {
      // Nothing between the service and the browser may hold events back.
      response.setHeader('X-Accel-Buffering', 'no');
      response.socket?.setNoDelay(true);
      response.flushHeaders();
    }
    answer.pipe(response);
    answer.on('error', () => response.destroy());
  });
  upstream.on('error', () => {
    clearTimeout(headersTimer);
    // The browser left first (we destroyed the request to the service): nobody to answer.
    if (response.destroyed) return;
    if (response.headersSent) {
      response.destroy();
      return;
    }
    response
      .status(503)
      .setHeader('Retry-After', String(RETRY_AFTER_SECONDS))
      .json({
        statusCode: 503,
        error: 'Service Unavailable',
        message: `The ${service} service is unavailable; try again shortly`,
        dependency: service,
      });
  });
  // The browser went away (a closed tab, a reconnecting stream): end the service's side too.
  response.on('close', () => {
    clearTimeout(headersTimer);
    if (!response.writableFinished) upstream.destroy();
  });
  request.pipe(upstream);
}

function isEventStream(answer: IncomingMessage): boolean {
  return String(answer.headers['content-type'] ?? '').startsWith('text/event-stream');
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

import type { Actor } from '@rcrp/events';
import { currentTraceparent } from '@rcrp/observability';
import { v7 as uuidv7 } from 'uuid';
import type { CommandMetadata } from './command-metadata';

const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;
const SAFE_ID = /^[A-Za-z0-9._:-]{1,200}$/;

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The metadata of a command sent over HTTP: the token's actor; `X-Correlation-Id` when the caller supplied a sane
 * one (so a caller can follow one case across requests), else a new id; the request id as causation; the W3C
 * `traceparent` when present and well formed, else the request's own span (so the trace continues through the
 * outbox to every consumer: DESIGN §8).
 */
export function metadataFromRequest(actor: Actor, headers: Headers): CommandMetadata {
  const requestId = header(headers, 'x-request-id');
  const correlationId = header(headers, 'x-correlation-id');
  const traceparent = header(headers, 'traceparent');
  const causationId = requestId && SAFE_ID.test(requestId) ? requestId : `request-${uuidv7()}`;
  return {
    actor: { id: actor.id, role: actor.role },
    correlationId: correlationId && SAFE_ID.test(correlationId) ? correlationId : causationId,
    causationId,
    traceparent: traceparent && TRACEPARENT.test(traceparent) ? traceparent : currentTraceparent(),
  };
}

import { type Attributes, type Context, context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

/** The attribute naming the service that made a span; several services share one process in the e2e tests. */
export const SERVICE_ATTRIBUTE = 'rcrp.service';
/** The incident a span worked on (not personal: a random UUID). */
export const INCIDENT_ATTRIBUTE = 'rcrp.incident_id';

export interface SpanOptions {
  kind?: SpanKind;
  /** Parent context; defaults to the active one. */
  parent?: Context;
  attributes?: Attributes;
}

/** The tracer of one service's own code paths. */
export function tracerOf(service: string) {
  return trace.getTracer(`rcrp-${service}`);
}

/**
 * Runs `work` inside a new span of `service` (active for everything `work` awaits), ends it, and marks it failed
 * with the error's type only: an error message may quote data, and spans leave the process.
 */
export async function inSpan<T>(
  service: string,
  name: string,
  options: SpanOptions,
  work: () => Promise<T>,
): Promise<T> {
  const parent = options.parent ?? context.active();
  const span = tracerOf(service).startSpan(
    name,
    {
      kind: options.kind ?? SpanKind.INTERNAL,
      attributes: { [SERVICE_ATTRIBUTE]: service, ...options.attributes },
    },
    parent,
  );
  try {
    return await context.with(trace.setSpan(parent, span), work);
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'error' });
    throw error;
  } finally {
    span.end();
  }
}

export { SpanKind, SpanStatusCode };

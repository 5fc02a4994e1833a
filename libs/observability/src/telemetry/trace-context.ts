import {
  context,
  type Context,
  isSpanContextValid,
  propagation,
  ROOT_CONTEXT,
  type SpanContext,
  trace,
} from '@opentelemetry/api';

const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

/** A well-formed W3C `traceparent` (version-traceid-spanid-flags), else false. */
export function isTraceparent(value: unknown): value is string {
  return typeof value === 'string' && TRACEPARENT.test(value);
}

/** The W3C `traceparent` of a span context; null for the invalid (all-zero) context of an untraced path. */
export function traceparentOf(spanContext: SpanContext | undefined): string | null {
  if (!spanContext || !isSpanContextValid(spanContext)) return null;
  const flags = (spanContext.traceFlags & 0xff).toString(16).padStart(2, '0');
  return `00-${spanContext.traceId}-${spanContext.spanId}-${flags}`;
}

/** The `traceparent` of the span active here (the HTTP request, the consumed record), or null. */
export function currentTraceparent(): string | null {
  return traceparentOf(trace.getActiveSpan()?.spanContext());
}

/** The trace id active here, for log lines; undefined outside a trace. */
export function currentTraceId(): string | undefined {
  const spanContext = trace.getActiveSpan()?.spanContext();
  return spanContext && isSpanContextValid(spanContext) ? spanContext.traceId : undefined;
}

/**
 * The context to start a span under when the parent is a stored or received `traceparent` (the outbox breaks
 * automatic propagation: DESIGN §8). A missing or malformed value gives the root context: a new trace.
 */
export function contextFromTraceparent(traceparent: string | null | undefined): Context {
  if (!isTraceparent(traceparent)) return ROOT_CONTEXT;
  return propagation.extract(
    ROOT_CONTEXT,
    { traceparent },
    {
      get: (carrier, key) => carrier[key as keyof typeof carrier],
      keys: (carrier) => Object.keys(carrier),
    },
  );
}

export { context };

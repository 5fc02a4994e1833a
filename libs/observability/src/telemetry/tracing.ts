import { trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { NodeTracerProvider, type SpanProcessor } from '@opentelemetry/sdk-trace-node';

export interface TracingOptions {
  /** Hook http and pg by module patching; only works when called before they are loaded (main.ts, first import). */
  instrument?: boolean;
  /** Extra processors (tests: a SimpleSpanProcessor over an InMemorySpanExporter). */
  spanProcessors?: SpanProcessor[];
  env?: NodeJS.ProcessEnv;
}

export interface Tracing {
  /** True when spans leave the process (an OTLP endpoint or an exporter was configured). */
  exporting: boolean;
  /** Flushes pending spans; call last in shutdown. */
  shutdown(): Promise<void>;
}

/** One tracer provider per process: several in-process services (e2e tests) share the first one. */
let installed: Tracing | null = null;

/**
 * Exporting is opt-in by the standard variables: `OTEL_EXPORTER_OTLP_ENDPOINT` (or `OTEL_TRACES_EXPORTER`, e.g.
 * `otlp`, `console`). `none`, or neither set (the default, and in tests), keeps spans in the process.
 */
export function tracingExportEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const exporter = env.OTEL_TRACES_EXPORTER?.trim();
  if (exporter === 'none') return false;
  return Boolean(
    exporter || env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim(),
  );
}

/**
 * Starts tracing for `service`, first thing in the process. Spans are always made (so every event stores a real
 * `traceparent` and every log line a trace id); they are exported only when the `OTEL_*` variables ask for it,
 * through the OpenTelemetry Node SDK, which reads every standard variable (protocol, headers, sampler...).
 * Calling it again returns the first installation.
 */
export function startTracing(service: string, options: TracingOptions = {}): Tracing {
  if (installed) return installed;
  const env = options.env ?? process.env;
  if (tracingExportEnabled(env)) {
    // Loaded only here: the SDK and its exporters are heavy, and most processes (tests, scripts) never export.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
    const sdk = new NodeSDK({
      serviceName: env.OTEL_SERVICE_NAME || `rcrp-${service}`,
      instrumentations: options.instrument ? moduleInstrumentations() : [],
      ...(options.spanProcessors ? { spanProcessors: options.spanProcessors } : {}),
    });
    sdk.start();
    installed = { exporting: true, shutdown: () => sdk.shutdown() };
    return installed;
  }
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': `rcrp-${service}` }),
    spanProcessors: options.spanProcessors ?? [],
  });
  provider.register({ propagator: new W3CTraceContextPropagator() });
  // An instrumentation enables itself on construction, against the provider just registered.
  if (options.instrument) moduleInstrumentations();
  installed = { exporting: false, shutdown: () => provider.shutdown() };
  return installed;
}

/** HTTP (server and client spans) and PostgreSQL (one span per query); Kafka spans are our own (relay, consumer). */
function moduleInstrumentations(): Instrumentation[] {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { HttpInstrumentation } =
    require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { PgInstrumentation } =
    require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');
  /* eslint-enable @typescript-eslint/no-require-imports */
  return [new HttpInstrumentation(), new PgInstrumentation()];
}

/** Whether a tracer provider is installed (else spans are no-ops and no `traceparent` is made). */
export function tracingStarted(): boolean {
  return installed !== null;
}

/** Tests: forget the installation and the global provider, so a file can install its own exporter. */
export function resetTracingForTests(): void {
  installed = null;
  trace.disable();
}

import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { INCIDENT_ATTRIBUTE, SERVICE_ATTRIBUTE } from './spans';
import { startTracing } from './tracing';

/**
 * Tests: installs tracing with every finished span kept in memory. Call before booting the services in-process;
 * they then share this installation.
 */
export function installInMemoryTracing(): InMemorySpanExporter {
  const exporter = new InMemorySpanExporter();
  startTracing('test', { spanProcessors: [new SimpleSpanProcessor(exporter)], env: {} });
  return exporter;
}

export interface TraceSummary {
  traceId: string;
  /** Span names per service (from the `rcrp.service` attribute). */
  services: Record<string, string[]>;
}

/**
 * The traces whose spans touch `incidentId`, summarised per service: an incident's whole path should be one.
 * Reusable by every service's e2e (the outcomes service joins the same trace).
 */
export function tracesOfIncident(spans: readonly ReadableSpan[], incidentId: string): TraceSummary[] {
  const traceIds = new Set(
    spans
      .filter((span) => span.attributes[INCIDENT_ATTRIBUTE] === incidentId)
      .map((span) => span.spanContext().traceId),
  );
  return [...traceIds].map((traceId) => {
    const services: Record<string, string[]> = {};
    for (const span of spans) {
      if (span.spanContext().traceId !== traceId) continue;
      const service = String(span.attributes[SERVICE_ATTRIBUTE] ?? 'unknown');
      (services[service] ??= []).push(span.name);
    }
    return { traceId, services };
  });
}

/**
 * Asserts that exactly one trace covers `incidentId` and that it has spans from each of `services`; returns it.
 * Throws an Error describing what was found otherwise (usable with any test runner).
 */
export function expectOneTraceAcross(
  spans: readonly ReadableSpan[],
  incidentId: string,
  services: readonly string[],
): TraceSummary {
  const traces = tracesOfIncident(spans, incidentId);
  const describe = () => JSON.stringify(traces, null, 1);
  if (traces.length !== 1)
    throw new Error(`expected one trace for incident ${incidentId}, found ${traces.length}: ${describe()}`);
  const missing = services.filter((service) => !traces[0].services[service]?.length);
  if (missing.length > 0)
    throw new Error(`trace ${traces[0].traceId} has no span from ${missing.join(', ')}: ${describe()}`);
  return traces[0];
}

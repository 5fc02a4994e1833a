import { headerString } from '@rcrp/messaging';
import type { ConsumeTracing, PublishTracing } from '@rcrp/messaging';
import {
  context,
  contextFromTraceparent,
  INCIDENT_ATTRIBUTE,
  SERVICE_ATTRIBUTE,
  SpanKind,
  SpanStatusCode,
  inSpan,
  tracerOf,
  traceparentOf,
  withLogContext,
} from '@rcrp/observability';

/**
 * The relay's publish span for each event: a child of the `traceparent` stored with the event (the request or
 * record that caused it), whose own `traceparent` goes out in the Kafka header (DESIGN §8).
 */
export function publishTracing(service: string, topic: string): PublishTracing {
  const tracer = tracerOf(service);
  return {
    start(event) {
      const span = tracer.startSpan(
        `${topic} publish`,
        {
          kind: SpanKind.PRODUCER,
          attributes: {
            [SERVICE_ATTRIBUTE]: service,
            [INCIDENT_ATTRIBUTE]: event.incidentId,
            'messaging.system': 'kafka',
            'messaging.destination.name': topic,
            'rcrp.event_type': event.type,
          },
        },
        contextFromTraceparent(event.traceparent),
      );
      return {
        traceparent: traceparentOf(span.spanContext()) ?? event.traceparent,
        end(error?: unknown) {
          if (error)
            span.setStatus({
              code: SpanStatusCode.ERROR,
              message: error instanceof Error ? error.name : 'error',
            });
          span.end();
        },
      };
    },
  };
}

/**
 * Each consumed record is processed in a span continuing the trace of its `traceparent` header, with the
 * incident (the record key) in its log lines.
 */
export function consumeTracing(service: string): ConsumeTracing {
  return {
    run(meta, work) {
      const incidentId = meta.key ?? undefined;
      return withLogContext({ incidentId }, () =>
        context.with(contextFromTraceparent(headerString(meta.headers, 'traceparent')), () =>
          inSpan(
            service,
            `${meta.topic} process`,
            {
              kind: SpanKind.CONSUMER,
              attributes: {
                ...(incidentId ? { [INCIDENT_ATTRIBUTE]: incidentId } : {}),
                'messaging.system': 'kafka',
                'messaging.destination.name': meta.topic,
                'messaging.destination.partition.id': String(meta.partition),
                'messaging.kafka.offset': Number(meta.offset),
              },
            },
            work,
          ),
        ),
      );
    },
  };
}

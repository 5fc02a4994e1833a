import type { EventEnvelope } from '@rcrp/events';
import type { MessageMeta } from './consumer/message-meta';

/**
 * Trace propagation through the outbox (DESIGN §8), as hooks so this library stays free of a tracing SDK.
 * The relay starts one publish span per event, as a child of the `traceparent` stored with the event, and sends
 * the span's own `traceparent` as the Kafka header.
 */
export interface PublishTracing {
  start(event: EventEnvelope): PublishSpan;
}

export interface PublishSpan {
  /** The header value to send; null keeps the stored one. */
  traceparent: string | null;
  end(error?: unknown): void;
}

/** The consumer runs each record's processing inside `run`, which continues the trace of its `traceparent` header. */
export interface ConsumeTracing {
  run<T>(meta: MessageMeta, work: () => Promise<T>): Promise<T>;
}

import { EventPattern } from '@nestjs/microservices';
import type { MessageDecoder, MessageMeta } from '@rcrp/messaging';

/** Raw records (not our event envelope, e.g. external systems' reports): how to decode them and their idempotency key. */
export interface RawRecords<T = unknown> {
  decode: MessageDecoder<T>;
  /** The inbox key of a decoded record, or null when the handler enforces idempotency itself. */
  dedupeKey(message: T, meta: MessageMeta): string | null;
}

export interface InboxConsumerOptions {
  /**
   * The consumer's purpose, e.g. `intake-events`: names its Kafka consumer group (with the database and schema,
   * `consumerGroupId`), its lag and DLQ metrics and its readiness entry. Never rename one: a new group id reads every
   * topic again from the beginning. Every pattern with the same consumer is one group.
   */
  consumer: string;
  /** Records that are not event envelopes; default: envelopes, validated with `validateEnvelope`. */
  raw?: RawRecords;
}

/** Extras key under which the inbox transport finds a handler's consumer. */
export const INBOX_EXTRAS = 'rcrp.inbox';

/**
 * A Kafka handler over the inbox transport: `@InboxEventPattern(TOPICS.intakeEvents, { consumer: 'intake-events' })`
 * on a method `(@Payload() event, @Ctx() ctx: InboxContext) => Promise<void>`. One topic (or several) per consumer;
 * each record of them, in partition order, runs the method in the record's inbox transaction.
 */
export function InboxEventPattern(topics: string | string[], options: InboxConsumerOptions): MethodDecorator {
  return EventPattern(topics, { [INBOX_EXTRAS]: options });
}

import { Inject, Injectable, Logger } from '@nestjs/common';
import { CustomTransportStrategy, Server, type MessageHandler } from '@nestjs/microservices';
import { AppConfig } from '@rcrp/config';
import { validateEnvelope, type EventEnvelope } from '@rcrp/events';
import { DATABASE_POOL, type RetryPolicy } from '@rcrp/database';
import { ConsumerRunner, type MessageMeta } from '@rcrp/messaging';
import type { Kafka } from 'kafkajs';
import type { Pool, PoolClient } from 'pg';
import { lastValueFrom } from 'rxjs';
import { consumerGroupId } from '../consumer-group';
import { ConsumerObservability } from '../consumer-observability';
import { nestMessagingLogger } from '../nest-logger';
import { KAFKA, RETRY_POLICY } from '../tokens';
import { InboxContext } from './inbox-context';
import { INBOX_EXTRAS, type InboxConsumerOptions } from './inbox-event-pattern.decorator';

interface ConsumerPlan {
  options: InboxConsumerOptions;
  topics: string[];
}

/**
 * Our Kafka consumers as a Nest microservice transport (`app.connectMicroservice({ strategy })`, see
 * `connectInboxTransport`). Each consumer named by `@InboxEventPattern` handlers is one `ConsumerRunner` (one group):
 * records in partition order; decode and validate; in one PostgreSQL transaction the inbox claim and the handler's
 * effect; dead letters with the reason in headers; transient failures (a database outage) retried on the same
 * record, never skipped, and a version conflict of the handler's append retried at once on the whole record
 * (RETRY_POLICY); the offset committed only after the commit. This class only dispatches a record to the
 * handler of its topic and hands the handler's error back to the runner unchanged (`RecordErrorsPassThrough`).
 */
@Injectable()
export class InboxTransport extends Server implements CustomTransportStrategy {
  private readonly runners = new Map<string, ConsumerRunner<unknown>>();

  constructor(
    private readonly config: AppConfig,
    @Inject(DATABASE_POOL) private readonly pool: Pool,
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly observability: ConsumerObservability,
    @Inject(RETRY_POLICY) private readonly retry: RetryPolicy,
  ) {
    super();
  }

  /** Starts every consumer the handlers name; the callback runs once each has subscribed (joining goes on). */
  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      for (const [name, plan] of this.plans()) this.runners.set(name, this.runnerFor(name, plan));
      await Promise.all([...this.runners.values()].map((runner) => runner.start()));
      callback();
    } catch (error) {
      callback(error);
    }
  }

  /** Graceful: each consumer finishes the record in hand and commits what it finished. */
  async close(): Promise<void> {
    await Promise.all([...this.runners.values()].map((runner) => runner.stop()));
  }

  /** One consumer by its purpose (`intake-events`): lag, counters, `ready()` once its group is joined. */
  consumer(name: string): ConsumerRunner<unknown> {
    const runner = this.runners.get(name);
    if (!runner)
      throw new Error(`no inbox consumer named ${name} (known: ${[...this.runners.keys()].join(', ')})`);
    return runner;
  }

  /** The consumers; Nest's `unwrap()`. */
  unwrap<T>(): T {
    return this.runners as T;
  }

  /** Nest's status events; the runners report through metrics and readiness instead. */
  on(): void {}

  private plans(): Map<string, ConsumerPlan> {
    const plans = new Map<string, ConsumerPlan>();
    for (const [topic, handler] of this.messageHandlers) {
      const options = (handler.extras as Record<string, InboxConsumerOptions> | undefined)?.[INBOX_EXTRAS];
      if (!options) continue;
      const plan = plans.get(options.consumer) ?? { options, topics: [] };
      if (Boolean(plan.options.raw) !== Boolean(options.raw)) {
        throw new Error(`consumer ${options.consumer} mixes raw and envelope topics`);
      }
      plan.topics.push(topic);
      plans.set(options.consumer, plan);
    }
    return plans;
  }

  private runnerFor(name: string, { options, topics }: ConsumerPlan): ConsumerRunner<unknown> {
    const handle = (value: unknown, tx: PoolClient, meta: MessageMeta) => this.dispatch(value, tx, meta);
    const runner = new ConsumerRunner<unknown>({
      kafka: this.kafka,
      groupId: consumerGroupId(this.config, name),
      topics,
      partitionsConsumedConcurrently: this.config.kafka.consumerConcurrency,
      pool: this.pool,
      schema: this.config.database.schema,
      handling: options.raw
        ? { kind: 'raw', decode: options.raw.decode, dedupeKey: options.raw.dedupeKey, handle }
        : ({ kind: 'envelope', validate: validateEnvelope, handle } as never),
      logger: nestMessagingLogger(new Logger(`Inbox:${name}`)),
      tracing: this.observability.tracing(),
      retry: this.retry,
    });
    this.observability.watch(name, runner);
    return runner;
  }

  /** Runs the topic's handler in the record's transaction; settles when its effect is written, or with its error. */
  private async dispatch(value: unknown, tx: PoolClient, meta: MessageMeta): Promise<void> {
    const handler: MessageHandler | null = this.getHandlerByPattern(meta.topic);
    if (!handler) throw new Error(`no handler for topic ${meta.topic}`);
    const result = await handler(value as EventEnvelope, new InboxContext([tx, meta]));
    await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
  }
}

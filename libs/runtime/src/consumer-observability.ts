import { Injectable, OnModuleInit, Optional } from '@nestjs/common';
import { AppConfig } from '@rcrp/config';
import {
  consumerLagHealthCheck,
  HealthRegistry,
  invalidInternalEventsHealthCheck,
  lagThresholdsFromEnv,
  parkedIncidentsHealthCheck,
} from '@rcrp/observability';
import type { ConsumeTracing, ConsumerRunnerStats, PartitionLag } from '@rcrp/messaging';
import { ServiceMetrics } from '@rcrp/observability';
import { consumeTracing } from './trace-hooks';

/** What a service's consumer exposes (a `ConsumerRunner` fits). */
export interface ObservedConsumer {
  lag(): PartitionLag[];
  stats(): ConsumerRunnerStats;
  /** Incidents held back behind a dead letter (issue 20). */
  parkedIncidents?(): Promise<number>;
}

/**
 * Observability of a service's Kafka consumers (issue 9), one line each to wire:
 * `tracing: observability.tracing()` in the `ConsumerRunner` options (span per record, continuing the trace), and
 * `observability.watch('<purpose>', runner)`: lag per partition, DLQ count by reason and parked incidents in
 * `/metrics`, and the `consumer-lag`, `invalid-internal-events` and `parked-incidents` readiness checks.
 */
@Injectable()
export class ConsumerObservability implements OnModuleInit {
  private readonly consumers = new Map<string, ObservedConsumer>();

  constructor(
    private readonly config: AppConfig,
    @Optional() private readonly metrics?: ServiceMetrics,
    @Optional() private readonly health?: HealthRegistry,
  ) {}

  tracing(): ConsumeTracing {
    return consumeTracing(this.config.service);
  }

  watch(name: string, consumer: ObservedConsumer): void {
    this.consumers.set(name, consumer);
    this.metrics?.observeConsumer(name, consumer);
  }

  onModuleInit(): void {
    // One check over every watched consumer, registered even before any is watched (then it is simply up).
    this.health?.register(consumerLagHealthCheck(this.consumers, lagThresholdsFromEnv().consumerMaxLag));
    this.health?.register(invalidInternalEventsHealthCheck(this.consumers));
    this.health?.register(parkedIncidentsHealthCheck(this.consumers));
  }
}

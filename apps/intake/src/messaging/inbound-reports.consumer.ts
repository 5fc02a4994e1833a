import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@rcrp/config';
import { IncidentReport, TOPICS } from '@rcrp/events';
import { DATABASE_POOL } from '@rcrp/health';
import { headerString } from '@rcrp/kafka';
import { ConsumerRunner, MessageMeta, PartitionLag } from '@rcrp/messaging';
import {
  CommandMetadata,
  ConsumerObservability,
  consumerGroupId,
  KAFKA,
  nestMessagingLogger,
} from '@rcrp/runtime';
import { currentTraceparent } from '@rcrp/telemetry';
import type { Kafka } from 'kafkajs';
import type { Pool, PoolClient } from 'pg';
import { IncidentReportingService } from '../incidents/incident-reporting.service';
import { decodeInboundReport } from './inbound-report.decoder';

/**
 * External systems' reports (DESIGN §1): each valid `IncidentReport` becomes an incident, a repeated (system,
 * external reference) is the same incident, and anything invalid goes to `rcrp.incidents.inbound.v1.dlq` with
 * the field and reason in `x-error`. Idempotency is the external-reference table, in the same transaction.
 */
@Injectable()
export class InboundReportsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly runner: ConsumerRunner<IncidentReport>;

  constructor(
    config: AppConfig,
    @Inject(DATABASE_POOL) pool: Pool,
    @Inject(KAFKA) kafka: Kafka,
    private readonly reporting: IncidentReportingService,
    observability: ConsumerObservability,
  ) {
    this.runner = new ConsumerRunner<IncidentReport>({
      kafka,
      groupId: consumerGroupId(config, 'inbound-reports'),
      topics: [TOPICS.incidentsInbound],
      partitionsConsumedConcurrently: config.kafka.consumerConcurrency,
      pool,
      schema: config.database.schema,
      handling: {
        kind: 'raw',
        decode: decodeInboundReport,
        dedupeKey: () => null,
        handle: (report, tx, meta) => this.handle(report, tx, meta),
      },
      logger: nestMessagingLogger(new Logger('InboundReports')),
      tracing: observability.tracing(),
    });
    observability.watch('inbound-reports', this.runner);
  }

  private async handle(report: IncidentReport, tx: PoolClient, meta: MessageMeta): Promise<void> {
    const causationId = `kafka:${meta.topic}/${meta.partition}/${meta.offset}`;
    const metadata: CommandMetadata = {
      actor: { id: report.source.system, role: 'system' },
      correlationId:
        headerString(meta.headers, 'x-correlation-id') ??
        `${report.source.system}:${report.source.externalRef}`,
      causationId,
      // The record's span, which continues the publisher's `traceparent` header when it sent one.
      traceparent: currentTraceparent(),
    };
    await this.reporting.report(report, metadata, new Date().toISOString(), tx);
  }

  lag(): PartitionLag[] {
    return this.runner.lag();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.runner.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner.stop();
  }
}

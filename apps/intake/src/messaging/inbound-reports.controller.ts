import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { IncidentReport, TOPICS } from '@rcrp/events';
import { headerString } from '@rcrp/messaging';
import { CommandMetadata, InboxContext, InboxEventPattern } from '@rcrp/runtime';
import { currentTraceparent } from '@rcrp/observability';
import { IncidentReportingService } from '../incidents/incident-reporting.service';
import { decodeInboundReport } from './inbound-report.decoder';

/**
 * External systems' reports (DESIGN §1): each valid `IncidentReport` becomes an incident, a repeated (system,
 * external reference) is the same incident, and anything invalid goes to `rcrp.incidents.inbound.v1.dlq` with
 * the field and reason in `x-error`. Idempotency is the external-reference table, in the same transaction.
 */
@Controller()
export class InboundReportsController {
  constructor(private readonly reporting: IncidentReportingService) {}

  @InboxEventPattern(TOPICS.incidentsInbound, {
    consumer: 'inbound-reports',
    raw: { decode: decodeInboundReport, dedupeKey: () => null },
  })
  async handle(@Payload() report: IncidentReport, @Ctx() context: InboxContext): Promise<void> {
    const meta = context.record;
    const metadata: CommandMetadata = {
      actor: { id: report.source.system, role: 'system' },
      correlationId:
        headerString(meta.headers, 'x-correlation-id') ??
        `${report.source.system}:${report.source.externalRef}`,
      causationId: `kafka:${meta.topic}/${meta.partition}/${meta.offset}`,
      // The record's span, which continues the publisher's `traceparent` header when it sent one.
      traceparent: currentTraceparent(),
    };
    await this.reporting.report(report, metadata, new Date().toISOString(), context.transaction);
  }
}

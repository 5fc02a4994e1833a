import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '@rcrp/config';
import { incidentDecider, IncidentCommand } from '@rcrp/domain';
import { EventEnvelope, IncidentReportRequest } from '@rcrp/events';
import { DATABASE_POOL } from '@rcrp/database';
import { withTransaction } from '@rcrp/database';
import { CommandHandler, CommandMetadata } from '@rcrp/runtime';
import type { Pool, PoolClient } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { claimExternalReference } from './external-references';

export interface ReportOutcome {
  incidentId: string;
  /** False when the report repeated an external reference already seen: nothing new was stored. */
  created: boolean;
  version: number;
  events: EventEnvelope[];
}

/**
 * Turns a report into a new incident stream. Shared by `POST /incidents` and the consumer of external systems'
 * reports, so both recognise a repeated external reference the same way.
 */
@Injectable()
export class IncidentReportingService {
  constructor(
    private readonly commands: CommandHandler,
    @Inject(DATABASE_POOL) private readonly pool: Pool,
    private readonly config: AppConfig,
  ) {}

  /** `tx`: the consumer's inbox transaction; HTTP requests get a transaction of their own. */
  async report(
    report: IncidentReportRequest,
    metadata: CommandMetadata,
    now: string,
    tx?: PoolClient,
  ): Promise<ReportOutcome> {
    if (!tx) return withTransaction(this.pool, (own) => this.report(report, metadata, now, own));
    const incidentId = uuidv7();
    if (report.source) {
      const claim = await claimExternalReference(tx, report.source, incidentId);
      if (!claim.claimed) {
        const existing = await this.commands.load(incidentDecider, 'incident', claim.incidentId);
        return { incidentId: claim.incidentId, created: false, version: existing.version, events: [] };
      }
    }
    const subjectRef = `subj-${uuidv7()}`;
    const command: IncidentCommand = {
      type: 'ReportIncident',
      now,
      incidentId,
      subjectRef,
      report,
      reportedAtWindow: {
        maxFutureMinutes: this.config.incidents.reportedAtMaxFutureMinutes,
        maxPastDays: this.config.incidents.reportedAtMaxPastDays,
      },
    };
    const result = await this.commands.within(tx).handle({
      decider: incidentDecider,
      streamType: 'incident',
      incidentId,
      command,
      metadata,
      subjectRef: () => subjectRef,
      occurredAt: report.reportedAt,
    });
    return { incidentId, created: true, version: result.version, events: result.events };
  }
}

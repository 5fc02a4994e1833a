import { Inject, Injectable } from '@nestjs/common';
import { incidentDecider, IncidentCommand } from '@rcrp/domain';
import { EventEnvelope, IncidentDetailsChanges, RcrpCategory } from '@rcrp/events';
import { DATABASE_POOL } from '@rcrp/database';
import {
  CaseEventsReader,
  CommandHandler,
  CommandMetadata,
  CommandResult,
  ProjectionsService,
  type CaseEvents,
} from '@rcrp/runtime';
import type { Pool } from 'pg';
import { NotFoundError } from './not-found.error';
import { IncidentView, incidentViewOf } from './incident-view';
import { decodeCursor, encodeCursor } from './list-cursor';

export interface IncidentListQuery {
  status?: 'reported' | 'withdrawn';
  category?: RcrpCategory;
  since?: string;
  /** The external system's reference (a CAD number), exact. */
  externalRef?: string;
  officerId?: string;
  borough?: string;
  limit: number;
  cursor?: string;
}

export interface IncidentListItem {
  incidentId: string;
  status: string;
  category: string;
  reportedAt: string;
  locationKind: string;
  ageBand: string;
  sourceSystem: string | null;
  externalRef: string | null;
  officerId: string | null;
  borough: string | null;
  version: number;
}

/** Amend, withdraw and read incidents (reporting is IncidentReportingService, shared with the Kafka consumer). */
@Injectable()
export class IncidentsService {
  constructor(
    private readonly commands: CommandHandler,
    private readonly projections: ProjectionsService,
    @Inject(DATABASE_POOL) private readonly pool: Pool,
    private readonly caseEvents: CaseEventsReader,
  ) {}

  amend(
    incidentId: string,
    changes: IncidentDetailsChanges,
    reason: string,
    metadata: CommandMetadata,
    expectedVersion: number | undefined,
  ): Promise<CommandResult<unknown>> {
    const now = new Date().toISOString();
    return this.decide(
      incidentId,
      { type: 'AmendIncidentDetails', now, incidentId, changes, reason },
      metadata,
      expectedVersion,
    );
  }

  withdraw(
    incidentId: string,
    reason: string,
    metadata: CommandMetadata,
    expectedVersion: number | undefined,
  ): Promise<CommandResult<unknown>> {
    const now = new Date().toISOString();
    return this.decide(
      incidentId,
      { type: 'WithdrawIncident', now, incidentId, reason },
      metadata,
      expectedVersion,
    );
  }

  private async decide(
    incidentId: string,
    command: IncidentCommand,
    metadata: CommandMetadata,
    expectedVersion: number | undefined,
  ): Promise<CommandResult<unknown>> {
    const result = await this.commands.handle({
      decider: incidentDecider,
      streamType: 'incident',
      incidentId,
      command,
      metadata,
      expectedVersion,
      subjectRef: (state) => state.subjectRef,
      occurredAt: command.now,
    });
    return result;
  }

  /** Intake's part of the case record (issue 16): the stream decrypted, with its hash-chain check; 404 when empty. */
  async caseRecord(incidentId: string, asOf?: string): Promise<CaseEvents> {
    const record = await this.caseEvents.read('incident', incidentId, asOf);
    if (record.events.length === 0) throw new NotFoundError(notFoundMessage(incidentId, asOf));
    return record;
  }

  /** The incident's events up to `asOf` (all when absent), decrypted; 404 when there are none. */
  async events(incidentId: string, asOf?: string): Promise<EventEnvelope[]> {
    const { events } = await this.commands.load(incidentDecider, 'incident', incidentId, { asOf });
    if (events.length === 0) throw new NotFoundError(notFoundMessage(incidentId, asOf));
    return events;
  }

  async view(incidentId: string, asOf?: string): Promise<IncidentView> {
    const view = incidentViewOf(await this.events(incidentId, asOf));
    if (!view) throw new NotFoundError(notFoundMessage(incidentId, asOf));
    return view;
  }

  async list(query: IncidentListQuery): Promise<{ items: IncidentListItem[]; nextCursor: string | null }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (query.status) where.push(`status = ${param(query.status)}`);
    if (query.category) where.push(`category = ${param(query.category)}`);
    if (query.since) where.push(`reported_at >= ${param(query.since)}`);
    if (query.externalRef) where.push(`external_ref = ${param(query.externalRef)}`);
    if (query.officerId) where.push(`officer_id = ${param(query.officerId)}`);
    // Boroughs are names people type: match them regardless of case.
    if (query.borough) where.push(`lower(borough) = lower(${param(query.borough)})`);
    if (query.cursor) {
      const after = decodeCursor(query.cursor);
      where.push(
        `(reported_at, incident_id) < (${param(after.reportedAt)}::timestamptz, ${param(after.incidentId)}::uuid)`,
      );
    }
    const rows = await this.pool.query<{
      incident_id: string;
      status: string;
      category: string;
      reported_at: Date;
      location_kind: string;
      age_band: string;
      source_system: string | null;
      version: number;
      external_ref: string | null;
      officer_id: string | null;
      borough: string | null;
    }>(
      `SELECT incident_id, status, category, reported_at, location_kind, age_band, source_system, version,
              external_ref, officer_id, borough
         FROM incident_list
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY reported_at DESC, incident_id DESC
        LIMIT ${param(query.limit + 1)}`,
      params,
    );
    const page = rows.rows.slice(0, query.limit);
    const items = page.map((row) => ({
      incidentId: row.incident_id,
      status: row.status,
      category: row.category,
      reportedAt: row.reported_at.toISOString(),
      locationKind: row.location_kind,
      ageBand: row.age_band,
      sourceSystem: row.source_system,
      externalRef: row.external_ref,
      officerId: row.officer_id,
      borough: row.borough,
      version: row.version,
    }));
    const last = items[items.length - 1];
    const nextCursor = rows.rows.length > query.limit && last ? encodeCursor(last) : null;
    return { items, nextCursor };
  }

  /** Lets a caller read its own writes in the list (tests, the e2e probe). */
  catchUp(): Promise<void> {
    return this.projections.catchUp();
  }
}

function notFoundMessage(incidentId: string, asOf?: string): string {
  return asOf ? 'No incident with this id existed at asOf' : 'No incident with this id';
}

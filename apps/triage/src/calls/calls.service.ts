import { Inject, Injectable } from '@nestjs/common';
import { triageDecider } from '@rcrp/domain';
import type { EventEnvelope, LocationKind, PresentingConcern, RcrpCategory } from '@rcrp/events';
import { DATABASE_POOL } from '@rcrp/database';
import { CaseEventsReader, CommandHandler, type CaseEvents } from '@rcrp/runtime';
import type { Pool } from 'pg';
import { CallView, callViewOf } from './call-view';
import { NotFoundError } from './not-found.error';

export interface QueueEntry {
  incidentId: string;
  priority: number;
  presentingConcerns: PresentingConcern[];
  queuedAt: string;
  /** Seconds from queuedAt to the moment the queue was read (`asOf`). */
  waitingSeconds: number;
  version: number;
  /** Who and where (CallQueued v2); null for calls queued before it or where the report had none. */
  officerId: string | null;
  force: string | null;
  borough: string | null;
  category: RcrpCategory | null;
  locationKind: LocationKind | null;
  sourceSystem: string | null;
  externalRef: string | null;
}

export interface Queue {
  /** The database time of the read. */
  asOf: string;
  /** The same as `asOf`, under its first name; kept for one release (issue 16: one name for one thing). */
  asAt: string;
  calls: QueueEntry[];
}

/** Reads of triage: one call from its stream (as of any moment), the live queue from its projection. */
@Injectable()
export class CallsService {
  constructor(
    private readonly commands: CommandHandler,
    @Inject(DATABASE_POOL) private readonly pool: Pool,
    private readonly caseEvents: CaseEventsReader,
  ) {}

  /** Triage's part of the case record (issue 16): the stream decrypted, with its hash-chain check; 404 when empty. */
  async caseRecord(incidentId: string, asOf?: string): Promise<CaseEvents> {
    const record = await this.caseEvents.read('triage', incidentId, asOf);
    if (record.events.length === 0) throw new NotFoundError(notFoundMessage(incidentId, asOf));
    return record;
  }

  /** The call's events up to `asOf` (all when absent), decrypted; 404 when there are none. */
  async events(incidentId: string, asOf?: string): Promise<EventEnvelope[]> {
    const { events } = await this.commands.load(triageDecider, 'triage', incidentId, { asOf });
    if (events.length === 0) throw new NotFoundError(notFoundMessage(incidentId, asOf));
    return events;
  }

  async view(incidentId: string, asOf?: string): Promise<CallView> {
    const view = callViewOf(await this.events(incidentId, asOf));
    if (!view) throw new NotFoundError(notFoundMessage(incidentId, asOf));
    return view;
  }

  /**
   * Waiting calls, most urgent first (`queuePriority` of libs/domain, computed when the call queued or its
   * concerns were amended), then longest waiting, then incident id so the order is total and stable.
   */
  async queue(limit: number): Promise<Queue> {
    const result = await this.pool.query<{
      incident_id: string;
      priority: number;
      presenting_concerns: PresentingConcern[];
      queued_at: Date;
      version: number;
      as_at: Date;
      officer_id: string | null;
      force: string | null;
      borough: string | null;
      category: RcrpCategory | null;
      location_kind: LocationKind | null;
      source_system: string | null;
      external_ref: string | null;
    }>(
      `SELECT incident_id, priority, presenting_concerns, queued_at, version, now() AS as_at,
              officer_id, force, borough, category, location_kind, source_system, external_ref
         FROM triage_calls
        WHERE status = 'queued'
        ORDER BY priority DESC, queued_at ASC, incident_id ASC
        LIMIT $1`,
      [limit],
    );
    const asAt = result.rows[0]?.as_at ?? new Date();
    return {
      asOf: asAt.toISOString(),
      asAt: asAt.toISOString(),
      calls: result.rows.map((row) => ({
        incidentId: row.incident_id,
        priority: row.priority,
        presentingConcerns: row.presenting_concerns,
        queuedAt: row.queued_at.toISOString(),
        waitingSeconds: Math.max(0, Math.round((asAt.getTime() - row.queued_at.getTime()) / 1000)),
        version: row.version,
        officerId: row.officer_id,
        force: row.force,
        borough: row.borough,
        category: row.category,
        locationKind: row.location_kind,
        sourceSystem: row.source_system,
        externalRef: row.external_ref,
      })),
    };
  }
}

function notFoundMessage(incidentId: string, asOf?: string): string {
  return asOf
    ? 'No triage call for an incident with this id existed at asOf'
    : 'No triage call for an incident with this id';
}

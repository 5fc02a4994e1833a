import { Inject, Injectable } from '@nestjs/common';
import { nextWelfareCheckDue, outcomeDecider, type OutcomeState } from '@rcrp/domain';
import { DATABASE_POOL } from '@rcrp/database';
import { CommandHandler, ProjectionsService } from '@rcrp/runtime';
import type { Pool } from 'pg';
import { Clock } from '../clock/clock';
import { IncidentContextReader } from '../context/incident-context.reader';
import { outcomeCasesProjection } from '../projections/outcome-cases.projection';
import { NotFoundError } from './not-found.error';
import { outcomeViewOf, type OutcomeView } from './outcome-view';

/** One row of `GET /detentions/active`. */
export interface ActiveDetention {
  incidentId: string;
  detainedAt: string;
  placeOfSafety: { kind: string | null; name: string | null };
  /** When the 24-hour clock started: arrival at the place of safety, or the decision when kept where found. */
  clockStartedAt: string | null;
  /** The same as `clockStartedAt`, under its first name; kept for one release (issue 16: one name for one thing). */
  arrivedAt: string | null;
  deadline: string | null;
  minutesRemaining: number | null;
  extended: boolean;
  deadlineApproachingNoticed: boolean;
  limitExceeded: boolean;
  /** A late-recorded extension followed the limit notice (DESIGN §4 rule 10): the breach stays visible. */
  limitExceededBeforeExtensionRecorded: boolean;
  /** At a police station: when the next welfare check is (or was) due (SI 2017/1036 reg. 4); else null. */
  nextWelfareCheckDue: string | null;
  welfareCheckOverdue: boolean;
  /** An amendment showed the person held at a police station is under 18: move them (rule 5). */
  policeStationUseInvalidated: { at: string; ruleId: string } | null;
  version: number;
}

@Injectable()
export class OutcomeReadsService {
  constructor(
    private readonly commands: CommandHandler,
    private readonly incidents: IncidentContextReader,
    private readonly projections: ProjectionsService,
    private readonly clock: Clock,
    @Inject(DATABASE_POOL) private readonly pool: Pool,
  ) {}

  /** The outcome case now or as it stood at `asOf` (from the stream itself, not a read model). */
  async view(incidentId: string, options: { asOf?: string; pseudonymise: boolean }): Promise<OutcomeView> {
    const [{ state, version }, known] = await Promise.all([
      this.commands.load(outcomeDecider, 'outcome', incidentId, { asOf: options.asOf }),
      this.incidents.find(incidentId),
    ]);
    if (version === 0 && !known) throw new NotFoundError('No incident with this id is known to outcomes');
    const now = options.asOf ? new Date(options.asOf) : this.clock.now();
    return outcomeViewOf({
      incidentId,
      state,
      version,
      known,
      now,
      asOf: options.asOf ?? null,
      pseudonymise: options.pseudonymise,
    });
  }

  /** Every detention still running, the most urgent deadline first; those whose clock has not started last. */
  async activeDetentions({ catchUp = true }: { catchUp?: boolean } = {}): Promise<{
    asOf: string;
    detentions: ActiveDetention[];
  }> {
    // Read-your-writes: an arrival recorded a moment ago is on the list. (A live view reads after the projection
    // told it of a batch: nothing to catch up.)
    if (catchUp) await this.projections.catchUp();
    const now = this.clock.now();
    const { rows } = await this.pool.query<{
      incident_id: string;
      version: number;
      detained_at: Date;
      place_of_safety_kind: string | null;
      place_of_safety_name: string | null;
      clock_started_at: Date | null;
      deadline: Date | null;
      extended: boolean;
      approaching_noticed: boolean;
      outcome: OutcomeState;
    }>(
      `SELECT incident_id, version, detained_at, place_of_safety_kind, facts->>'placeOfSafetyName' AS place_of_safety_name,
              clock_started_at, deadline, extended, approaching_noticed, facts->'outcome' AS outcome
         FROM ${outcomeCasesProjection.name}
        WHERE detention_status = 'active'
        ORDER BY deadline ASC NULLS LAST, detained_at ASC, incident_id`,
    );
    return {
      asOf: now.toISOString(),
      detentions: rows.map((row) => {
        const welfareDue = nextWelfareCheckDue(row.outcome);
        return {
          incidentId: row.incident_id,
          detainedAt: row.detained_at.toISOString(),
          placeOfSafety: { kind: row.place_of_safety_kind, name: row.place_of_safety_name },
          clockStartedAt: row.clock_started_at?.toISOString() ?? null,
          arrivedAt: row.clock_started_at?.toISOString() ?? null,
          deadline: row.deadline?.toISOString() ?? null,
          minutesRemaining: row.deadline
            ? Math.floor((row.deadline.getTime() - now.getTime()) / 60_000)
            : null,
          extended: row.extended,
          deadlineApproachingNoticed: row.approaching_noticed,
          limitExceeded: row.deadline !== null && row.deadline.getTime() <= now.getTime(),
          limitExceededBeforeExtensionRecorded:
            row.outcome.detention?.limitExceededBeforeExtensionRecorded ?? false,
          nextWelfareCheckDue: welfareDue,
          welfareCheckOverdue: welfareDue !== null && Date.parse(welfareDue) <= now.getTime(),
          policeStationUseInvalidated: row.outcome.detention?.policeStationInvalidated ?? null,
          version: row.version,
        };
      }),
    };
  }
}

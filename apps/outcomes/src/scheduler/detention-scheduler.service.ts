import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { nextWelfareOverdueAt, outcomeDecider, type OutcomeState, type Tick } from '@rcrp/domain';
import { ServiceMetrics } from '@rcrp/observability';
import { DATABASE_POOL } from '@rcrp/database';
import { describeError } from '@rcrp/messaging';
import { sleep, withTransaction, type RetryPolicy } from '@rcrp/database';
import { CommandHandler, RETRY_POLICY, systemActor } from '@rcrp/runtime';
import type { Pool, PoolClient } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { Clock } from '../clock/clock';
import { OutcomesSettings } from '../outcomes-settings';
import { outcomeCasesProjection } from '../projections/outcome-cases.projection';

/** Detentions ticked per round; any more wait for the next round. */
const BATCH_SIZE = 50;

/**
 * The durable deadline scheduler (DESIGN §4 rules 7 and 8). Its work list is the `outcome_cases` table (a
 * projection of the outcome streams, so it survives restarts and is rebuilt with them): every active detention
 * whose warning time or deadline has passed and whose notice is not yet recorded (only the limit notice once the
 * deadline has passed), and every detention at a police station whose welfare check is overdue (regulation 4: one
 * `WelfareCheckOverdue` per missed interval). For each it issues the decider's `Tick` through the one command
 * path. Exactly once each:
 * - the decider emits each notice only if the stream does not already hold it;
 * - rows are claimed with `FOR UPDATE SKIP LOCKED`, so several instances tick different detentions, and the
 *   append's optimistic concurrency refuses a second writer of the same stream version anyway;
 * - a notice is appended in the claiming transaction: after a crash either it is in the stream or the row is
 *   still due and is ticked again by whichever instance runs next (late, never lost).
 */
@Injectable()
export class DetentionScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('DetentionScheduler');
  private abort = new AbortController();
  private loop: Promise<void> | null = null;

  constructor(
    @Inject(DATABASE_POOL) private readonly pool: Pool,
    private readonly commands: CommandHandler,
    private readonly clock: Clock,
    private readonly settings: OutcomesSettings,
    private readonly metrics: ServiceMetrics,
    @Inject(RETRY_POLICY) private readonly retry: RetryPolicy,
  ) {}

  onApplicationBootstrap(): void {
    this.abort = new AbortController();
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.abort.abort();
    await this.loop;
    this.loop = null;
  }

  /** One round: ticks every due detention (up to the batch size); returns how many were ticked. */
  async tickDue(): Promise<number> {
    const now = this.clock.now();
    const emitted: string[] = [];
    const welfareDue = await this.welfareChecksDue(now);
    const ticked = await withTransaction(this.pool, async (tx) => {
      const { rows } = await tx.query<{ incident_id: string }>(
        `SELECT incident_id FROM ${outcomeCasesProjection.name}
          WHERE detention_status = 'active' AND NOT closed
            AND ((deadline IS NOT NULL AND NOT exceeded_noticed
                  AND ((NOT approaching_noticed AND deadline - make_interval(mins => $2) <= $1) OR deadline <= $1))
                 OR incident_id = ANY($3::uuid[]))
          ORDER BY deadline
          LIMIT ${BATCH_SIZE}
          FOR UPDATE SKIP LOCKED`,
        [now, this.settings.warningLeadMinutes, welfareDue],
      );
      for (const row of rows) emitted.push(...(await this.tick(row.incident_id, now, tx)));
      return rows.length;
    });
    // Counted once committed: a rolled-back round emitted nothing.
    for (const type of emitted) this.metrics.deadlineEventsEmitted.inc({ type });
    return ticked;
  }

  /**
   * Detentions at a police station whose next welfare-check notice is due. Few people are held at a police station
   * at once, so their folded state is read and the domain says when each is due (the interval is rule-set data).
   */
  private async welfareChecksDue(now: Date): Promise<string[]> {
    const { rows } = await this.pool.query<{ incident_id: string; facts: { outcome: OutcomeState } }>(
      `SELECT incident_id, facts FROM ${outcomeCasesProjection.name}
        WHERE detention_status = 'active' AND NOT closed AND place_of_safety_kind = 'police-station'`,
    );
    return rows
      .filter((row) => {
        const due = nextWelfareOverdueAt(row.facts.outcome);
        return due !== null && Date.parse(due) <= now.getTime();
      })
      .map((row) => row.incident_id);
  }

  /** The types of the notices appended (none when a person's command won the race). */
  private async tick(incidentId: string, now: Date, tx: PoolClient): Promise<string[]> {
    const command: Tick = {
      type: 'Tick',
      now: now.toISOString(),
      incidentId,
      warningLeadMinutes: this.settings.warningLeadMinutes,
    };
    try {
      const result = await this.commands.within(tx).handle({
        decider: outcomeDecider,
        streamType: 'outcome',
        incidentId,
        command,
        metadata: {
          actor: systemActor('outcomes'),
          correlationId: `detention-clock-${incidentId}`,
          causationId: `detention-clock-tick-${uuidv7()}`,
          traceparent: null,
        },
        subjectRef: () => null,
        occurredAt: command.now,
      });
      for (const event of result.events) this.logger.log(`${event.type} recorded for incident ${incidentId}`);
      return result.events.map((event) => event.type);
    } catch (error) {
      // A person's command appended to the stream meanwhile (the append ran in a savepoint, the transaction is
      // intact). Not tried again inside the round's transaction (RetryPolicy): the detention stays due and the
      // next round decides again on the new state, in a new transaction.
      if (this.retry.classify(error) !== 'version-conflict') throw error;
      return [];
    }
  }

  private async run(): Promise<void> {
    const { signal } = this.abort;
    while (!signal.aborted) {
      try {
        await this.tickDue();
      } catch (error) {
        this.logger.warn(`deadline round failed; retrying: ${describeError(error)}`);
      }
      await sleep(this.settings.schedulerIntervalMs, signal);
    }
  }
}

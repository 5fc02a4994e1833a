import { Inject, Injectable } from '@nestjs/common';
import type { SubjectCommand } from '@rcrp/domain';
import type { EventEnvelope } from '@rcrp/events';
import { DATABASE_POOL, retryOnConflict, withTransaction, type RetryPolicy } from '@rcrp/database';
import type { PersonalDataCipher } from '@rcrp/personal-data';
import { CommandMetadata, PERSONAL_DATA_CIPHER, RETRY_POLICY, SubjectCommandHandler } from '@rcrp/runtime';
import { applySubjectEvent } from '@rcrp/personal-data';
import type { Pool, PoolClient } from 'pg';
import { AppConfig } from '@rcrp/config';
import { NotFoundError } from '../incidents/not-found.error';

export interface SubjectCommandOutcome {
  subjectRef: string;
  incidentId: string;
  version: number;
  events: EventEnvelope[];
}

/**
 * Erasure and restriction of a subject (issue 11). The subject event and its local effect (key deleted, restriction
 * row) commit in one transaction, so there is no half-done erasure to complete; a retried request finds the event
 * already there, appends nothing, and still makes sure the key is gone. Triage and outcomes apply the same event
 * from intake's topic. A race with a concurrent request on the same subject tries the whole transaction again, on
 * the new state, as the retry policy says.
 */
@Injectable()
export class SubjectsService {
  constructor(
    private readonly subjects: SubjectCommandHandler,
    @Inject(DATABASE_POOL) private readonly pool: Pool,
    @Inject(PERSONAL_DATA_CIPHER) private readonly cipher: PersonalDataCipher,
    private readonly config: AppConfig,
    @Inject(RETRY_POLICY) private readonly retry: RetryPolicy,
  ) {}

  erase(subjectRef: string, legalBasis: string, reason: string, metadata: CommandMetadata) {
    const now = new Date().toISOString();
    return this.decide(
      { type: 'EraseSubject', now, subjectRef, legalBasis, reason },
      metadata,
      async (tx) => {
        // Idempotent, and a no-op after the event's own effect: it only matters if a key row slipped in meanwhile.
        await this.cipher.eraseSubject(subjectRef, legalBasis, reason, { client: tx });
      },
    );
  }

  restrict(subjectRef: string, reason: string, metadata: CommandMetadata) {
    return this.decide(
      { type: 'RestrictProcessing', now: new Date().toISOString(), subjectRef, reason },
      metadata,
    );
  }

  lift(subjectRef: string, reason: string, metadata: CommandMetadata) {
    return this.decide(
      { type: 'LiftRestriction', now: new Date().toISOString(), subjectRef, reason },
      metadata,
    );
  }

  private async decide(
    command: SubjectCommand,
    metadata: CommandMetadata,
    always?: (tx: PoolClient) => Promise<void>,
  ): Promise<SubjectCommandOutcome> {
    const incidentId = await this.incidentOf(command.subjectRef);
    return retryOnConflict(this.retry, () =>
      withTransaction(this.pool, async (tx) => {
        const result = await this.subjects.within(tx).handle({ command, incidentId, metadata });
        for (const event of result.events) {
          await applySubjectEvent(event, tx, { cipher: this.cipher, schema: this.config.database.schema });
        }
        await always?.(tx);
        return {
          subjectRef: command.subjectRef,
          incidentId,
          version: result.version,
          events: result.events,
        };
      }),
    );
  }

  /** Subject references are made by intake when an incident is reported; each belongs to exactly one incident. */
  private async incidentOf(subjectRef: string): Promise<string> {
    const { rows } = await this.pool.query<{ incident_id: string }>(
      `SELECT data->>'incidentId' AS incident_id FROM events
        WHERE type = 'IncidentReported' AND data->'subject'->>'ref' = $1
        ORDER BY position LIMIT 1`,
      [subjectRef],
    );
    if (rows.length === 0) throw new NotFoundError('No subject with this reference in any reported incident');
    return rows[0].incident_id;
  }
}

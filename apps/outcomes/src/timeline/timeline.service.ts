import { Inject, Injectable } from '@nestjs/common';
import { outcomeDecider } from '@rcrp/domain';
import { EventEnvelope, personalFieldsOf } from '@rcrp/events';
import { DATABASE_POOL } from '@rcrp/database';
import { CommandHandler } from '@rcrp/runtime';
import { analystEventOf, PersonalDataCipher, Pseudonymiser } from '@rcrp/personal-data';
import { PERSONAL_DATA_CIPHER } from '@rcrp/runtime';
import type { Pool } from 'pg';
import { NotFoundError } from '../outcomes/not-found.error';
import { caseTimelineProjection } from './case-timeline.projection';
import { entryOf, mergeStreams, type TimelineEntry } from './timeline';
import { withholdCiphertext } from './withheld';

/**
 * `GET /cases/:incidentId/timeline`: every event of the incident from intake, triage and outcomes, in the order
 * it happened. Outcome events come from this service's store (personal fields readable, except for analysts);
 * intake's and triage's from the case-timeline projection, their personal fields withheld.
 */
@Injectable()
export class TimelineService {
  constructor(
    private readonly commands: CommandHandler,
    private readonly pseudonyms: Pseudonymiser,
    @Inject(DATABASE_POOL) private readonly pool: Pool,
    @Inject(PERSONAL_DATA_CIPHER) private readonly cipher: PersonalDataCipher,
  ) {}

  async timeline(
    incidentId: string,
    options: { asOf?: string; analyst: boolean },
  ): Promise<{ incidentId: string; asOf: string | null; entries: TimelineEntry[] }> {
    const [{ events: own }, consumed] = await Promise.all([
      this.commands.load(outcomeDecider, 'outcome', incidentId, { asOf: options.asOf }),
      this.consumedEvents(incidentId, options.asOf),
    ]);
    if (own.length === 0 && consumed.length === 0) {
      throw new NotFoundError(
        options.asOf
          ? 'No events of an incident with this id at asOf'
          : 'No events of an incident with this id',
      );
    }
    const subjects = new Set([...consumed, ...own].map((event) => event.subjectRef).filter(Boolean));
    const erased = new Set<string>();
    for (const subjectRef of subjects) if (await this.cipher.isErased(subjectRef!)) erased.add(subjectRef!);
    const byStream = new Map<string, TimelineEntry[]>();
    for (const event of [...consumed, ...own]) {
      const isErased = event.subjectRef !== null && erased.has(event.subjectRef);
      const entry = options.analyst ? this.analystEntry(event) : this.entry(event, isErased);
      byStream.set(event.streamId, [...(byStream.get(event.streamId) ?? []), entry]);
    }
    return { incidentId, asOf: options.asOf ?? null, entries: mergeStreams([...byStream.values()]) };
  }

  private entry(event: EventEnvelope, erased: boolean): TimelineEntry {
    const { data, withheld } = withholdCiphertext(event.data, { erased });
    return entryOf(event, data, withheld);
  }

  /** Analysts never receive a personal field, of any service, in clear or encrypted (DESIGN §5). */
  private analystEntry(event: EventEnvelope): TimelineEntry {
    const { data } = withholdCiphertext(analystEventOf(event, this.pseudonyms).data);
    return entryOf(event, data, [...personalFieldsOf(event.type)]);
  }

  private async consumedEvents(incidentId: string, asOf: string | undefined): Promise<EventEnvelope[]> {
    const { rows } = await this.pool.query<{ envelope: EventEnvelope }>(
      `SELECT envelope FROM ${caseTimelineProjection.name}
        WHERE incident_id = $1 AND ($2::timestamptz IS NULL OR recorded_at <= $2)
        ORDER BY stream_id, stream_version`,
      [incidentId, asOf ?? null],
    );
    return rows.map((row) => row.envelope);
  }
}

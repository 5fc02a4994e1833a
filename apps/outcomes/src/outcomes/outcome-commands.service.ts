import { Injectable } from '@nestjs/common';
import {
  outcomeDecider,
  type OutcomeCommand,
  type OutcomeState,
  type ReviewSubjectAge,
  type Tick,
} from '@rcrp/domain';
import { CommandHandler, CommandMetadata, CommandResult } from '@rcrp/runtime';
import { Clock } from '../clock/clock';
import { IncidentContextReader } from '../context/incident-context.reader';
import { NotFoundError } from './not-found.error';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A person's command as the HTTP edge builds it: outcomes adds the time, the incident and intake/triage facts. */
export type OutcomeRequest = DistributiveOmit<
  Exclude<OutcomeCommand, Tick | ReviewSubjectAge>,
  | 'now'
  | 'incidentId'
  | 'context'
  | 'currentAgeYears'
  | 'receivedAt'
  | 'incidentReportedAt'
  | 'lateEntryReason'
>;

/**
 * The write path of every `POST /outcomes/:incidentId/...` command: the incident must be known from intake's
 * events; the command happened at `at` (or now), which the decider checks against this service's clock and the
 * incident's report time; `Detain` gets the `IncidentContext` (location, age, the line's advice) and a place of
 * safety or transfer intake's current age (rule 5); then the one command path loads, decides and appends. Personal fields are encrypted with the key of
 * the incident's subject, so erasing that subject makes them unreadable here too.
 */
@Injectable()
export class OutcomeCommandsService {
  constructor(
    private readonly commands: CommandHandler,
    private readonly incidents: IncidentContextReader,
    private readonly clock: Clock,
  ) {}

  async execute(
    incidentId: string,
    request: OutcomeRequest,
    options: { at?: string; lateEntryReason?: string; metadata: CommandMetadata; expectedVersion?: number },
  ): Promise<CommandResult<OutcomeState>> {
    const known = await this.incidents.find(incidentId);
    if (!known) {
      throw new NotFoundError(
        "Outcomes knows no incident with this id: it learns of incidents from intake's events (if it was reported a moment ago, try again shortly)",
      );
    }
    const receivedAt = this.clock.now().toISOString();
    const now = options.at === undefined ? receivedAt : new Date(options.at).toISOString();
    const common = {
      now,
      incidentId,
      receivedAt,
      incidentReportedAt: known.reportedAt,
      lateEntryReason: options.lateEntryReason ?? null,
    };
    const facts =
      request.type === 'Detain'
        ? { context: known.context }
        : request.type === 'ChoosePlaceOfSafety' || request.type === 'TransferDetention'
          ? { currentAgeYears: known.context.subjectAgeYears }
          : {};
    const command = { ...request, ...common, ...facts } as OutcomeCommand;
    return this.commands.handle({
      decider: outcomeDecider,
      streamType: 'outcome',
      incidentId,
      command,
      metadata: options.metadata,
      expectedVersion: options.expectedVersion,
      subjectRef: () => known.subjectRef,
      occurredAt: now,
    });
  }
}

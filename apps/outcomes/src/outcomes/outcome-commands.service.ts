import { Injectable } from '@nestjs/common';
import {
  DomainError,
  outcomeDecider,
  RULE_IDS,
  type OutcomeCommand,
  type OutcomeState,
  type Tick,
} from '@rcrp/domain';
import { CommandHandler, CommandMetadata, CommandResult } from '@rcrp/runtime';
import { Clock } from '../clock/clock';
import { IncidentContextReader } from '../context/incident-context.reader';
import { NotFoundError } from './not-found.error';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A person's command as the HTTP edge builds it: outcomes adds the time, the incident and intake/triage facts. */
export type OutcomeRequest = DistributiveOmit<
  Exclude<OutcomeCommand, Tick>,
  'now' | 'incidentId' | 'context'
>;

/** Clocks of officers' devices drift; a time this far ahead of the service's clock is a mistake, not drift. */
const FUTURE_TOLERANCE_MS = 2 * 60_000;

/**
 * The write path of every `POST /outcomes/:incidentId/...` command: the incident must be known from intake's
 * events; the command happened at `at` (or now); `Detain` gets the `IncidentContext` (location, age, the line's
 * advice); then the one command path loads, decides and appends. Personal fields are encrypted with the key of
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
    options: { at?: string; metadata: CommandMetadata; expectedVersion?: number },
  ): Promise<CommandResult<OutcomeState>> {
    const known = await this.incidents.find(incidentId);
    if (!known) {
      throw new NotFoundError(
        "Outcomes knows no incident with this id: it learns of incidents from intake's events (if it was reported a moment ago, try again shortly)",
      );
    }
    const now = this.commandTime(options.at);
    const command = (
      request.type === 'Detain'
        ? { ...request, now, incidentId, context: known.context }
        : { ...request, now, incidentId }
    ) as OutcomeCommand;
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

  /** When the act happened: as the caller says (recording after the fact is normal), never in the future. */
  private commandTime(at: string | undefined): string {
    const now = this.clock.now();
    if (at === undefined) return now.toISOString();
    if (Date.parse(at) > now.getTime() + FUTURE_TOLERANCE_MS) {
      throw new DomainError(
        RULE_IDS.commandTimeInvalid,
        `The time ${at} is in the future; record what has happened, when it happened.`,
      );
    }
    return new Date(at).toISOString();
  }
}

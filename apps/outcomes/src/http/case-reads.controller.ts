import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { PersonalDataRead, Pseudonymiser } from '@rcrp/personal-data';
import { CaseEventsReader, caseEventsAnswer, type CaseEvents } from '@rcrp/runtime';
import { AuthenticatedActor, CurrentActor, Roles } from '@rcrp/auth';
import { etagFor, ParseUuidPipe } from '@rcrp/http';
import type { Response } from 'express';
import { NotFoundError } from '../outcomes/not-found.error';
import { OutcomeReadsService } from '../outcomes/outcome-reads.service';
import { TimelineService } from '../timeline/timeline.service';
import { AsOfQuery } from './outcome.dto';

/** Reads of one case: the outcome as it stands (or stood) and the whole timeline across the three services. */
@ApiTags('cases')
@Controller()
@Roles('officer', 'clinician', 'operator', 'analyst')
export class CaseReadsController {
  constructor(
    private readonly reads: OutcomeReadsService,
    private readonly timelines: TimelineService,
    private readonly caseEvents: CaseEventsReader,
    private readonly pseudonyms: Pseudonymiser,
  ) {}

  @Get('outcomes/:incidentId/events')
  @PersonalDataRead({
    incidentParam: 'incidentId',
    subjectOf: (result) => (result as CaseEvents).events.find((event) => event.subjectRef)?.subjectRef,
  })
  @ApiOperation({
    summary:
      "Outcomes' part of the case record: the outcome stream's events in order (up to `asOf`), decrypted, with the hash-chain check of the stream",
    description: 'Analysts get the events without personal fields, with pseudonyms and age bands.',
  })
  @ApiQuery({ name: 'asOf', required: false, description: 'ISO time: the events recorded up to then' })
  @ApiResponse({ status: 404, description: 'Nothing recorded in outcomes for this incident (at that time).' })
  async events(
    @Param('incidentId', ParseUuidPipe) incidentId: string,
    @Query() query: AsOfQuery,
    @CurrentActor() actor: AuthenticatedActor,
  ) {
    const record = await this.caseEvents.read('outcome', incidentId, query.asOf);
    if (record.events.length === 0)
      throw new NotFoundError('Nothing is recorded in outcomes for an incident with this id');
    return caseEventsAnswer(record, actor.role, this.pseudonyms);
  }

  @Get('outcomes/:incidentId')
  @PersonalDataRead({ incidentParam: 'incidentId' })
  @ApiOperation({
    summary: 'The outcome of an incident as it stands (or stood at `asOf`); ETag = outcome stream version',
    description:
      'With what outcomes knows of the incident (location kind, age, advice). Analysts see an age band, not the age.',
  })
  @ApiQuery({ name: 'asOf', required: false, description: 'ISO time: the outcome as it stood then' })
  @ApiResponse({ status: 404, description: 'Outcomes knows no such incident.' })
  async outcome(
    @Param('incidentId', ParseUuidPipe) incidentId: string,
    @Query() query: AsOfQuery,
    @CurrentActor() actor: AuthenticatedActor,
    @Res({ passthrough: true }) response: Response,
  ) {
    const view = await this.reads.view(incidentId, {
      asOf: query.asOf,
      pseudonymise: actor.role === 'analyst',
    });
    response.setHeader('ETag', etagFor(view.version));
    return view;
  }

  @Get('cases/:incidentId/timeline')
  @PersonalDataRead({ incidentParam: 'incidentId' })
  @ApiOperation({
    summary:
      'Every event of the incident from intake, triage and outcomes, in the order it happened, with actor and service',
    description:
      "Other services' personal fields cannot be read here and show as `[withheld]` (listed in `withheldFields`); analysts receive no personal field of any service.",
  })
  @ApiQuery({ name: 'asOf', required: false, description: 'ISO time: only events recorded by then' })
  @ApiResponse({ status: 404, description: 'No event of that incident is known here.' })
  timeline(
    @Param('incidentId', ParseUuidPipe) incidentId: string,
    @Query() query: AsOfQuery,
    @CurrentActor() actor: AuthenticatedActor,
  ) {
    return this.timelines.timeline(incidentId, { asOf: query.asOf, analyst: actor.role === 'analyst' });
  }
}

import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { PersonalDataRead } from '@rcrp/personal-data';
import { AuthenticatedActor, CurrentActor, Roles } from '@rcrp/auth';
import { etagFor, ParseUuidPipe } from '@rcrp/http';
import type { Response } from 'express';
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
  ) {}

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

import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { PersonalDataRead } from '@rcrp/personal-data';
import { AuthenticatedActor, CurrentActor, Roles } from '@rcrp/auth';
import { IncidentReportRequest } from '@rcrp/events';
import { etagFor, openApiSchemaOf, ParseUuidPipe } from '@rcrp/http';
import { caseEventsAnswer, type CaseEvents, metadataFromRequest, Write, WriteRequest } from '@rcrp/runtime';
import { analystRecordOf, Pseudonymiser } from '@rcrp/personal-data';
import type { Response } from 'express';
import { IncidentReportingService } from '../incidents/incident-reporting.service';
import { INCIDENT_VIEW_PERSONAL_PATHS, type IncidentView } from '../incidents/incident-view';
import { IncidentsService } from '../incidents/incidents.service';
import { AmendIncidentRequest, AsOfQuery, ListIncidentsQuery, WithdrawIncidentRequest } from './incident.dto';
import { AMENDMENT_EXAMPLE, HOTLINE_REPORT_EXAMPLE, REPORT_EXAMPLE, WITHDRAWAL_EXAMPLE } from './examples';

type RequestHeaders = Record<string, string | string[] | undefined>;

const WRITE_ERRORS = [
  ApiResponse({ status: 400, description: 'Invalid body: every invalid field is named with its reasons.' }),
  ApiResponse({ status: 401, description: 'No valid bearer token.' }),
  ApiResponse({ status: 403, description: 'The token role may not do this.' }),
  ApiResponse({ status: 413, description: 'The body is larger than the limit.' }),
  ApiResponse({ status: 422, description: 'A domain rule refused the command; `ruleId` names it.' }),
];

function applyAll(decorators: MethodDecorator[]): MethodDecorator {
  return (target, key, descriptor) => {
    for (const decorator of decorators) decorator(target, key, descriptor);
  };
}

/** Thin HTTP edge of intake: translate the request, call the service, shape the answer for the caller's role. */
@ApiTags('incidents')
@Controller('incidents')
export class IncidentsController {
  constructor(
    private readonly reporting: IncidentReportingService,
    private readonly incidents: IncidentsService,
    private readonly pseudonyms: Pseudonymiser,
  ) {}

  @Post()
  @Roles('officer', 'clinician')
  @ApiOperation({
    summary: 'Report an incident',
    description:
      'Opens a new incident stream with IncidentReported. With `source` (an external system and its reference), a repeat of a reference already seen returns the existing incident (200) instead of creating a second one.',
  })
  @ApiBody({
    schema: openApiSchemaOf(IncidentReportRequest),
    examples: {
      'from an external system': { value: REPORT_EXAMPLE },
      "the line's own call": { value: HOTLINE_REPORT_EXAMPLE },
    },
  })
  @ApiResponse({
    status: 201,
    description: 'Reported: the incident id, its version and the appended events.',
  })
  @ApiResponse({
    status: 200,
    description: 'The external reference was already reported: the existing incident.',
  })
  @applyAll(WRITE_ERRORS)
  async report(
    @Body() body: IncidentReportRequest,
    @CurrentActor() actor: AuthenticatedActor,
    @Headers() headers: RequestHeaders,
    @Res({ passthrough: true }) response: Response,
  ) {
    const outcome = await this.reporting.report(
      body,
      metadataFromRequest(actor, headers),
      new Date().toISOString(),
    );
    response.status(outcome.created ? 201 : 200);
    response.setHeader('ETag', etagFor(outcome.version));
    response.setHeader('Location', `/incidents/${outcome.incidentId}`);
    return {
      incidentId: outcome.incidentId,
      version: outcome.version,
      duplicate: !outcome.created,
      events: outcome.events,
    };
  }

  @Post(':id/amendments')
  @HttpCode(200)
  @Roles('officer', 'clinician')
  @ApiOperation({ summary: 'Amend the details of an incident (honours If-Match)' })
  @ApiBody({
    schema: openApiSchemaOf(AmendIncidentRequest),
    examples: { 'the person went home': { value: AMENDMENT_EXAMPLE } },
  })
  @ApiResponse({ status: 200, description: 'Amended: the new version and the appended event.' })
  @ApiResponse({ status: 404, description: 'No such incident.' })
  @ApiResponse({ status: 409, description: 'If-Match does not match the current version.' })
  @applyAll(WRITE_ERRORS)
  async amend(
    @Param('id', ParseUuidPipe) incidentId: string,
    @Body() body: AmendIncidentRequest,
    @Write() write: WriteRequest,
  ) {
    const result = await this.incidents.amend(
      incidentId,
      body.changes,
      body.reason,
      write.metadata,
      write.expectedVersion,
    );
    return write.answer(incidentId, result);
  }

  @Post(':id/withdrawal')
  @HttpCode(200)
  @Roles('officer', 'clinician')
  @ApiOperation({ summary: 'Withdraw an incident (honours If-Match); triage takes it off the queue' })
  @ApiBody({
    schema: openApiSchemaOf(WithdrawIncidentRequest),
    examples: { duplicate: { value: WITHDRAWAL_EXAMPLE } },
  })
  @ApiResponse({ status: 200, description: 'Withdrawn: the new version and the appended event.' })
  @ApiResponse({ status: 409, description: 'If-Match does not match the current version.' })
  @applyAll(WRITE_ERRORS)
  async withdraw(
    @Param('id', ParseUuidPipe) incidentId: string,
    @Body() body: WithdrawIncidentRequest,
    @Write() write: WriteRequest,
  ) {
    const result = await this.incidents.withdraw(
      incidentId,
      body.reason,
      write.metadata,
      write.expectedVersion,
    );
    return write.answer(incidentId, result);
  }

  @Get()
  @Roles('officer', 'clinician', 'operator', 'analyst')
  @ApiOperation({ summary: 'List incidents, newest report first (cursor pagination; no personal data)' })
  @ApiQuery({ name: 'status', required: false, enum: ['reported', 'withdrawn'] })
  @ApiQuery({ name: 'category', required: false })
  @ApiQuery({
    name: 'since',
    required: false,
    description: 'ISO time or a date (the start of that day in London): reports at or after it',
  })
  @ApiQuery({
    name: 'externalRef',
    required: false,
    description: "The reporting system's reference (a CAD number), exact",
  })
  @ApiQuery({ name: 'officerId', required: false, description: 'The reporting officer, exact' })
  @ApiQuery({ name: 'borough', required: false, description: 'The borough, regardless of case' })
  @ApiQuery({ name: 'limit', required: false, description: '1-200, default 50' })
  @ApiQuery({ name: 'cursor', required: false, description: '`nextCursor` of the previous page' })
  list(@Query() query: ListIncidentsQuery) {
    return this.incidents.list({ ...query, limit: query.limit ?? 50 });
  }

  @Get(':id')
  @Roles('officer', 'clinician', 'operator', 'analyst')
  @PersonalDataRead({ incidentParam: 'id', subjectOf: (view) => (view as IncidentView).subject?.ref })
  @ApiOperation({
    summary:
      'An incident as it stands (or stood at `asOf`); ETag = version. Analysts get a pseudonymised view.',
  })
  @ApiQuery({ name: 'asOf', required: false, description: 'ISO time: the incident as it stood then' })
  @ApiResponse({ status: 404, description: 'No such incident (at that time).' })
  async get(
    @Param('id', ParseUuidPipe) incidentId: string,
    @Query() query: AsOfQuery,
    @CurrentActor() actor: AuthenticatedActor,
    @Res({ passthrough: true }) response: Response,
  ) {
    const view = await this.incidents.view(incidentId, query.asOf);
    response.setHeader('ETag', etagFor(view.version));
    return actor.role === 'analyst'
      ? analystRecordOf(view, INCIDENT_VIEW_PERSONAL_PATHS, this.pseudonyms)
      : view;
  }

  @Get(':id/events')
  @Roles('officer', 'clinician', 'operator', 'analyst')
  @PersonalDataRead({
    incidentParam: 'id',
    subjectOf: (result) => (result as CaseEvents).events.find((event) => event.subjectRef)?.subjectRef,
  })
  @ApiOperation({
    summary:
      "Intake's part of the case record: the incident's events in order (up to `asOf`), decrypted, with the hash-chain check of the stream. Analysts get them without personal fields.",
  })
  @ApiQuery({ name: 'asOf', required: false })
  async events(
    @Param('id', ParseUuidPipe) incidentId: string,
    @Query() query: AsOfQuery,
    @CurrentActor() actor: AuthenticatedActor,
  ) {
    return caseEventsAnswer(
      await this.incidents.caseRecord(incidentId, query.asOf),
      actor.role,
      this.pseudonyms,
    );
  }
}

import { PersonalDataRead } from '@rcrp/personal-data';
import {
  BadRequestException,
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { ApiBody, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AuthenticatedActor, CurrentActor, Roles } from '@rcrp/auth';
import type { TriageCommand } from '@rcrp/domain';
import { ApiCsvReport, etagFor, openApiSchemaOf, ParseUuidPipe, reportAnswer } from '@rcrp/http';
import { caseEventsAnswer, type CaseEvents, Write, WriteRequest } from '@rcrp/runtime';
import { analystRecordOf, Pseudonymiser } from '@rcrp/personal-data';
import type { Response } from 'express';
import { CALL_VIEW_PERSONAL_PATHS } from '../calls/call-view';
import { CallsService } from '../calls/calls.service';
import { TriageCommandsService } from '../calls/triage-commands.service';
import { TriageMetricsService } from '../metrics/triage-metrics.service';
import {
  ABANDON_EXAMPLE,
  ADVICE_EXAMPLE,
  ANSWER_EXAMPLE,
  RECORDS_CHECK_EXAMPLE,
  RISK_ASSESSMENT_EXAMPLE,
} from './examples';
import {
  AbandonCallRequest,
  AdviceRequest,
  AnswerCallRequest,
  AsOfQuery,
  CloseTriageRequest,
  MetricsQuery,
  QueueQuery,
  RecordsCheckRequest,
  RiskAssessmentRequest,
} from './triage.dto';

const DAY_MS = 24 * 60 * 60 * 1000;

const WRITE_RESPONSES = [
  ApiResponse({
    status: 200,
    description: 'Done: the new stream version (also as ETag) and the appended events.',
  }),
  ApiResponse({
    status: 400,
    description: 'Invalid body or If-Match: every invalid field is named with its reasons.',
  }),
  ApiResponse({ status: 401, description: 'No valid bearer token.' }),
  ApiResponse({ status: 403, description: 'Only clinicians act on calls.' }),
  ApiResponse({ status: 409, description: 'If-Match does not match the current version.' }),
  ApiResponse({
    status: 422,
    description: 'A triage rule refused the action (for example advice before answering); `ruleId` names it.',
  }),
];

function applyAll(decorators: MethodDecorator[]): MethodDecorator {
  return (target, key, descriptor) => {
    for (const decorator of decorators) decorator(target, key, descriptor);
  };
}

/** Thin HTTP edge of triage: translate the request into a triage command or a read, shape the answer for the role. */
@ApiTags('triage')
@Controller('triage')
export class TriageController {
  constructor(
    private readonly triage: TriageCommandsService,
    private readonly calls: CallsService,
    private readonly metricsService: TriageMetricsService,
    private readonly pseudonyms: Pseudonymiser,
  ) {}

  @Get('queue')
  @Roles('clinician', 'operator', 'analyst')
  @ApiOperation({
    summary:
      'Waiting calls: most urgent first, then longest waiting, each with its waiting time (no personal data)',
  })
  @ApiQuery({ name: 'limit', required: false, description: '1-500, default 200' })
  queue(@Query() query: QueueQuery) {
    return this.calls.queue(query.limit ?? 200);
  }

  @Get('metrics')
  @Roles('analyst', 'operator', 'clinician')
  @ApiOperation({
    summary:
      'Calls, answered, abandoned, time-to-answer and time-to-advice (median, p90, p95), advice by recommendation',
    description:
      "Over the calls queued in [from, to); defaults: the 24 hours up to now. JSON, or CSV with `Accept: text/csv` or `?format=csv`. For analysts, counts of 1-4 read `<5` (as in outcomes' statistics). Definitions in docs/triage.md.",
  })
  @ApiQuery({ name: 'from', required: false, description: 'ISO time, inclusive' })
  @ApiQuery({ name: 'to', required: false, description: 'ISO time, exclusive' })
  @ApiCsvReport({
    description:
      'The metrics as JSON, or as `measure,category,value` CSV lines; for analysts, durations over fewer than 5 calls are null.',
    csvExample:
      'measure,category,value\r\ncalls,,12\r\nabandoned,,<5\r\ntimeToAnswerSeconds,median,42.5\r\nadviceByRecommendation,refer-to-crisis-team,7\r\n',
  })
  async metrics(
    @Query() query: MetricsQuery,
    @Headers('accept') accept: string | undefined,
    @CurrentActor() actor: AuthenticatedActor,
    @Res({ passthrough: true }) response: Response,
  ) {
    const to = query.to ?? new Date().toISOString();
    const from = query.from ?? new Date(Date.parse(to) - DAY_MS).toISOString();
    if (Date.parse(from) >= Date.parse(to)) {
      throw new BadRequestException({
        message: 'from must be before to',
        errors: [{ field: 'from', reasons: ['from must be before to'] }],
      });
    }
    const metrics = await this.metricsService.metrics(from, to, actor.role === 'analyst');
    const period = `${new Date(from).toISOString()}-${new Date(to).toISOString()}`;
    return reportAnswer(metrics, { format: query.format, accept }, response, `rcrp-triage-metrics-${period}`);
  }

  @Post(':incidentId/answer')
  @HttpCode(200)
  @Roles('clinician')
  @ApiOperation({ summary: 'Answer a queued call (honours If-Match)' })
  @ApiBody({ schema: openApiSchemaOf(AnswerCallRequest), examples: { nurse: { value: ANSWER_EXAMPLE } } })
  @applyAll(WRITE_RESPONSES)
  answer(
    @Param('incidentId', ParseUuidPipe) incidentId: string,
    @Body() body: AnswerCallRequest,
    @Write() write: WriteRequest,
  ) {
    return this.act(incidentId, (now) => ({ type: 'AnswerCall', now, incidentId, ...body }), write);
  }

  @Post(':incidentId/risk-assessment')
  @HttpCode(200)
  @Roles('clinician')
  @ApiOperation({ summary: 'Record a risk assessment of an answered call (honours If-Match)' })
  @ApiBody({
    schema: openApiSchemaOf(RiskAssessmentRequest),
    examples: { high: { value: RISK_ASSESSMENT_EXAMPLE } },
  })
  @applyAll(WRITE_RESPONSES)
  assessRisk(
    @Param('incidentId', ParseUuidPipe) incidentId: string,
    @Body() body: RiskAssessmentRequest,
    @Write() write: WriteRequest,
  ) {
    const { clinicianId = write.actor.id, level, factors, rationale } = body;
    return this.act(
      incidentId,
      (now) => ({ type: 'AssessRisk', now, incidentId, clinicianId, level, factors, rationale }),
      write,
    );
  }

  @Post(':incidentId/records-check')
  @HttpCode(200)
  @Roles('clinician')
  @ApiOperation({ summary: 'Record a check of health records for an answered call (honours If-Match)' })
  @ApiBody({
    schema: openApiSchemaOf(RecordsCheckRequest),
    examples: { known: { value: RECORDS_CHECK_EXAMPLE } },
  })
  @applyAll(WRITE_RESPONSES)
  checkRecords(
    @Param('incidentId', ParseUuidPipe) incidentId: string,
    @Body() body: RecordsCheckRequest,
    @Write() write: WriteRequest,
  ) {
    const { clinicianId = write.actor.id, knownToServices, notes } = body;
    return this.act(
      incidentId,
      (now) => ({
        type: 'CheckRecords',
        now,
        incidentId,
        clinicianId,
        knownToServices,
        notes: notes ?? null,
      }),
      write,
    );
  }

  @Post(':incidentId/advice')
  @HttpCode(200)
  @Roles('clinician')
  @ApiOperation({
    summary: 'Give advice on an answered call; may be given more than once (honours If-Match)',
  })
  @ApiBody({ schema: openApiSchemaOf(AdviceRequest), examples: { 'crisis team': { value: ADVICE_EXAMPLE } } })
  @applyAll(WRITE_RESPONSES)
  advise(
    @Param('incidentId', ParseUuidPipe) incidentId: string,
    @Body() body: AdviceRequest,
    @Write() write: WriteRequest,
  ) {
    const { clinicianId = write.actor.id, profession, recommendation, rationale } = body;
    return this.act(
      incidentId,
      (now) => ({ type: 'GiveAdvice', now, incidentId, clinicianId, profession, recommendation, rationale }),
      write,
    );
  }

  @Post(':incidentId/close')
  @HttpCode(200)
  @Roles('clinician')
  @ApiOperation({ summary: 'Close the triage after advice was given (honours If-Match)' })
  @applyAll(WRITE_RESPONSES)
  close(
    @Param('incidentId', ParseUuidPipe) incidentId: string,
    @Body() _body: CloseTriageRequest,
    @Write() write: WriteRequest,
  ) {
    return this.act(incidentId, (now) => ({ type: 'CloseTriage', now, incidentId }), write);
  }

  @Post(':incidentId/abandon')
  @HttpCode(200)
  @Roles('clinician')
  @ApiOperation({
    summary:
      'Record that the call ended before triage was complete, e.g. the officer hung up (honours If-Match)',
  })
  @ApiBody({
    schema: openApiSchemaOf(AbandonCallRequest),
    examples: { 'hung up': { value: ABANDON_EXAMPLE } },
  })
  @applyAll(WRITE_RESPONSES)
  abandon(
    @Param('incidentId', ParseUuidPipe) incidentId: string,
    @Body() body: AbandonCallRequest,
    @Write() write: WriteRequest,
  ) {
    return this.act(
      incidentId,
      (now) => ({ type: 'AbandonCall', now, incidentId, reason: body.reason }),
      write,
    );
  }

  @Get(':incidentId')
  @Roles('clinician', 'operator', 'analyst')
  @PersonalDataRead({ incidentParam: 'incidentId' })
  @ApiOperation({
    summary:
      'A call as it stands (or stood at `asOf`); ETag = version. Analysts get it without free text, with a pseudonym.',
  })
  @ApiQuery({ name: 'asOf', required: false, description: 'ISO time: the call as it stood then' })
  @ApiResponse({ status: 404, description: 'No call for this incident (at that time).' })
  async get(
    @Param('incidentId', ParseUuidPipe) incidentId: string,
    @Query() query: AsOfQuery,
    @CurrentActor() actor: AuthenticatedActor,
    @Res({ passthrough: true }) response: Response,
  ) {
    const view = await this.calls.view(incidentId, query.asOf);
    response.setHeader('ETag', etagFor(view.version));
    return actor.role === 'analyst' ? analystRecordOf(view, CALL_VIEW_PERSONAL_PATHS, this.pseudonyms) : view;
  }

  @Get(':incidentId/events')
  @Roles('clinician', 'operator', 'analyst')
  @PersonalDataRead({
    incidentParam: 'incidentId',
    subjectOf: (result) => (result as CaseEvents).events.find((event) => event.subjectRef)?.subjectRef,
  })
  @ApiOperation({
    summary:
      "Triage's part of the case record: the call's events in order (up to `asOf`), decrypted, with the hash-chain check of the stream. Analysts get them without personal fields.",
  })
  @ApiQuery({ name: 'asOf', required: false, description: 'ISO time: the events recorded up to then' })
  @ApiResponse({ status: 404, description: 'No call for this incident (at that time).' })
  async events(
    @Param('incidentId', ParseUuidPipe) incidentId: string,
    @Query() query: AsOfQuery,
    @CurrentActor() actor: AuthenticatedActor,
  ) {
    return caseEventsAnswer(await this.calls.caseRecord(incidentId, query.asOf), actor.role, this.pseudonyms);
  }

  /** The five steps of every write: validated at the edge, then load, decide, append (one path), respond. */
  private async act(incidentId: string, command: (now: string) => TriageCommand, write: WriteRequest) {
    const result = await this.triage.decide(incidentId, command(new Date().toISOString()), write.metadata, {
      expectedVersion: write.expectedVersion,
    });
    return write.answer(incidentId, result);
  }
}

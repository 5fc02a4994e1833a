import { PersonalDataRead } from '@rcrp/personal-data';
import {
  BadRequestException,
  Body,
  Controller,
  ForbiddenException,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiBody, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AuthenticatedActor, CurrentActor, Roles } from '@rcrp/auth';
import type { TriageCommand } from '@rcrp/domain';
import {
  ApiCsvReport,
  etagFor,
  openApiSchemaOf,
  ParseUuidPipe,
  reportAnswer,
  serveEventStream,
} from '@rcrp/http';
import { caseEventsAnswer, type CaseEvents, Write, WriteRequest } from '@rcrp/runtime';
import { analystRecordOf, Pseudonymiser, withoutPaths } from '@rcrp/personal-data';
import type { Request, Response } from 'express';
import { CALL_VIEW_HIDDEN_FROM_OFFICERS, CALL_VIEW_PERSONAL_PATHS } from '../calls/call-view';
import { CallsService } from '../calls/calls.service';
import { QueueStream } from '../calls/queue-stream.service';
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
    private readonly liveQueue: QueueStream,
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

  @Get('queue/stream')
  @Roles('clinician', 'operator', 'analyst')
  @ApiOperation({
    summary: 'The waiting calls as a Server-Sent Events stream: a snapshot, then one event per change',
    description:
      'Events: `snapshot` `{ asOf, items: [queue entry] }` on connect; then `added` / `updated` (a queue entry) and `removed` (`{ key: incidentId }`) as calls join, change or leave the queue (answered, abandoned, withdrawn). Each has an `id:`; reconnecting with `Last-Event-ID` (or `?lastEventId=`) gives what was missed, or a fresh snapshot when that is too old. A `: heartbeat` comment every 15 s. `waitingSeconds` is as of the snapshot or the change: count on from `queuedAt`. Bearer token in the `Authorization` header.',
  })
  @ApiResponse({ status: 200, description: 'text/event-stream', content: { 'text/event-stream': {} } })
  async queueStream(@Req() request: Request, @Res() response: Response): Promise<void> {
    await serveEventStream(request, response, (send, lastEventId, end) =>
      this.liveQueue.view.subscribe(send, lastEventId, end),
    );
  }

  @Get('metrics')
  @Roles('analyst', 'operator', 'clinician')
  @ApiOperation({
    summary:
      'Calls, answered, abandoned, time-to-answer and time-to-advice (median, p90, p95), advice by recommendation',
    description:
      "Over the calls queued in [from, to); defaults: the 24 hours up to now. JSON, or CSV with `Accept: text/csv` or `?format=csv`. For analysts, counts of 1-4 read `<5` (as in outcomes' statistics). Definitions in docs/triage.md.",
  })
  @ApiQuery({
    name: 'from',
    required: false,
    description: 'ISO time or a date (the start of that day in London), inclusive',
  })
  @ApiQuery({
    name: 'to',
    required: false,
    description: 'ISO time or a date (the start of that day in London), exclusive',
  })
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
  @Roles('clinician', 'operator')
  @ApiOperation({ summary: 'Answer a queued call (honours If-Match)' })
  @ApiBody({ schema: openApiSchemaOf(AnswerCallRequest), examples: { nurse: { value: ANSWER_EXAMPLE } } })
  @applyAll(WRITE_RESPONSES)
  answer(
    @Param('incidentId', ParseUuidPipe) incidentId: string,
    @Body() body: AnswerCallRequest,
    @Write() write: WriteRequest,
  ) {
    const clinicianId = actingClinician(body.clinicianId, write.actor);
    const { profession } = body;
    return this.act(
      incidentId,
      (now) => ({ type: 'AnswerCall', now, incidentId, clinicianId, profession }),
      write,
    );
  }

  @Post(':incidentId/risk-assessment')
  @HttpCode(200)
  @Roles('clinician', 'operator')
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
    const { level, factors, rationale } = body;
    const clinicianId = actingClinician(body.clinicianId, write.actor);
    return this.act(
      incidentId,
      (now) => ({ type: 'AssessRisk', now, incidentId, clinicianId, level, factors, rationale }),
      write,
    );
  }

  @Post(':incidentId/records-check')
  @HttpCode(200)
  @Roles('clinician', 'operator')
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
    const { knownToServices, notes } = body;
    const clinicianId = actingClinician(body.clinicianId, write.actor);
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
  @Roles('clinician', 'operator')
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
    const { profession, recommendation, rationale } = body;
    const clinicianId = actingClinician(body.clinicianId, write.actor);
    return this.act(
      incidentId,
      (now) => ({ type: 'GiveAdvice', now, incidentId, clinicianId, profession, recommendation, rationale }),
      write,
    );
  }

  @Post(':incidentId/close')
  @HttpCode(200)
  @Roles('clinician', 'operator')
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
  @Roles('clinician', 'operator')
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
  @Roles('clinician', 'operator', 'analyst', 'officer')
  @PersonalDataRead({ incidentParam: 'incidentId' })
  @ApiOperation({
    summary:
      'A call as it stands (or stood at `asOf`); ETag = version. Analysts get it without free text, with a pseudonym.',
    description:
      'An officer may read the call of an incident they reported (token subject = the reporting officer): the advice with its rationale, without the risk factors and the records-check notes; any other incident is 403.',
  })
  @ApiResponse({ status: 403, description: 'An officer asking for an incident they did not report.' })
  @ApiQuery({ name: 'asOf', required: false, description: 'ISO time: the call as it stood then' })
  @ApiResponse({ status: 404, description: 'No call for this incident (at that time).' })
  async get(
    @Param('incidentId', ParseUuidPipe) incidentId: string,
    @Query() query: AsOfQuery,
    @CurrentActor() actor: AuthenticatedActor,
    @Res({ passthrough: true }) response: Response,
  ) {
    const view = await this.calls.view(incidentId, query.asOf);
    if (actor.role === 'officer' && view.context.officerId !== actor.id) {
      throw new ForbiddenException('An officer may read the triage only of an incident they reported');
    }
    response.setHeader('ETag', etagFor(view.version));
    if (actor.role === 'analyst') return analystRecordOf(view, CALL_VIEW_PERSONAL_PATHS, this.pseudonyms);
    if (actor.role === 'officer') return withoutPaths(view, CALL_VIEW_HIDDEN_FROM_OFFICERS);
    return view;
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

/**
 * The clinician a write is recorded for (issue 16): the caller, unless an operator records it for a named clinician.
 * A clinician naming someone else is refused: the record must say who really acted. Never echoes the value.
 */
function actingClinician(requested: string | undefined, actor: { id: string; role: string }): string {
  if (actor.role === 'operator') {
    if (requested === undefined) {
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: 'Validation failed: clinicianId: is required when an operator records for a clinician',
        errors: [{ field: 'clinicianId', reasons: ['is required when an operator records for a clinician'] }],
      });
    }
    return requested;
  }
  if (requested !== undefined && requested !== actor.id) {
    throw new ForbiddenException({
      statusCode: 403,
      error: 'Forbidden',
      message:
        "clinicianId must be your own id (your token's subject): only an operator may record for another clinician",
      errors: [{ field: 'clinicianId', reasons: ["must be your own id (your token's subject)"] }],
    });
  }
  return actor.id;
}

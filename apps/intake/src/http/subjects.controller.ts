import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AuthenticatedActor, CurrentActor, Roles } from '@rcrp/auth';
import { openApiSchemaOf } from '@rcrp/http';
import { metadataFromRequest } from '@rcrp/runtime';
import { SubjectsService } from '../subjects/subjects.service';
import { ParseSubjectRefPipe } from './subject-ref.pipe';
import { EraseSubjectRequest, SubjectReasonRequest } from './subject.dto';

type RequestHeaders = Record<string, string | string[] | undefined>;

/** Data-subject rights (issue 11): erasure by crypto-shredding and restriction of processing. Operators only. */
@ApiTags('subjects')
@Controller('subjects/:subjectRef')
@Roles('operator')
@ApiResponse({ status: 400, description: 'Invalid subject reference or body.' })
@ApiResponse({ status: 404, description: 'No reported incident has this subject.' })
export class SubjectsController {
  constructor(private readonly subjects: SubjectsService) {}

  @Post('erasure')
  @HttpCode(200)
  @ApiOperation({
    summary: "Erase a subject's personal data (crypto-shredding)",
    description:
      'Appends SubjectDataErased and deletes the subject key in one transaction. Events stay unchanged (hash chains still verify); their personal fields read as "[erased]" everywhere. Repeating the request appends nothing.',
  })
  @ApiBody({
    schema: openApiSchemaOf(EraseSubjectRequest),
    examples: {
      'request upheld': { value: { legalBasis: 'UK GDPR Art. 17(1)(b)', reason: 'Erasure request upheld' } },
    },
  })
  @ApiResponse({ status: 200, description: 'Erased: the appended events (none when already erased).' })
  async erase(
    @Param('subjectRef', ParseSubjectRefPipe) subjectRef: string,
    @Body() body: EraseSubjectRequest,
    @CurrentActor() actor: AuthenticatedActor,
    @Headers() headers: RequestHeaders,
  ) {
    const outcome = await this.subjects.erase(
      subjectRef,
      body.legalBasis,
      body.reason,
      metadataFromRequest(actor, headers),
    );
    return { ...outcome, erased: true };
  }

  @Post('restriction')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Restrict processing: personal fields are then shown only to operators stating a reason',
  })
  @ApiBody({
    schema: openApiSchemaOf(SubjectReasonRequest),
    examples: { 'accuracy contested': { value: { reason: 'UK GDPR Art. 18(1)(a): accuracy contested' } } },
  })
  @ApiResponse({ status: 422, description: 'The subject was erased (SUBJECT-ERASED).' })
  async restrict(
    @Param('subjectRef', ParseSubjectRefPipe) subjectRef: string,
    @Body() body: SubjectReasonRequest,
    @CurrentActor() actor: AuthenticatedActor,
    @Headers() headers: RequestHeaders,
  ) {
    return {
      ...(await this.subjects.restrict(subjectRef, body.reason, metadataFromRequest(actor, headers))),
      restricted: true,
    };
  }

  @Post('restriction/lift')
  @HttpCode(200)
  @ApiOperation({ summary: 'Lift a restriction of processing' })
  @ApiBody({
    schema: openApiSchemaOf(SubjectReasonRequest),
    examples: { 'accuracy verified': { value: { reason: 'Accuracy verified with the subject' } } },
  })
  async lift(
    @Param('subjectRef', ParseSubjectRefPipe) subjectRef: string,
    @Body() body: SubjectReasonRequest,
    @CurrentActor() actor: AuthenticatedActor,
    @Headers() headers: RequestHeaders,
  ) {
    return {
      ...(await this.subjects.lift(subjectRef, body.reason, metadataFromRequest(actor, headers))),
      restricted: false,
    };
  }
}

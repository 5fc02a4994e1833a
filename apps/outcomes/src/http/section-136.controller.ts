import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ParseUuidPipe } from '@rcrp/http';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '@rcrp/auth';
import { Write, WriteRequest } from '@rcrp/runtime';
import { OutcomeCommandsService, OutcomeRequest } from '../outcomes/outcome-commands.service';
import { OutcomeCommandDocs } from './api-docs';
import { EXAMPLES } from './examples';
import {
  ChoosePlaceOfSafetyRequest,
  CloseCaseRequest,
  CompleteAssessmentRequest,
  DetainRequest,
  EndDetentionRequest,
  ExtendDetentionRequest,
  RecordArrivalRequest,
  RecordConsultationRequest,
  RecordConveyanceRequest,
  RecordDispositionRequest,
  RecordWelfareCheckRequest,
  Timed,
  TransferDetentionRequest,
} from './outcome.dto';

/**
 * The outcome commands (DESIGN §5): each translates its body into a command of the outcome decider and sends it
 * down the one write path. Officers and clinicians record; a refused rule is a 422 naming it.
 */
@ApiTags('outcomes')
@Controller('outcomes/:incidentId')
@Roles('officer', 'clinician')
export class Section136Controller {
  constructor(private readonly outcomes: OutcomeCommandsService) {}

  @Post('section-136/consultation')
  @HttpCode(200)
  @OutcomeCommandDocs(
    'Record the consultation before a detention, or why it was not practicable (rule 2)',
    RecordConsultationRequest,
    EXAMPLES.consultation,
  )
  consultation(
    @Param('incidentId', ParseUuidPipe) incidentId: string,
    @Body() body: RecordConsultationRequest,
    @Write() write: WriteRequest,
  ) {
    const request: OutcomeRequest = {
      type: 'RecordConsultation',
      profession: body.profession ?? null,
      clinicianId: body.clinicianId ?? body.professionalId ?? null,
      notPracticableReason: body.notPracticableReason ?? null,
    };
    return this.record(incidentId, request, body, write);
  }

  @Post('section-136/detention')
  @HttpCode(200)
  @OutcomeCommandDocs(
    "Detain under section 136 (rules 1 and 2: never in a dwelling; the line's advice counts as the consultation)",
    DetainRequest,
    EXAMPLES.detention,
  )
  detention(
    @Param('incidentId', ParseUuidPipe) incidentId: string,
    @Body() body: DetainRequest,
    @Write() write: WriteRequest,
  ) {
    return this.record(
      incidentId,
      { type: 'Detain', officerId: body.officerId ?? write.actor.id },
      body,
      write,
    );
  }

  @Post('section-136/place-of-safety')
  @HttpCode(200)
  @OutcomeCommandDocs(
    'Choose the place of safety (rule 5: a police station never for under-18s, for adults only with an inspector)',
    ChoosePlaceOfSafetyRequest,
    EXAMPLES.placeOfSafety,
  )
  placeOfSafety(
    @Param('incidentId', ParseUuidPipe) incidentId: string,
    @Body() body: ChoosePlaceOfSafetyRequest,
    @Write() write: WriteRequest,
  ) {
    const request: OutcomeRequest = {
      type: 'ChoosePlaceOfSafety',
      kind: body.kind,
      name: body.name ?? null,
      keptWhereFound: body.keptWhereFound ?? false,
      policeStationAuthorisation: body.policeStationAuthorisation ?? null,
      isDwelling: body.isDwelling ?? false,
      consent: body.consent ?? null,
    };
    return this.record(incidentId, request, body, write);
  }

  @Post('section-136/conveyance')
  @HttpCode(200)
  @OutcomeCommandDocs(
    'Record how the person was conveyed (rule 6: a police vehicle needs a reason)',
    RecordConveyanceRequest,
    EXAMPLES.conveyance,
  )
  conveyance(
    @Param('incidentId', ParseUuidPipe) incidentId: string,
    @Body() body: RecordConveyanceRequest,
    @Write() write: WriteRequest,
  ) {
    const request: OutcomeRequest = {
      type: 'RecordConveyance',
      mode: body.mode,
      policeVehicleReason: body.policeVehicleReason
        ? { code: body.policeVehicleReason.code, detail: body.policeVehicleReason.detail ?? null }
        : null,
    };
    return this.record(incidentId, request, body, write);
  }

  @Post('section-136/arrival')
  @HttpCode(200)
  @OutcomeCommandDocs(
    'Record arrival at the place of safety: the 24-hour period starts (rule 3)',
    RecordArrivalRequest,
    EXAMPLES.arrival,
  )
  arrival(
    @Param('incidentId', ParseUuidPipe) incidentId: string,
    @Body() body: RecordArrivalRequest,
    @Write() write: WriteRequest,
  ) {
    return this.record(incidentId, { type: 'RecordArrival' }, body, write);
  }

  @Post('section-136/transfer')
  @HttpCode(200)
  @OutcomeCommandDocs(
    'Transfer to another place of safety (the period does not restart)',
    TransferDetentionRequest,
    EXAMPLES.transfer,
  )
  transfer(
    @Param('incidentId', ParseUuidPipe) incidentId: string,
    @Body() body: TransferDetentionRequest,
    @Write() write: WriteRequest,
  ) {
    const request: OutcomeRequest = {
      type: 'TransferDetention',
      toKind: body.toKind,
      toName: body.toName ?? null,
      policeStationAuthorisation: body.policeStationAuthorisation ?? null,
      isDwelling: body.isDwelling ?? false,
      consent: body.consent ?? null,
    };
    return this.record(incidentId, request, body, write);
  }

  @Post('section-136/extension')
  @HttpCode(200)
  @OutcomeCommandDocs(
    'Extend the period once, by up to 12 hours, by the examining doctor (rule 4)',
    ExtendDetentionRequest,
    EXAMPLES.extension,
  )
  extension(
    @Param('incidentId', ParseUuidPipe) incidentId: string,
    @Body() body: ExtendDetentionRequest,
    @Write() write: WriteRequest,
  ) {
    const request: OutcomeRequest = {
      type: 'ExtendDetention',
      hours: body.hours,
      authorisedBy: { clinicianId: body.authorisedBy.clinicianId, profession: body.authorisedBy.profession },
      superintendentId: body.superintendentId ?? null,
      reason: body.reason,
    };
    return this.record(incidentId, request, body, write);
  }

  @Post('section-136/welfare-check')
  @HttpCode(200)
  @OutcomeCommandDocs(
    'Record a welfare check by a healthcare professional while the person is held at a police station (SI 2017/1036 reg. 4: at least every 30 minutes)',
    RecordWelfareCheckRequest,
    EXAMPLES.welfareCheck,
  )
  welfareCheck(
    @Param('incidentId', ParseUuidPipe) incidentId: string,
    @Body() body: RecordWelfareCheckRequest,
    @Write() write: WriteRequest,
  ) {
    const request: OutcomeRequest = {
      type: 'RecordWelfareCheck',
      checkedBy: body.checkedBy,
      profession: body.profession,
    };
    return this.record(incidentId, request, body, write);
  }

  @Post('section-136/assessment')
  @HttpCode(200)
  @OutcomeCommandDocs(
    'Record the completed Mental Health Act assessment',
    CompleteAssessmentRequest,
    EXAMPLES.assessment,
  )
  assessment(
    @Param('incidentId', ParseUuidPipe) incidentId: string,
    @Body() body: CompleteAssessmentRequest,
    @Write() write: WriteRequest,
  ) {
    const request: OutcomeRequest = {
      type: 'CompleteAssessment',
      outcome: body.outcome,
      clinicianId: body.clinicianId ?? body.assessedBy ?? null,
    };
    return this.record(incidentId, request, body, write);
  }

  @Post('section-136/end')
  @HttpCode(200)
  @OutcomeCommandDocs('End the detention', EndDetentionRequest, EXAMPLES.end)
  end(
    @Param('incidentId', ParseUuidPipe) incidentId: string,
    @Body() body: EndDetentionRequest,
    @Write() write: WriteRequest,
  ) {
    return this.record(incidentId, { type: 'EndDetention', reason: body.reason }, body, write);
  }

  @Post('disposition')
  @HttpCode(200)
  @OutcomeCommandDocs(
    'Record what happened when section 136 was not (or no longer) used',
    RecordDispositionRequest,
    EXAMPLES.disposition,
  )
  disposition(
    @Param('incidentId', ParseUuidPipe) incidentId: string,
    @Body() body: RecordDispositionRequest,
    @Write() write: WriteRequest,
  ) {
    const request: OutcomeRequest = {
      type: 'RecordDisposition',
      disposition: body.disposition,
      notes: body.notes ?? null,
    };
    return this.record(incidentId, request, body, write);
  }

  @Post('closure')
  @HttpCode(200)
  @OutcomeCommandDocs(
    'Close the case (not while a detention is active, not before an outcome is recorded)',
    CloseCaseRequest,
    EXAMPLES.closure,
  )
  closure(
    @Param('incidentId', ParseUuidPipe) incidentId: string,
    @Body() body: CloseCaseRequest,
    @Write() write: WriteRequest,
  ) {
    return this.record(incidentId, { type: 'CloseCase' }, body, write);
  }

  private async record(incidentId: string, request: OutcomeRequest, body: Timed, write: WriteRequest) {
    const result = await this.outcomes.execute(incidentId, request, {
      at: body.at,
      lateEntryReason: body.lateEntryReason,
      metadata: write.metadata,
      expectedVersion: write.expectedVersion,
    });
    return write.answer(incidentId, result);
  }
}

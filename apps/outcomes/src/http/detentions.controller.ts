import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@rcrp/auth';
import { OutcomeReadsService } from '../outcomes/outcome-reads.service';

@ApiTags('detentions')
@Controller('detentions')
export class DetentionsController {
  constructor(private readonly reads: OutcomeReadsService) {}

  @Get('active')
  @Roles('officer', 'clinician', 'operator', 'analyst')
  @ApiOperation({
    summary: 'Detentions still running, most urgent deadline first',
    description:
      'Place of safety, arrival (or the decision, when kept where found), deadline, minutes remaining (negative once passed), extended or not. Detentions not yet at a place of safety come last.',
  })
  active() {
    return this.reads.activeDetentions();
  }
}

import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '@rcrp/auth';
import { serveEventStream } from '@rcrp/http';
import type { Request, Response } from 'express';
import { DetentionBoardStream } from '../outcomes/detention-board-stream.service';
import { OutcomeReadsService } from '../outcomes/outcome-reads.service';

@ApiTags('detentions')
@Controller('detentions')
export class DetentionsController {
  constructor(
    private readonly reads: OutcomeReadsService,
    private readonly board: DetentionBoardStream,
  ) {}

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

  @Get('active/stream')
  @Roles('officer', 'clinician', 'operator', 'analyst')
  @ApiOperation({
    summary: 'The running detentions as a Server-Sent Events stream: a snapshot, then one event per change',
    description:
      'Events: `snapshot` `{ asOf, items: [detention] }` on connect; then `added` / `updated` (a detention as in `GET /detentions/active`) and `removed` (`{ key: incidentId }`, the detention ended). Each has an `id:`; reconnecting with `Last-Event-ID` (or `?lastEventId=`) gives what was missed, or a fresh snapshot. A `: heartbeat` comment every 15 s. `minutesRemaining` is as of the snapshot or the change: count down from `deadline`.',
  })
  @ApiResponse({ status: 200, description: 'text/event-stream', content: { 'text/event-stream': {} } })
  async activeStream(@Req() request: Request, @Res() response: Response): Promise<void> {
    await serveEventStream(request, response, (send, lastEventId, end) =>
      this.board.view.subscribe(send, lastEventId, end),
    );
  }
}

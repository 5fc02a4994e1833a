import { Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { LiveView, ProjectionsService } from '@rcrp/runtime';
import { outcomeCasesProjection } from '../projections/outcome-cases.projection';
import { OutcomeReadsService, type ActiveDetention } from './outcome-reads.service';

/**
 * `GET /detentions/active/stream` (issue 16): the running detentions as a live view, pushed when `outcome_cases`
 * commits a batch on this instance, polled every 2 s for what another instance applied and for what the clock alone
 * changes (a deadline passing, a welfare check falling due). `minutesRemaining` is not pushed each minute: clients
 * count down from `deadline`.
 */
@Injectable()
export class DetentionBoardStream implements OnModuleInit, OnApplicationShutdown {
  readonly view: LiveView<ActiveDetention>;
  private unsubscribe: (() => void) | null = null;

  constructor(
    reads: OutcomeReadsService,
    private readonly projections: ProjectionsService,
  ) {
    this.view = new LiveView<ActiveDetention>({
      name: 'detention-board',
      read: async () => {
        const board = await reads.activeDetentions({ catchUp: false });
        return { asOf: board.asOf, items: board.detentions };
      },
      key: (detention) => detention.incidentId,
      volatile: ['minutesRemaining'],
    });
  }

  onModuleInit(): void {
    this.unsubscribe = this.projections.onApplied((projection) => {
      if (projection === outcomeCasesProjection.name) void this.view.refresh();
    });
  }

  onApplicationShutdown(): void {
    this.unsubscribe?.();
    this.view.stop();
  }
}

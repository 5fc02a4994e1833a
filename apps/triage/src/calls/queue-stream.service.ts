import { Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { LiveView, ProjectionsService } from '@rcrp/runtime';
import { triageCallsProjection } from '../projections/triage-calls.projection';
import { CallsService, type QueueEntry } from './calls.service';

/** The most calls a stream holds: the same bound as `GET /triage/queue`. */
const STREAM_LIMIT = 500;

/**
 * `GET /triage/queue/stream` (issue 16): the waiting calls as a live view, pushed when `triage_calls` commits a batch
 * on this instance (a call reported to intake reaches connected clinicians within the same second), polled every
 * 2 s for what another instance applied. `waitingSeconds` changes with the clock alone and is not pushed: clients
 * count from `queuedAt`.
 */
@Injectable()
export class QueueStream implements OnModuleInit, OnApplicationShutdown {
  readonly view: LiveView<QueueEntry>;
  private unsubscribe: (() => void) | null = null;

  constructor(
    calls: CallsService,
    private readonly projections: ProjectionsService,
  ) {
    this.view = new LiveView<QueueEntry>({
      name: 'triage-queue',
      read: async () => {
        const queue = await calls.queue(STREAM_LIMIT);
        return { asOf: queue.asOf, items: queue.calls };
      },
      key: (entry) => entry.incidentId,
      volatile: ['waitingSeconds'],
    });
  }

  onModuleInit(): void {
    this.unsubscribe = this.projections.onApplied((projection) => {
      if (projection === triageCallsProjection.name) void this.view.refresh();
    });
  }

  onApplicationShutdown(): void {
    this.unsubscribe?.();
    this.view.stop();
  }
}

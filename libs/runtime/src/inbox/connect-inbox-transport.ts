import type { INestApplication } from '@nestjs/common';
import { InboxTransport } from './inbox-transport';
import { RecordErrorsPassThrough } from './record-errors.filter';

/**
 * Connects the service's Kafka consumers to its Nest application: the `@InboxEventPattern` handlers of its
 * controllers over `InboxTransport`, started by `app.startAllMicroservices()`. HTTP guards, pipes and filters are not
 * inherited (a record has no bearer token); the only filter is the pass-through that keeps a handler's error intact.
 * On shutdown Nest closes the HTTP server, then this transport (consumers commit what they finished), then runs the
 * shutdown hooks (the relay publishes what is committed, then the pools close).
 */
export function connectInboxTransport(app: INestApplication): void {
  const transport = app.get(InboxTransport);
  // Deferred so the filter is in place before the handlers are wrapped; the modules' init hooks already ran with the
  // application's, so the microservice must not run them again.
  const microservice = app.connectMicroservice({ strategy: transport }, { deferInitialization: true });
  (microservice as unknown as { setIsInitHookCalled(value: boolean): void }).setIsInitHookCalled(true);
  microservice.useGlobalFilters(new RecordErrorsPassThrough());
}

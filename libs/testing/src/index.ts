export {
  createTestSchema,
  eventSourcingTables,
  type TestSchema,
  type TestSchemaOptions,
} from './test-schema';
export { testEvent } from './test-event';
export { createTestTopic, type TestTopic } from './test-topic';
export { collectMessages, type CollectedMessage } from './collect-messages';
export { waitFor, WaitForTimeoutError, type WaitForOptions } from './wait-for';
export { uniqueName } from './unique-name';
export { testKafka, testOwnerUrl } from './test-env';
export { waitForConsumerCaughtUp } from './consumer-caught-up';
export { recordCount, watchTopic, type TopicWatch } from './topic-watch';
export { FAST_CONSUMER } from './fast-consumer';
export { freePort } from './free-port';
export {
  bootService,
  testConfig,
  TEST_AUTH_SECRET,
  TEST_MASTER_KEY,
  type BootOptions,
  type RunningService,
} from './service-harness';
export { describeServiceFoundation } from './service-foundation';
export {
  appendGivenEvents,
  existingStream,
  expectConflict,
  expectInvalid,
  expectNewEvents,
  expectNoNewEvents,
  expectRefused,
  expectResponse,
  httpSpec,
  type GivenEvent,
  type GivenStream,
  type HttpCheck,
  type HttpRequest,
  type HttpRequester,
  type HttpResult,
  type HttpSpecOptions,
} from './http-spec';
export { ResponseLog } from './response-log';
export { openEventStream, type OpenEventStream, type StreamedEvent } from './event-stream';

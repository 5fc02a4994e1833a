export { createTestSchema, type TestSchema } from './test-schema';
export { createTestTopic, type TestTopic } from './test-topic';
export { collectMessages, type CollectedMessage } from './collect-messages';
export { waitFor, WaitForTimeoutError, type WaitForOptions } from './wait-for';
export { uniqueName } from './unique-name';
export { testKafka, testOwnerUrl } from './test-env';
export { waitForConsumerCaughtUp } from './consumer-caught-up';
export { watchTopic, type TopicWatch } from './topic-watch';
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

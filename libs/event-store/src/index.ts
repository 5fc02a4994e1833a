export { EventStore, type EventStoreTransaction } from './event-store';
export type {
  AppendResult,
  Checkpoint,
  EventStoreOptions,
  ExpectedVersion,
  FeedEvent,
  FieldCipher,
  NewEvent,
  ReadAllOptions,
  ReadAllResult,
  ReadStreamOptions,
  VerifyAllResult,
  VerifyStreamResult,
} from './types';
export {
  ConcurrencyError,
  EventStoreConfigurationError,
  IdempotencyConflictError,
  InvalidAppendError,
  type WinningChange,
} from './errors';
export { eventStoreMigrations } from './migrations';
export { eventsNotifyChannel } from './commit-notifier';
export { canonicalJson } from './canonical-json';
export { eventHash } from './event-hash';
export type { HashedEventContent } from './event-hash';

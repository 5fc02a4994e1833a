export { InboxContext } from './inbox-context';
export {
  InboxEventPattern,
  type InboxConsumerOptions,
  type RawRecords,
} from './inbox-event-pattern.decorator';
export { InboxTransport } from './inbox-transport';
export { connectInboxTransport } from './connect-inbox-transport';
export { RecordErrorsPassThrough } from './record-errors.filter';

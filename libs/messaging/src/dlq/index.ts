export {
  deadLetterRecordOf,
  originalHeaders,
  parseConsumerGroup,
  type ConsumerGroupName,
  type DeadLetterRecord,
} from './dead-letter-record';
export {
  ConsumerDeadLetters,
  type DeadLetterDecision,
  type DeadLetterDecisionKind,
  type ReleaseStart,
} from './consumer-dead-letters';
export {
  planRedrive,
  type PlannedIncident,
  type RedriveInputs,
  type RedrivePlan,
  type RedriveSelection,
  type ReleaseKind,
} from './redrive-plan';
export {
  printableReason,
  summariseDeadLetters,
  type DeadLetterTopicSummary,
  type SummaryInputs,
} from './dead-letter-summary';

export * from './envelope';
export * from './topics';
export * from './vocabulary';
export * from './event-definition';
export * from './envelope-schema';
export * from './payloads/report-parts';
export * from './payloads/incident';
export * from './payloads/triage';
export * from './payloads/outcome';
export * from './payloads/subject';
export * from './incident-report';
export * from './registry';
export * from './field-error';
export * from './validation';
export * from './invalid-event.error';
export * from './upcasters';
export * from './serialisation';
export {
  isInstant,
  isCalendarDate,
  IsInstant,
  IsCalendarDate,
  IsInstantOrLondonDate,
  Nested,
  NestedArray,
} from './schema/decorators';
export { LINE_TIME_ZONE, startOfLondonDay } from './schema/london-day';
export { JsonSchemaBuilder, jsonSchemaOf, type JsonSchema } from './schema/json-schema';
export { generateContractDocs, type ContractDocs } from './schema/contract-docs';

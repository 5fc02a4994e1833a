export * from './decider';
export * from './domain-error';
export * from './rule-ids';
export * from './time';
export * from './incident/age';
export * from './incident/incident-decider';
export * from './triage/queue-priority';
export * from './triage/triage-decider';

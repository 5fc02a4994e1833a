export * from './tracing';
export * from './trace-context';
export * from './spans';
export * from './log-context';
export * from './in-memory-tracing';
export * from './service-logger';
export * from './http-observability';

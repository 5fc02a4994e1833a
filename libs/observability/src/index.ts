// Health (readiness checks), metrics (Prometheus) and telemetry (tracing, logs): what a service tells its operators.
export * from './health';
export * from './metrics';
export * from './telemetry';

/**
 * Imported first by main.ts: tracing must be installed before http and pg are loaded, for their
 * instrumentation to hook them (issue 9). Exports only with the standard OTEL_* variables set.
 */
import { startTracing } from '@rcrp/observability/telemetry';

startTracing('intake', { instrument: true });

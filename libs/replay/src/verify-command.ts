import type { Pool } from 'pg';
import { EventStore, type VerifyAllResult } from '@rcrp/event-store';

export interface ServiceVerification {
  service: string;
  schema: string;
  result: VerifyAllResult;
}

/**
 * Recomputes every stream's hash chain in one service schema (libs/event-store verifyAll: the first broken
 * event per stream). Reading needs no key: the chain covers the stored, still encrypted, columns.
 */
export async function verifyService(
  pool: Pool,
  service: string,
  schema: string,
): Promise<ServiceVerification> {
  const store = new EventStore({ pool, schema });
  return { service, schema, result: await store.verifyAll() };
}

export function formatVerification({ service, schema, result }: ServiceVerification): string {
  const head = `verify ${service} (schema ${schema}): ${result.streams} streams, ${result.events} events, ${result.ok ? 'OK' : `${result.broken.length} BROKEN`}`;
  const broken = result.broken.map(
    (stream) =>
      `  ${stream.streamId}: first broken event v${stream.firstBrokenVersion}${stream.eventId ? ` (${stream.eventId})` : ''}: ${stream.reason}`,
  );
  return `${[head, ...broken].join('\n')}\n`;
}

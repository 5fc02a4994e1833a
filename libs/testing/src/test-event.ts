import type { NewEvent } from '@rcrp/event-store';
import { v7 as uuidv7 } from 'uuid';

/** A minimal valid event for incident `incidentId` (no personal fields, so no cipher is needed). */
export function testEvent(
  incidentId: string,
  type = 'IncidentWithdrawn',
  data: Record<string, unknown> = { reason: 'test' },
): NewEvent {
  return {
    eventId: uuidv7(),
    type,
    schemaVersion: 1,
    incidentId,
    streamId: `incident-${incidentId}`,
    occurredAt: new Date().toISOString(),
    actor: { id: 'op-1', role: 'operator' },
    correlationId: uuidv7(),
    causationId: null,
    traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    subjectRef: null,
    data,
  };
}

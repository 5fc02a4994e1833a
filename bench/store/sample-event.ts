import { v7 as uuidv7 } from 'uuid';

/** One event as every subject receives it: an IncidentReported-like envelope (~400 bytes of JSON data). */
export interface SampleEvent {
  eventId: string;
  type: string;
  schemaVersion: number;
  incidentId: string;
  streamId: string;
  occurredAt: string;
  actor: { id: string; role: string };
  correlationId: string;
  causationId: string | null;
  traceparent: string;
  subjectRef: string;
  data: Record<string, unknown>;
}

/** Personal fields our store encrypts (as intake does in production); the peers store them in clear. */
export const PERSONAL_FIELDS = ['subject.name', 'summary'];

export function sampleEvent(incidentId: string, streamId: string): SampleEvent {
  return {
    eventId: uuidv7(),
    type: 'IncidentReported',
    schemaVersion: 1,
    incidentId,
    streamId,
    occurredAt: new Date().toISOString(),
    actor: { id: 'PC-4821', role: 'officer' },
    correlationId: uuidv7(),
    causationId: null,
    traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    subjectRef: `subj-${incidentId}`,
    data: {
      source: { system: 'met-cad', externalRef: `CAD-${incidentId.slice(0, 8)}` },
      officer: { id: 'PC-4821', force: 'MPS' },
      category: 'concern-for-welfare',
      location: { kind: 'public-place', description: 'Footbridge, north end', borough: 'Lambeth' },
      subject: { name: 'Jane Doe', sex: 'female', ethnicity: 'white' },
      presentingConcerns: ['suicidal-ideation'],
      summary: 'Person standing outside the railings, talking about ending their life.',
    },
  };
}

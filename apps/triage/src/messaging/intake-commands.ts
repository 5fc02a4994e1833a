import type { TriageCommand } from '@rcrp/domain';
import type { AnyEventEnvelope, EventEnvelope } from '@rcrp/events';

/**
 * What an intake event asks of triage: a report queues a call (with who and where: officer, force, borough,
 * category, location kind, source system and CAD reference), an amendment of the presenting concerns updates
 * the queued call (its priority), a withdrawal takes the call off the queue. Anything else (amendments of other
 * details, subject events) concerns triage not at all: null.
 *
 * `now` is intake's `recordedAt`, the moment the line received the report (or the change), not the moment this
 * consumer saw it: waiting times then count from the officer's call, and a replay into a fresh database yields
 * the same queue times.
 */
export function triageCommandFor(event: EventEnvelope): TriageCommand | null {
  const typed = event as AnyEventEnvelope;
  const base = { now: typed.recordedAt, incidentId: typed.incidentId };
  switch (typed.type) {
    case 'IncidentReported': {
      const { officer, location, category, source, presentingConcerns } = typed.data;
      const context = {
        officerId: officer.id,
        force: officer.force,
        borough: location.borough || null,
        category,
        locationKind: location.kind,
        sourceSystem: source?.system ?? null,
        externalRef: source?.externalRef ?? null,
      };
      return { ...base, type: 'QueueCall', presentingConcerns, context };
    }
    case 'IncidentDetailsAmended': {
      const concerns = typed.data.changes.presentingConcerns;
      return concerns ? { ...base, type: 'UpdateQueuedCall', presentingConcerns: concerns } : null;
    }
    case 'IncidentWithdrawn':
      return { ...base, type: 'WithdrawCall' };
    default:
      return null;
  }
}

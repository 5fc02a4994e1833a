/**
 * Test-only stand-in for the triage service: publishes well-formed triage envelopes to `rcrp.triage.events.v1`,
 * as triage's outbox relay would, personal fields encrypted (with a key outcomes does not hold, like the real one).
 */
import { randomBytes } from 'node:crypto';
import { EventEnvelope, TOPICS, validateEnvelope, type Profession, type Recommendation } from '@rcrp/events';
import { toKafkaMessage } from '@rcrp/messaging';
import type { Producer } from 'kafkajs';
import { v7 as uuidv7 } from 'uuid';

/** What an `enc:v1:` value from another service looks like: undecryptable here. */
export function foreignCiphertext(subjectRef: string): string {
  return `enc:v1:${subjectRef}:${randomBytes(12).toString('base64')}:${randomBytes(40).toString('base64')}`;
}

export interface AdviceCall {
  incidentId: string;
  subjectRef: string;
  queuedAt: string;
  answeredAt: string;
  givenAt: string;
  clinicianId?: string;
  profession?: Profession;
  recommendation?: Recommendation;
}

/** Publishes CallQueued, CallAnswered and AdviceGiven for an incident; returns the envelopes (AdviceGiven last). */
export async function publishAdvice(producer: Producer, call: AdviceCall): Promise<EventEnvelope[]> {
  const clinicianId = call.clinicianId ?? 'RN-104';
  const profession = call.profession ?? 'registered-nurse';
  const events: Array<{
    type: string;
    occurredAt: string;
    actor: EventEnvelope['actor'];
    subjectRef: string | null;
    data: object;
  }> = [
    {
      type: 'CallQueued',
      occurredAt: call.queuedAt,
      actor: { id: 'rcrp-triage', role: 'system' },
      subjectRef: null,
      data: {
        incidentId: call.incidentId,
        queuedAt: call.queuedAt,
        priority: 40,
        presentingConcerns: ['suicidal-ideation'],
      },
    },
    {
      type: 'CallAnswered',
      occurredAt: call.answeredAt,
      actor: { id: clinicianId, role: 'clinician' },
      subjectRef: null,
      data: { incidentId: call.incidentId, answeredAt: call.answeredAt, clinicianId, profession },
    },
    {
      type: 'AdviceGiven',
      occurredAt: call.givenAt,
      actor: { id: clinicianId, role: 'clinician' },
      subjectRef: call.subjectRef,
      data: {
        incidentId: call.incidentId,
        givenAt: call.givenAt,
        clinicianId,
        profession,
        recommendation: call.recommendation ?? 'consider-section-136',
        rationale: foreignCiphertext(call.subjectRef),
      },
    },
  ];
  const envelopes: EventEnvelope[] = events.map((event, index) => ({
    eventId: uuidv7(),
    type: event.type,
    schemaVersion: 1,
    incidentId: call.incidentId,
    streamId: `triage-${call.incidentId}`,
    streamVersion: index + 1,
    occurredAt: event.occurredAt,
    recordedAt: new Date().toISOString(),
    actor: event.actor,
    correlationId: `test-${call.incidentId}`,
    causationId: null,
    traceparent: null,
    subjectRef: event.subjectRef,
    data: event.data,
  }));
  for (const envelope of envelopes) {
    const checked = validateEnvelope(JSON.parse(JSON.stringify(envelope)));
    if (!checked.ok) throw new Error(`test triage envelope is invalid: ${JSON.stringify(checked.errors)}`);
  }
  await producer.send({ topic: TOPICS.triageEvents, messages: envelopes.map(toKafkaMessage) });
  return envelopes;
}

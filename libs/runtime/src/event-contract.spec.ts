import type { AppConfig } from '@rcrp/config';
import type { Decider } from '@rcrp/domain';
import type { EventStore, NewEvent } from '@rcrp/event-store';
import {
  EVENT_DEFINITIONS,
  InvalidEventError,
  validateEnvelope,
  type EventEnvelope,
  type EventType,
} from '@rcrp/events';
import { boundaryVariants } from '@rcrp/events/testing/boundary-variants';
import { envelopeDecoder } from '@rcrp/messaging';
import { isDeepStrictEqual } from 'node:util';
import { CommandHandler } from './command-handler';

/**
 * Issue 15, point 1: one definition of a valid event. Every event type's boundary values go through the producing
 * command path (what the service would append) and through the decoder every consumer runs on the published bytes
 * (triage's and outcomes' consumers both decode with `envelopeDecoder(validateEnvelope)`). They must agree:
 * - whatever the producer appends, the consumer accepts, unchanged;
 * - whatever the producer refuses, the consumer refuses too, unless it is one of the historic shapes a reader
 *   repairs (historic-repairs.ts: already in users' stores) and then the repair is marked.
 */
const RECORDED_AT = '2026-11-23T21:04:01.123Z';
const REPAIR_MARKERS = ['reportedAtInvalid', 'ageYearsInvalid', 'dateOfBirthInvalid', 'clinicianIdFromActor'];

/** A store that records what it was asked to append and answers as an empty stream would. */
function recordingStore(): { store: EventStore; appended: NewEvent[] } {
  const appended: NewEvent[] = [];
  const store = {
    readStream: async () => [],
    append: async (streamId: string, _expected: unknown, events: readonly NewEvent[]) => {
      appended.push(...events);
      return {
        streamId,
        nextVersion: events.length,
        positions: events.map((_, index) => String(index + 1)),
        events: [],
        idempotent: false,
      };
    },
  } as unknown as EventStore;
  return { store, appended };
}

type Produced = { ok: true; published: EventEnvelope } | { ok: false };

/** The command path with a decider that decides exactly the variant's event. */
async function produce(variant: EventEnvelope): Promise<Produced> {
  const { store, appended } = recordingStore();
  const handler = new CommandHandler(store, { service: 'contract-test' } as unknown as AppConfig);
  const decider: Decider<null, { type: string; data: unknown }, null> = {
    initialState: () => null,
    evolve: (state) => state,
    decide: () => [{ type: variant.type, data: variant.data }],
  };
  const streamType = EVENT_DEFINITIONS[variant.type as EventType].streamType;
  try {
    await handler.handle({
      decider,
      streamType,
      incidentId: variant.incidentId,
      streamKey: variant.streamId.slice(streamType.length + 1),
      command: null,
      metadata: {
        actor: variant.actor,
        correlationId: variant.correlationId,
        causationId: variant.causationId,
        traceparent: variant.traceparent,
      },
      subjectRef: () => variant.subjectRef,
      occurredAt: variant.occurredAt,
    });
  } catch (error) {
    if (error instanceof InvalidEventError) return { ok: false };
    throw error;
  }
  // As the store records it and the relay publishes it: JSON, with the version and time the store assigns.
  const [event] = appended;
  return { ok: true, published: { ...event, streamVersion: 1, recordedAt: RECORDED_AT } };
}

const consume = envelopeDecoder(validateEnvelope);
const asBytes = (envelope: unknown) => Buffer.from(JSON.stringify(envelope));

function isMarkedRepair(original: EventEnvelope, decoded: EventEnvelope): boolean {
  const data = decoded.data as Record<string, unknown>;
  return (
    REPAIR_MARKERS.some((marker) => data[marker] === true) ||
    (decoded.occurredAt === decoded.recordedAt && original.occurredAt !== decoded.occurredAt)
  );
}

describe('producer and consumers agree on every event type (issue 15)', () => {
  const types = Object.keys(EVENT_DEFINITIONS) as EventType[];

  it.each(types)('%s', async (type) => {
    const disagreements: string[] = [];
    const variants = boundaryVariants(type);
    for (const variant of variants) {
      const produced = await produce(variant.envelope);
      if (produced.ok) {
        const decoded = consume(asBytes(produced.published), {});
        // The store keeps absent nullable envelope fields as null (event-rows.ts), as the decoder does.
        const { causationId, traceparent, subjectRef } = produced.published;
        const roundTripped = JSON.parse(
          JSON.stringify({
            ...produced.published,
            causationId: causationId ?? null,
            traceparent: traceparent ?? null,
            subjectRef: subjectRef ?? null,
          }),
        );
        if (!decoded.ok) disagreements.push(`${variant.name}: appended, then refused by the consumer`);
        else if (!isDeepStrictEqual(decoded.value, roundTripped))
          disagreements.push(`${variant.name}: appended, then changed by the consumer`);
        continue;
      }
      // Refused at append: as if an older version had stored it anyway, the consumer must refuse or repair it.
      const stored = { ...variant.envelope, streamVersion: 1, recordedAt: RECORDED_AT };
      const decoded = consume(asBytes(stored), {});
      if (decoded.ok && !isMarkedRepair(stored, decoded.value))
        disagreements.push(`${variant.name}: refused at append, accepted by the consumer`);
    }
    expect(variants.length).toBeGreaterThan(10);
    expect(disagreements).toEqual([]);
  });

  it('the boundary values include the cases of the issue, and the producer refuses them', async () => {
    const named = (type: EventType, name: string) => {
      const found = boundaryVariants(type).find((variant) => variant.name === name);
      if (!found) throw new Error(`no variant ${name}`);
      return found.envelope;
    };
    for (const [type, name] of [
      ['IncidentReported', 'data.subject.ageYears = 131'],
      ['IncidentReported', 'data.reportedAt = "2026-02-30T10:00:00Z"'],
      ['IncidentReported', 'data.subject.dateOfBirth = "1800-01-01"'],
      ['AdviceGiven', 'data.clinicianId = null'],
    ] as const) {
      expect(await produce(named(type, name))).toEqual({ ok: false });
    }
    expect(await produce(named('IncidentReported', 'data.subject.ageYears = 130'))).toMatchObject({
      ok: true,
    });
  });
});

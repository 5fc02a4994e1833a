import type { AppConfig } from '@rcrp/config';
import { DEFAULT_RETRY_POLICY } from '@rcrp/database';
import type { Decider } from '@rcrp/domain';
import { ConcurrencyError, type EventStore } from '@rcrp/event-store';
import type { EventEnvelope } from '@rcrp/events';
import { SAMPLE_EVENT_DATA, SAMPLE_INCIDENT_ID, sampleEnvelope } from '@rcrp/events/testing/sample-events';
import { CommandHandler, type HandleCommand } from './command-handler';

type Abandon = { type: 'Abandon' };
type Abandoned = { type: 'CallAbandoned'; data: (typeof SAMPLE_EVENT_DATA)['CallAbandoned'] };

const decider: Decider<Abandon, Abandoned, number> = {
  initialState: () => 0,
  evolve: (count) => count + 1,
  decide: () => [{ type: 'CallAbandoned', data: SAMPLE_EVENT_DATA.CallAbandoned }],
};

const streamId = `triage-${SAMPLE_INCIDENT_ID}`;
/** The stream as the other writer left it: version 4, its last change by RN-104. */
const stored: EventEnvelope[] = [1, 2, 3, 4].map((streamVersion) =>
  sampleEnvelope('CallQueued', {
    streamId,
    streamVersion,
    actor:
      streamVersion === 4 ? { id: 'RN-104', role: 'clinician' } : { id: 'system:triage', role: 'system' },
    recordedAt: `2026-11-23T21:0${streamVersion}:30.000Z`,
  }),
);

/** A store holding `events`; with a `winner`, another writer stores it just before this handler's append. */
function storeWith(events: readonly EventEnvelope[], winner?: EventEnvelope): EventStore {
  const held = [...events];
  return {
    readStream: async (_id: string, options: { fromVersion?: number; toVersion?: number } = {}) =>
      held.filter(
        (event) =>
          event.streamVersion >= (options.fromVersion ?? 1) &&
          event.streamVersion <= (options.toVersion ?? Infinity),
      ),
    append: async (id: string, expected: number) => {
      if (winner) held.push(winner);
      throw new ConcurrencyError(id, expected, held.length);
    },
  } as unknown as EventStore;
}

function handlerOver(store: EventStore): CommandHandler {
  return new CommandHandler(store, { service: 'triage' } as AppConfig, undefined, {
    ...DEFAULT_RETRY_POLICY,
    conflictAttempts: 1,
  });
}

const request = (expectedVersion?: number): HandleCommand<Abandon, Abandoned, number> => ({
  decider,
  streamType: 'triage',
  incidentId: SAMPLE_INCIDENT_ID,
  command: { type: 'Abandon' },
  metadata: {
    actor: { id: 'RN-0042', role: 'clinician' },
    correlationId: 'req-1',
    causationId: null,
    traceparent: null,
  },
  expectedVersion,
  subjectRef: () => null,
  occurredAt: '2026-11-23T21:10:00Z',
});

describe('CommandHandler: a version conflict says which case, both versions and who made the change that won', () => {
  it('a stale If-Match: the incident and the last event of the loaded stream', async () => {
    await expect(handlerOver(storeWith(stored)).handle(request(3))).rejects.toMatchObject({
      name: 'ConcurrencyError',
      streamId,
      expected: 3,
      actual: 4,
      incidentId: SAMPLE_INCIDENT_ID,
      lastChange: { actor: { id: 'RN-104', role: 'clinician' }, recordedAt: '2026-11-23T21:04:30.000Z' },
    });
  });

  it('a race lost between load and append: the change that won, read after the fact', async () => {
    const winner = sampleEnvelope('CallAnswered', {
      streamId,
      streamVersion: 5,
      actor: { id: 'RN-0007', role: 'clinician' },
      recordedAt: '2026-11-23T21:05:30.000Z',
    });
    await expect(handlerOver(storeWith(stored, winner)).handle(request(4))).rejects.toMatchObject({
      expected: 4,
      actual: 5,
      incidentId: SAMPLE_INCIDENT_ID,
      lastChange: { actor: { id: 'RN-0007', role: 'clinician' }, recordedAt: '2026-11-23T21:05:30.000Z' },
    });
  });
});

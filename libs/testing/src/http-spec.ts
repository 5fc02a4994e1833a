/**
 * given / when / then over HTTP (Emmett's ApiSpecification, for a booted service):
 *
 *   await triageApi
 *     .given(existingStream(`triage-${id}`, [callQueued(id)]))
 *     .when((http) => http.post(`/triage/${id}/advice`).send(ADVICE))
 *     .then(expectRefused('TRIAGE-NOT-ANSWERED'), expectNoNewEvents(`triage-${id}`));
 *
 * `given` appends events to the service's own store (its EventStore from the booted app, personal fields
 * encrypted as a command would), each checked against the contract its consumers apply first; `when` is one
 * supertest request with the spec's default headers set; `then` checks the answer and what the request appended
 * to the streams the checks name (read back from the store after the answer: a command appends before it answers).
 */
import type { EventStore, NewEvent } from '@rcrp/event-store';
import { eventDefinitionOf, validateNewEvent, type EventEnvelope } from '@rcrp/events';
import { EVENT_STORE } from '@rcrp/runtime';
import request, { type Response, type Test } from 'supertest';
import { v7 as uuidv7 } from 'uuid';
import type { ResponseLog } from './response-log';
import type { RunningService } from './service-harness';

/** An event as a test states it: its type and data; the rest of the envelope defaults to a system actor, now. */
export interface GivenEvent {
  type: string;
  data: object;
  occurredAt?: string;
  actor?: EventEnvelope['actor'];
  /** The subject whose key encrypts the event's personal fields (required when it has any). */
  subjectRef?: string | null;
  incidentId?: string;
}

export interface GivenStream {
  streamId: string;
  events: readonly GivenEvent[];
}

/** A stream that already holds `events` (appended after whatever it holds). */
export function existingStream(streamId: string, events: readonly GivenEvent[]): GivenStream {
  return { streamId, events };
}

export interface HttpResult {
  response: Response;
  /** What the request appended to `streamId` (a stream some check named), in stream order. */
  newEvents(streamId: string): EventEnvelope[];
}

export interface HttpCheck {
  /** Streams whose new events the check reads. */
  streams: readonly string[];
  check(result: HttpResult): void;
}

/** The answer has this status and (when given) a body and headers matching these (partially). */
export function expectResponse(
  status: number,
  expected: { body?: unknown; headers?: Record<string, string | RegExp> } = {},
): HttpCheck {
  return {
    streams: [],
    check: ({ response }) => {
      expect({ status: response.status, body: response.body }).toMatchObject({
        status,
        ...(expected.body === undefined ? {} : { body: expected.body }),
      });
      for (const [name, value] of Object.entries(expected.headers ?? {})) {
        if (value instanceof RegExp) expect(response.headers[name.toLowerCase()]).toMatch(value);
        else expect({ [name]: response.headers[name.toLowerCase()] }).toEqual({ [name]: value });
      }
    },
  };
}

/** A domain rule refused the request: 422 naming the rule, with a sentence for the person who sent it. */
export function expectRefused(ruleId: string): HttpCheck {
  return {
    streams: [],
    check: ({ response }) => {
      expect({ status: response.status, ruleId: response.body?.ruleId }).toEqual({ status: 422, ruleId });
      expect(response.body.message).toMatch(/\w+ \w+ \w+/);
    },
  };
}

/** The edge refused the request with 400, naming each of `fields` in `errors[].field`. */
export function expectInvalid(...fields: string[]): HttpCheck {
  return {
    streams: [],
    check: ({ response }) => {
      const named = ((response.body?.errors ?? []) as Array<{ field?: string }>).map((error) => error.field);
      expect({ status: response.status, fields: named }).toEqual({
        status: 400,
        fields: expect.arrayContaining(fields),
      });
    },
  };
}

/** A stale If-Match: 409 saying which version the caller expected and which the stream is at. */
export function expectConflict(expectedVersion: number, actualVersion: number): HttpCheck {
  return expectResponse(409, { body: { expectedVersion, actualVersion } });
}

/** The request appended exactly these events to `streamId`, in this order (each matched partially). */
export function expectNewEvents(streamId: string, events: readonly object[]): HttpCheck {
  return {
    streams: [streamId],
    check: ({ newEvents }) => {
      const appended = newEvents(streamId);
      expect(appended.map((event) => event.type)).toEqual(
        events.map((event) => (event as { type?: string }).type ?? expect.any(String)),
      );
      expect(appended).toMatchObject(events);
    },
  };
}

/** The request appended nothing to `streamId`. */
export function expectNoNewEvents(streamId: string): HttpCheck {
  return {
    streams: [streamId],
    check: ({ newEvents }) =>
      expect({ streamId, appended: newEvents(streamId) }).toEqual({ streamId, appended: [] }),
  };
}

/** One request method of supertest, the spec's default headers already set. */
export interface HttpRequester {
  get(path: string): Test;
  post(path: string): Test;
  put(path: string): Test;
  patch(path: string): Test;
  delete(path: string): Test;
}

/** The `when` of a spec: one request. */
export type HttpRequest = (http: HttpRequester) => Test;

export interface HttpSpecOptions {
  /** Headers of every request (evaluated per request: tokens are signed in beforeAll). */
  headers?: () => Record<string, string>;
  /** Every answer is tracked here too, for a file's "no 5xx" check. */
  log?: ResponseLog;
}

/** Appends given streams to `service`'s store outside a spec: a history several tests share (in beforeAll). */
export async function appendGivenEvents(service: RunningService, ...streams: GivenStream[]): Promise<void> {
  for (const stream of streams) await appendGiven(service.app.get<EventStore>(EVENT_STORE), stream);
}

/** given / when / then for `service()` (a function: the service is booted in beforeAll, perhaps again later). */
export function httpSpec(service: () => RunningService, options: HttpSpecOptions = {}) {
  const storeOf = (): EventStore => service().app.get<EventStore>(EVENT_STORE);
  const requester = (): HttpRequester => {
    const agent = request(service().baseUrl);
    const headers = options.headers?.() ?? {};
    return {
      get: (path) => agent.get(path).set(headers),
      post: (path) => agent.post(path).set(headers),
      put: (path) => agent.put(path).set(headers),
      patch: (path) => agent.patch(path).set(headers),
      delete: (path) => agent.delete(path).set(headers),
    };
  };
  return {
    given(...streams: GivenStream[]) {
      return {
        when(send: HttpRequest) {
          return {
            /** Runs given and when, then every check; returns the answer for anything further. */
            async then(...checks: HttpCheck[]): Promise<Response> {
              const store = storeOf();
              for (const stream of streams) await appendGiven(store, stream);
              const watched = [...new Set(checks.flatMap((check) => check.streams))];
              const before = new Map<string, number>();
              for (const streamId of watched)
                before.set(streamId, versionOf(await store.readStream(streamId)));
              const response = await send(requester());
              options.log?.track(response);
              const appended = new Map<string, EventEnvelope[]>();
              for (const streamId of watched) {
                const events = await store.readStream(streamId);
                appended.set(
                  streamId,
                  events.filter((event) => event.streamVersion > before.get(streamId)!),
                );
              }
              const result: HttpResult = { response, newEvents: (streamId) => appended.get(streamId)! };
              for (const check of checks) check.check(result);
              return response;
            },
          };
        },
      };
    },
  };
}

const versionOf = (events: readonly EventEnvelope[]) => events.at(-1)?.streamVersion ?? 0;

async function appendGiven(store: EventStore, { streamId, events }: GivenStream): Promise<void> {
  if (events.length === 0) return;
  const version = versionOf(await store.readStream(streamId));
  const incidentId = streamId.replace(/^[a-z]+-/, '');
  const envelopes: NewEvent[] = events.map((event) => ({
    eventId: uuidv7(),
    type: event.type,
    schemaVersion: eventDefinitionOf(event.type)?.schemaVersion ?? 1,
    incidentId: event.incidentId ?? incidentId,
    streamId,
    occurredAt: event.occurredAt ?? new Date().toISOString(),
    actor: event.actor ?? { id: 'rcrp-test-given', role: 'system' },
    correlationId: `given-${uuidv7()}`,
    causationId: null,
    traceparent: null,
    subjectRef: event.subjectRef ?? null,
    data: event.data,
  }));
  // A given history its consumers would refuse tests nothing the product can meet.
  envelopes.forEach((envelope, index) => {
    const errors = validateNewEvent({
      ...envelope,
      streamVersion: version + index + 1,
      recordedAt: new Date().toISOString(),
    });
    if (errors.length > 0) {
      throw new Error(
        `given ${envelope.type} on ${streamId} is not a valid event: ${JSON.stringify(errors)}`,
      );
    }
  });
  await store.append(streamId, version === 0 ? 'no-stream' : version, envelopes);
}

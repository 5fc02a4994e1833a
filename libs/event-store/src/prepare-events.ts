import { asStoredJson } from './canonical-json';
import { EventStoreConfigurationError, InvalidAppendError } from './errors';
import { metadataOf, type EventMetadata } from './event-rows';
import type { Connection } from './store-context';
import type { AppendEncryption, EventStoreOptions, ExpectedVersion, FieldCipher, NewEvent } from './types';

/** An event ready to be chained: data normalised to what jsonb gives back, personal fields encrypted. */
export interface PreparedEvent {
  eventId: string;
  type: string;
  schemaVersion: number;
  /** As it will be stored: personal fields are ciphertext. */
  storedData: unknown;
  /** As the caller gave it (normalised): what the append returns. */
  plainData: unknown;
  metadata: EventMetadata;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Refuses a malformed append before anything is encrypted or read. */
export function validateAppend(
  streamId: string,
  expectedVersion: ExpectedVersion,
  events: readonly NewEvent[],
): void {
  if (typeof streamId !== 'string' || streamId === '') throw new InvalidAppendError('streamId is required');
  if (
    typeof expectedVersion === 'number' &&
    (!Number.isSafeInteger(expectedVersion) || expectedVersion < 0)
  ) {
    throw new InvalidAppendError(`expectedVersion must be a non-negative integer, 'no-stream' or 'any'`);
  }
  if (events.length === 0) throw new InvalidAppendError('an append needs at least one event');
  const seen = new Set<string>();
  for (const event of events) {
    const eventId = typeof event.eventId === 'string' ? event.eventId.toLowerCase() : '';
    if (!UUID.test(eventId)) throw new InvalidAppendError(`eventId must be a UUID, got "${event.eventId}"`);
    if (seen.has(eventId)) throw new InvalidAppendError(`event ${eventId} appears twice in one append`);
    seen.add(eventId);
    if (event.streamId !== streamId) {
      throw new InvalidAppendError(
        `event ${eventId} names stream ${event.streamId}, appended to ${streamId}`,
      );
    }
    if (!Number.isSafeInteger(event.schemaVersion) || event.schemaVersion < 1) {
      throw new InvalidAppendError(`event ${eventId} needs an integer schemaVersion >= 1`);
    }
    if (event.data === undefined) throw new InvalidAppendError(`event ${eventId} has no data`);
  }
}

/** The events of one append, ready to be chained, and the subject keys its statement must store or check. */
export interface PreparedAppend {
  prepared: PreparedEvent[];
  /** Null when nothing was encrypted (or the cipher stores keys itself): the plain insert will do. */
  encryption: AppendEncryption | null;
}

/**
 * Encrypts each event's personal fields under its subject's key (DESIGN §6); the store never stores them in clear.
 * Keys are read through the append's connection, so a caller's transaction sees the keys it created itself.
 */
export async function prepareEvents(
  options: Pick<EventStoreOptions, 'cipher' | 'personalFieldsOf'>,
  events: readonly NewEvent[],
  connection: Connection,
): Promise<PreparedAppend> {
  const encryption =
    options.cipher?.forAppend?.({ db: connection.db, inTransaction: connection.owner === 'caller' }) ?? null;
  const encrypt: Pick<FieldCipher, 'encryptFields'> | undefined = encryption ?? options.cipher;
  const prepared = await Promise.all(events.map((event) => prepareEvent(options, encrypt, event)));
  return { prepared, encryption: encryption && encryption.keys().length > 0 ? encryption : null };
}

async function prepareEvent(
  options: Pick<EventStoreOptions, 'cipher' | 'personalFieldsOf'>,
  encrypt: Pick<FieldCipher, 'encryptFields'> | undefined,
  event: NewEvent,
): Promise<PreparedEvent> {
  const plainData = asStoredJson(event.data);
  const paths = options.personalFieldsOf?.(event.type, event.schemaVersion) ?? [];
  let storedData = plainData;
  if (encrypt) {
    storedData = await encrypt.encryptFields(event.subjectRef ?? null, plainData, paths);
  } else if (paths.length > 0) {
    throw new EventStoreConfigurationError(`${event.type} has personal fields but the store has no cipher`);
  }
  return {
    eventId: event.eventId.toLowerCase(),
    type: event.type,
    schemaVersion: event.schemaVersion,
    storedData,
    plainData,
    metadata: asStoredJson(metadataOf({ ...event, subjectRef: event.subjectRef ?? null })),
  };
}

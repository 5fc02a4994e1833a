import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/** Bumped if the hashed content ever changes, so old and new chains stay verifiable side by side. */
const CHAIN_FORMAT = 'rcrp-event-chain:v1';

/**
 * Everything stored about an event except what PostgreSQL assigns at insert (`position`, `tx_id`): those order
 * the global feed, not the stream, and are not known before the insert. Every other column is covered, so
 * altering any of them (or deleting/reordering events of a stream) breaks the chain from that event on.
 */
export interface HashedEventContent {
  streamId: string;
  streamVersion: number;
  eventId: string;
  type: string;
  schemaVersion: number;
  /** As stored: personal fields already encrypted. */
  data: unknown;
  metadata: unknown;
  recordedAt: Date;
}

export function eventHash(content: HashedEventContent, previousHash: Buffer | null): Buffer {
  const canonical = canonicalJson({
    chain: CHAIN_FORMAT,
    previousHash: previousHash === null ? null : previousHash.toString('hex'),
    streamId: content.streamId,
    streamVersion: content.streamVersion,
    eventId: content.eventId,
    type: content.type,
    schemaVersion: content.schemaVersion,
    data: content.data,
    metadata: content.metadata,
    recordedAt: content.recordedAt.toISOString(),
  });
  return createHash('sha256').update(canonical, 'utf8').digest();
}

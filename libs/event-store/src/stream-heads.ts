/** The last committed event of a stream as the chain needs it: its version, hash and recorded-at time. */
export interface StreamHead {
  version: number;
  hash: Buffer | null;
  recordedAt: Date | null;
}

/**
 * The heads this instance has seen committed (its own appends, and full stream reads), so the usual
 * load-decide-append of one stream needs one round trip for the append instead of two.
 *
 * Safe because events are immutable: a head that was committed at version v stays the event at version v forever.
 * A cached head can only be *behind* the stream (another instance appended since); the append then takes a
 * version that exists, the unique (stream_id, stream_version) constraint refuses it, and the store falls back to
 * reading the head from the database. So a stale entry costs one failed insert, never a wrong chain.
 * Bounded: the oldest entries are dropped first.
 */
export class StreamHeadCache {
  private readonly heads = new Map<string, StreamHead>();

  constructor(private readonly capacity: number) {}

  /** The cached head if it is at `version` (the caller's expected version), else undefined. */
  at(streamId: string, version: number): StreamHead | undefined {
    const head = this.heads.get(streamId);
    return head?.version === version ? head : undefined;
  }

  /** Only for heads known to be committed. */
  remember(streamId: string, head: StreamHead): void {
    if (this.capacity <= 0) return;
    const known = this.heads.get(streamId);
    if (known && known.version > head.version) return;
    this.heads.delete(streamId);
    this.heads.set(streamId, head);
    if (this.heads.size > this.capacity) this.heads.delete(this.heads.keys().next().value as string);
  }

  forget(streamId: string): void {
    this.heads.delete(streamId);
  }
}

/**
 * The order of a replay (documented in docs/replay.md): by `occurredAt` (when it happened in the world), then
 * `recordedAt` (when the owning store recorded it), then topic (in the order given on the command line), partition
 * and offset. The last three make the order total and repeatable: two runs over the same data print the same file.
 * Times compare as instants (epoch milliseconds), not as text, so `+01:00` and `Z` forms sort correctly.
 */
export interface OrderKey {
  occurredAt: number;
  recordedAt: number;
  topicIndex: number;
  partition: number;
  offset: number;
}

export function compareOrderKeys(a: OrderKey, b: OrderKey): number {
  return (
    a.occurredAt - b.occurredAt ||
    a.recordedAt - b.recordedAt ||
    a.topicIndex - b.topicIndex ||
    a.partition - b.partition ||
    a.offset - b.offset
  );
}

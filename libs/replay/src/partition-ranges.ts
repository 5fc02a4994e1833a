import type { Admin } from 'kafkajs';
import { EVENT_TOPICS } from '@rcrp/events';
import { ReplayUsageError } from './cli-args';

/** The offsets of one partition a replay reads: `[start, end)`. */
export interface PartitionRange {
  topic: string;
  /** Position of the topic on the command line (the order's tie-break). */
  topicIndex: number;
  partition: number;
  start: bigint;
  end: bigint;
}

/** A usage error (exit 2): the replay reads nothing when one topic is missing. */
export class UnknownTopicError extends ReplayUsageError {
  override readonly name: string = 'UnknownTopicError';
}

/**
 * Where each partition's read starts and stops, fixed before reading: from the first offset whose record time is
 * at or after `from` (or the earliest), to the first offset at or after `to` — never past the high watermark seen
 * now, so a replay of a live topic ends instead of following it forever.
 */
export async function planPartitionRanges(
  admin: Admin,
  topics: readonly string[],
  from: Date | null,
  to: Date | null,
): Promise<PartitionRange[]> {
  const existing = new Set(await admin.listTopics());
  // Which ones by position, not by name: a mistyped value is not repeated.
  const missing = topics.flatMap((topic, index) => (existing.has(topic) ? [] : [index + 1]));
  if (missing.length > 0) {
    throw new UnknownTopicError(
      `no such topic on the broker (--topic number ${missing.join(', ')} of ${topics.length}); ` +
        `the event topics: ${EVENT_TOPICS.join(', ')}`,
    );
  }

  const ranges: PartitionRange[] = [];
  for (const [topicIndex, topic] of topics.entries()) {
    const watermarks = await admin.fetchTopicOffsets(topic);
    const starts = from ? offsetsAt(await admin.fetchTopicOffsetsByTimestamp(topic, from.getTime())) : null;
    const ends = to ? offsetsAt(await admin.fetchTopicOffsetsByTimestamp(topic, to.getTime())) : null;
    for (const { partition, low, high } of watermarks) {
      const highOffset = BigInt(high);
      const lowOffset = BigInt(low);
      const start = starts ? max(lowOffset, orHigh(starts.get(partition), highOffset)) : lowOffset;
      const end = ends ? min(highOffset, orHigh(ends.get(partition), highOffset)) : highOffset;
      ranges.push({ topic, topicIndex, partition, start, end: end < start ? start : end });
    }
  }
  return ranges;
}

export function eventsInRanges(ranges: readonly PartitionRange[]): number {
  return ranges.reduce((sum, range) => sum + Number(range.end - range.start), 0);
}

function offsetsAt(found: Array<{ partition: number; offset: string }>): Map<number, string> {
  return new Map(found.map(({ partition, offset }) => [partition, offset]));
}

/** Kafka answers -1 when no record is at or after the time: the range then reaches the high watermark. */
function orHigh(offset: string | undefined, high: bigint): bigint {
  return offset === undefined || offset === '-1' ? high : BigInt(offset);
}

const max = (a: bigint, b: bigint): bigint => (a > b ? a : b);
const min = (a: bigint, b: bigint): bigint => (a < b ? a : b);

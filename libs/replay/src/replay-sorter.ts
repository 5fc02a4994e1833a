import { createWriteStream } from 'node:fs';
import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareOrderKeys, type OrderKey } from './event-order';
import { ChunkedWriter } from './output-writer';

/**
 * One selected event: its place in the replay order and the record to write, as UTF-8 JSON. Bytes, not a string:
 * a held string is copied by every young-generation GC until it is promoted, a Buffer's bytes live off the heap,
 * and the record has to be UTF-8 to be written anyway.
 */
export interface SortItem extends OrderKey {
  type: string;
  json: Buffer;
}

/** Default memory for one sorted run: about 100,000 analyst records. */
export const DEFAULT_RUN_BYTES = 64 * 2 ** 20;

/**
 * Puts the selected events into replay order (event-order.ts) with bounded memory: an external merge sort.
 *
 * The order is by `occurredAt`, which nothing keeps monotonic within a partition (an incident is often reported
 * after it happened, and two services' topics interleave), so no window of any fixed size could merge the
 * partitions exactly. Instead events are collected into runs of at most `runBytes` of JSON; a full run is sorted
 * and written to a temporary file, and at the end the runs are merged. A selection that fits in one run never
 * touches the disk. The temporary directory is private (0700), removed by `dispose()`, and holds only what the
 * output would hold anyway — pseudonymised records, or with personal data still encrypted (it is decrypted only
 * as it is written).
 */
export class ReplaySorter {
  private buffer: SortItem[] = [];
  private bufferBytes = 0;
  private readonly runs: string[] = [];
  private directory: string | null = null;

  constructor(private readonly runBytes = DEFAULT_RUN_BYTES) {}

  add(item: SortItem): void {
    this.buffer.push(item);
    // The JSON plus the key fields and object overhead.
    this.bufferBytes += item.json.length + 96;
  }

  /** Called between Kafka batches: writes the run out once it is full. */
  async spillIfFull(): Promise<void> {
    if (this.bufferBytes >= this.runBytes) await this.spill();
  }

  /** How many runs went to disk (0 when the selection fitted in memory). */
  get spilledRuns(): number {
    return this.runs.length;
  }

  /** Every item added, in replay order. Call once, after the last `add`. */
  async *sorted(): AsyncGenerator<SortItem> {
    if (this.runs.length === 0) {
      const items = this.buffer.sort(compareOrderKeys);
      this.buffer = [];
      yield* items;
      return;
    }
    await this.spill();
    yield* mergeRuns(this.runs);
  }

  async dispose(): Promise<void> {
    this.buffer = [];
    if (this.directory) await rm(this.directory, { recursive: true, force: true });
    this.directory = null;
  }

  private async spill(): Promise<void> {
    if (this.buffer.length === 0) return;
    this.directory ??= await mkdtemp(join(tmpdir(), 'rcrp-replay-'));
    const path = join(this.directory, `run-${this.runs.length}`);
    const items = this.buffer.sort(compareOrderKeys);
    this.buffer = [];
    this.bufferBytes = 0;
    const file = createWriteStream(path, { mode: 0o600 });
    const writer = new ChunkedWriter(file);
    for (const item of items) {
      await writer.write(keyPrefixOf(item));
      await writer.write(item.json);
      await writer.write(NEWLINE);
    }
    await writer.flush();
    await new Promise<void>((resolve, reject) => {
      file.once('error', reject);
      file.end(() => resolve());
    });
    this.runs.push(path);
  }
}

const TAB = 0x09;
const LINE_END = 0x0a;
const NEWLINE = Buffer.from('\n');

/**
 * One line per item: the key fields and the type, tab-separated, then the JSON. The JSON holds no raw tab or
 * line break (JSON.stringify escapes them), so the first six tabs and the line end delimit it.
 */
function keyPrefixOf(item: SortItem): Buffer {
  return Buffer.from(
    `${item.occurredAt}\t${item.recordedAt}\t${item.topicIndex}\t${item.partition}\t${item.offset}\t${item.type}\t`,
    'latin1',
  );
}

function decodeItem(bytes: Buffer, start: number, end: number): SortItem {
  const fields: string[] = [];
  let from = start;
  for (let count = 0; count < 6; count += 1) {
    const tab = bytes.indexOf(TAB, from);
    if (tab < 0 || tab >= end) throw new Error('replay sort run line is damaged');
    fields.push(bytes.toString('latin1', from, tab));
    from = tab + 1;
  }
  return {
    occurredAt: Number(fields[0]),
    recordedAt: Number(fields[1]),
    topicIndex: Number(fields[2]),
    partition: Number(fields[3]),
    offset: Number(fields[4]),
    type: fields[5],
    json: bytes.subarray(from, end),
  };
}

const READ_CHUNK = 2 ** 20;

/**
 * Reads a run file line by line in 1 MiB chunks. Each chunk is a fresh buffer: the items handed out point into
 * it and may still be waiting in the output's pending writes.
 */
class RunReader {
  private bytes = Buffer.alloc(0);
  private position = 0;
  private ended = false;

  private constructor(private readonly file: FileHandle) {}

  static async open(path: string): Promise<RunReader> {
    return new RunReader(await open(path, 'r'));
  }

  async next(): Promise<SortItem | null> {
    for (;;) {
      const lineEnd = this.bytes.indexOf(LINE_END, this.position);
      if (lineEnd >= 0) {
        const item = decodeItem(this.bytes, this.position, lineEnd);
        this.position = lineEnd + 1;
        return item;
      }
      if (this.ended) {
        if (this.position < this.bytes.length)
          throw new Error('replay sort run does not end with a line break');
        return null;
      }
      await this.fill();
    }
  }

  close(): Promise<void> {
    return this.file.close();
  }

  /** Keeps the unread part of the current chunk (a partial line) and reads the next chunk after it. */
  private async fill(): Promise<void> {
    const rest = this.bytes.length - this.position;
    const next = Buffer.allocUnsafe(rest + READ_CHUNK);
    this.bytes.copy(next, 0, this.position);
    const { bytesRead } = await this.file.read(next, rest, READ_CHUNK, null);
    if (bytesRead === 0) this.ended = true;
    this.bytes = next.subarray(0, rest + bytesRead);
    this.position = 0;
  }
}

/** A k-way merge of sorted runs with a binary min-heap of the runs' current heads. */
async function* mergeRuns(paths: readonly string[]): AsyncGenerator<SortItem> {
  const readers = await Promise.all(paths.map((path) => RunReader.open(path)));
  try {
    const heap: Array<{ item: SortItem; reader: RunReader }> = [];
    for (const reader of readers) {
      const item = await reader.next();
      if (item) heap.push({ item, reader });
    }
    for (let index = (heap.length >> 1) - 1; index >= 0; index -= 1) siftDown(heap, index);
    while (heap.length > 0) {
      const top = heap[0];
      yield top.item;
      const following = await top.reader.next();
      if (following) {
        top.item = following;
      } else {
        const last = heap.pop()!;
        if (heap.length > 0) heap[0] = last;
      }
      siftDown(heap, 0);
    }
  } finally {
    await Promise.all(readers.map((reader) => reader.close()));
  }
}

function siftDown(heap: Array<{ item: SortItem }>, start: number): void {
  let index = start;
  for (;;) {
    const left = 2 * index + 1;
    const right = left + 1;
    let smallest = index;
    if (left < heap.length && compareOrderKeys(heap[left].item, heap[smallest].item) < 0) smallest = left;
    if (right < heap.length && compareOrderKeys(heap[right].item, heap[smallest].item) < 0) smallest = right;
    if (smallest === index) return;
    [heap[index], heap[smallest]] = [heap[smallest], heap[index]];
    index = smallest;
  }
}

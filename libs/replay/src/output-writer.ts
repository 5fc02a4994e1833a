import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { csvRow, flattenRecord } from './csv';
import type { OutputFormat } from './cli-args';

/** The envelope columns first, in a fixed order, so every CSV of the system starts the same way. */
const LEADING_COLUMNS = [
  'occurredAt',
  'recordedAt',
  'type',
  'schemaVersion',
  'incidentId',
  'streamId',
  'streamVersion',
  'eventId',
  'actor.id',
  'actor.role',
  'correlationId',
  'causationId',
  'traceparent',
  'subjectPseudonym',
  'subjectRef',
];

/** Buffered writes that respect back-pressure (a slow disk or a closed pipe must not buffer a million lines). */
export class ChunkedWriter {
  private pending: string[] = [];
  private pendingLength = 0;

  constructor(private readonly target: Writable) {}

  async write(text: string): Promise<void> {
    this.pending.push(text);
    this.pendingLength += text.length;
    if (this.pendingLength >= 1 << 20) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const chunk = this.pending.join('');
    this.pending = [];
    this.pendingLength = 0;
    if (!this.target.write(chunk)) await once(this.target, 'drain');
  }
}

/** Writes JSON lines (one record each, already in replay order) as NDJSON or CSV. */
export async function writeRecords(lines: readonly string[], format: OutputFormat, target: Writable): Promise<void> {
  const writer = new ChunkedWriter(target);
  if (format === 'ndjson') {
    for (const line of lines) await writer.write(`${line}\n`);
  } else {
    // Two passes: a CSV needs every column before its first row; flattening again beats holding flat copies.
    const seen = new Set<string>();
    for (const line of lines) for (const column of Object.keys(flattenRecord(JSON.parse(line)))) seen.add(column);
    const columns = [
      ...LEADING_COLUMNS.filter((column) => seen.has(column)),
      ...[...seen].filter((column) => !LEADING_COLUMNS.includes(column)).sort(),
    ];
    // A UTF-8 byte-order mark so spreadsheet programs read accented names and symbols correctly.
    await writer.write(`\uFEFF${csvRow(columns)}`);
    for (const line of lines) {
      const flat = flattenRecord(JSON.parse(line));
      await writer.write(csvRow(columns.map((column) => flat[column])));
    }
  }
  await writer.flush();
}

/** stdout, or a file created fresh (an earlier export is replaced, never appended to). */
export function openOutput(path: string | null, stdout: Writable): { stream: Writable; close(): Promise<void> } {
  if (path === null) return { stream: stdout, close: async () => undefined };
  const stream = createWriteStream(path, { flags: 'w' });
  return {
    stream,
    close: () =>
      new Promise<void>((resolve, reject) => {
        stream.once('error', reject);
        stream.end(() => resolve());
      }),
  };
}

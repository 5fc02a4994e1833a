import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { csvRow, flattenToColumns } from './csv';
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

/** The CSV header: the envelope columns first in a fixed order, then the `data.*` and other columns A-Z. */
export function csvColumnsOf(seen: ReadonlySet<string>): string[] {
  return [...LEADING_COLUMNS.filter((column) => seen.has(column)), ...[...seen].filter((column) => !LEADING_COLUMNS.includes(column)).sort()];
}

/**
 * Writes records (JSON text, already in replay order) one at a time as NDJSON or CSV, so nothing is held but the
 * current chunk. A CSV needs its columns before the first row: the caller collects them while reading
 * (`addColumnsOf`) and passes the columns and their dotted prefixes.
 */
export class RecordWriter {
  private readonly writer: ChunkedWriter;
  private readonly columns: string[];
  private readonly prefixes: ReadonlySet<string>;
  private started = false;

  constructor(
    private readonly format: OutputFormat,
    target: Writable,
    csv: { columns: ReadonlySet<string>; prefixes: ReadonlySet<string> } = { columns: new Set(), prefixes: new Set() },
  ) {
    this.writer = new ChunkedWriter(target);
    this.columns = format === 'csv' ? csvColumnsOf(csv.columns) : [];
    this.prefixes = csv.prefixes;
  }

  async write(json: string): Promise<void> {
    if (this.format === 'ndjson') return this.writer.write(`${json}\n`);
    await this.header();
    const flat = flattenToColumns(JSON.parse(json) as Record<string, unknown>, this.prefixes);
    await this.writer.write(csvRow(this.columns.map((column) => flat[column])));
  }

  async end(): Promise<void> {
    if (this.format === 'csv') await this.header();
    await this.writer.flush();
  }

  private async header(): Promise<void> {
    if (this.started) return;
    this.started = true;
    // A UTF-8 byte-order mark so spreadsheet programs read accented names and symbols correctly.
    await this.writer.write(`\uFEFF${csvRow(this.columns)}`);
  }
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

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

/**
 * Buffered writes that respect back-pressure (a slow disk or a closed pipe must not buffer a million lines).
 * Pieces are UTF-8 bytes or text; records travel as bytes (replay-sorter.ts) so they are encoded only once.
 */
export class ChunkedWriter {
  private pending: Buffer[] = [];
  private pendingLength = 0;

  constructor(private readonly target: Writable) {}

  async write(piece: string | Buffer): Promise<void> {
    const bytes = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
    this.pending.push(bytes);
    this.pendingLength += bytes.length;
    if (this.pendingLength >= 1 << 20) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const chunk = Buffer.concat(this.pending, this.pendingLength);
    this.pending = [];
    this.pendingLength = 0;
    if (!this.target.write(chunk)) await once(this.target, 'drain');
  }
}

const NEWLINE = Buffer.from('\n');

/** The CSV header: the envelope columns first in a fixed order, then the `data.*` and other columns A-Z. */
export function csvColumnsOf(seen: ReadonlySet<string>): string[] {
  return [
    ...LEADING_COLUMNS.filter((column) => seen.has(column)),
    ...[...seen].filter((column) => !LEADING_COLUMNS.includes(column)).sort(),
  ];
}

/**
 * Writes records (UTF-8 JSON, already in replay order) one at a time as NDJSON or CSV, so nothing is held but the
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
    csv: { columns: ReadonlySet<string>; prefixes: ReadonlySet<string> } = {
      columns: new Set(),
      prefixes: new Set(),
    },
  ) {
    this.writer = new ChunkedWriter(target);
    this.columns = format === 'csv' ? csvColumnsOf(csv.columns) : [];
    this.prefixes = csv.prefixes;
  }

  async write(json: Buffer): Promise<void> {
    if (this.format === 'ndjson') {
      await this.writer.write(json);
      return this.writer.write(NEWLINE);
    }
    await this.header();
    const flat = flattenToColumns(
      JSON.parse(json.toString('utf8')) as Record<string, unknown>,
      this.prefixes,
    );
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
export function openOutput(
  path: string | null,
  stdout: Writable,
): { stream: Writable; close(): Promise<void> } {
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

/**
 * Flat CSV for spreadsheets (RFC 4180): comma separated, CRLF line ends, a field quoted when it holds a comma,
 * quote, CR or LF, quotes doubled. A leading `=`, `+`, `-` or `@` would make a spreadsheet evaluate the cell as a
 * formula (CSV injection), so such text fields get a leading apostrophe — except plain numbers like `-3`.
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text =
    typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text) && !/^[+-]?\d+(\.\d+)?$/.test(text))
    text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: readonly unknown[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/**
 * Nested objects become dotted columns (`data.subject.ageBand`); arrays stay one cell as JSON (their length
 * varies per event, and a column per element would not line up across rows).
 */
export function flattenRecord(
  value: Record<string, unknown>,
  prefix = '',
  into: Record<string, unknown> = {},
): Record<string, unknown> {
  for (const [key, member] of Object.entries(value)) {
    const column = prefix ? `${prefix}.${key}` : key;
    if (
      member !== null &&
      typeof member === 'object' &&
      !Array.isArray(member) &&
      Object.keys(member).length > 0
    ) {
      flattenRecord(member as Record<string, unknown>, column, into);
    } else {
      into[column] = member;
    }
  }
  return into;
}

/** The columns `flattenRecord` would give `value`, added to `columns` (and every dotted prefix to `prefixes`). */
export function addColumnsOf(
  value: Record<string, unknown>,
  columns: Set<string>,
  prefixes: Set<string>,
  prefix = '',
): void {
  for (const key in value) {
    const member = value[key];
    const column = prefix ? `${prefix}.${key}` : key;
    if (
      member !== null &&
      typeof member === 'object' &&
      !Array.isArray(member) &&
      Object.keys(member).length > 0
    ) {
      prefixes.add(column);
      addColumnsOf(member as Record<string, unknown>, columns, prefixes, column);
    } else {
      columns.add(column);
    }
  }
}

/**
 * `flattenRecord` onto columns chosen before the first row (a streamed CSV needs its header first). It descends
 * only into objects that were objects when the columns were collected: a decrypted personal value that turns
 * out to be an object stays one JSON cell in its column instead of inventing columns the header lacks.
 */
export function flattenToColumns(
  value: Record<string, unknown>,
  prefixes: ReadonlySet<string>,
  prefix = '',
  into: Record<string, unknown> = {},
): Record<string, unknown> {
  for (const key in value) {
    const member = value[key];
    const column = prefix ? `${prefix}.${key}` : key;
    if (
      prefixes.has(column) &&
      member !== null &&
      typeof member === 'object' &&
      !Array.isArray(member) &&
      Object.keys(member).length > 0
    ) {
      flattenToColumns(member as Record<string, unknown>, prefixes, column, into);
    } else {
      into[column] = member;
    }
  }
  return into;
}

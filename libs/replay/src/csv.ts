/**
 * Flat CSV for spreadsheets (RFC 4180): comma separated, CRLF line ends, a field quoted when it holds a comma,
 * quote, CR or LF, quotes doubled. A leading `=`, `+`, `-` or `@` would make a spreadsheet evaluate the cell as a
 * formula (CSV injection), so such text fields get a leading apostrophe — except plain numbers like `-3`.
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text) && !/^[+-]?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: readonly unknown[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/**
 * Nested objects become dotted columns (`data.subject.ageBand`); arrays stay one cell as JSON (their length
 * varies per event, and a column per element would not line up across rows).
 */
export function flattenRecord(value: Record<string, unknown>, prefix = '', into: Record<string, unknown> = {}): Record<string, unknown> {
  for (const [key, member] of Object.entries(value)) {
    const column = prefix ? `${prefix}.${key}` : key;
    if (member !== null && typeof member === 'object' && !Array.isArray(member) && Object.keys(member).length > 0) {
      flattenRecord(member as Record<string, unknown>, column, into);
    } else {
      into[column] = member;
    }
  }
  return into;
}

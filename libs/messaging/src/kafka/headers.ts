import type { IHeaders } from 'kafkajs';

/** Kafka headers from a plain record; null/undefined values are left out (absent, not the string "null"). */
export function toHeaders(record: Readonly<Record<string, string | number | null | undefined>>): IHeaders {
  const headers: IHeaders = {};
  for (const [name, value] of Object.entries(record)) {
    if (value !== null && value !== undefined) headers[name] = String(value);
  }
  return headers;
}

/**
 * A header as a UTF-8 string, whatever form kafkajs delivered it in (consumers get Buffers, producers may
 * hold strings, a repeated header arrives as an array: the first value wins). Undefined when absent.
 */
export function headerString(headers: IHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  if (first === undefined || first === null) return undefined;
  return Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
}

/** Every header as strings (diagnostics, dead letters, tests). */
export function headersToRecord(headers: IHeaders | undefined): Record<string, string> {
  const record: Record<string, string> = {};
  for (const name of Object.keys(headers ?? {})) {
    const value = headerString(headers, name);
    if (value !== undefined) record[name] = value;
  }
  return record;
}

/** Quotes an SQL identifier (schema or table names come from configuration, never from users, but still). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

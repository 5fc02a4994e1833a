/**
 * Schema and role names end up inside SQL text (search_path, GRANT, CREATE SCHEMA), where parameters are not
 * allowed. Accept only plain lower-case identifiers so nothing needs quoting and nothing can be injected.
 */
const PLAIN_IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

export class InvalidIdentifierError extends Error {
  override readonly name = 'InvalidIdentifierError';
}

export function assertIdentifier(value: string, what: string): string {
  if (!PLAIN_IDENTIFIER.test(value)) {
    throw new InvalidIdentifierError(
      `${what} must be a lower-case SQL identifier ([a-z_][a-z0-9_]*, max 63), got "${value}"`,
    );
  }
  return value;
}

/** Quotes an SQL identifier (schema or table names come from configuration, never from users, but still). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

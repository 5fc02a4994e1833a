/**
 * Deterministic JSON: object keys sorted, no whitespace, `undefined` members dropped. The hash chain must be
 * recomputable from what PostgreSQL gives back, and jsonb does not keep key order or formatting, so the hash is
 * taken over this form rather than over the text that was sent.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value);
    if (text === undefined) throw new TypeError(`cannot serialise ${typeof value} canonically`);
    return text;
  }
  // Loops and string appends rather than filter/sort/map/join: this runs for every member of every event hashed
  // (append and verify), and the intermediate arrays were most of the hash chain's cost.
  if (Array.isArray(value)) {
    let text = '[';
    for (let i = 0; i < value.length; i += 1) {
      if (i > 0) text += ',';
      const item: unknown = value[i];
      text += item === undefined ? 'null' : canonicalJson(item);
    }
    return `${text}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let text = '{';
  let first = true;
  for (const key of keys) {
    const member = record[key];
    if (member === undefined) continue;
    if (!first) text += ',';
    first = false;
    text += `${quotedKey(key)}:${canonicalJson(member)}`;
  }
  return `${text}}`;
}

/** Member names repeat across events (the same types, the same fields): each is quoted once. */
const QUOTED_KEYS = new Map<string, string>();
const MAX_QUOTED_KEYS = 10_000;

function quotedKey(key: string): string {
  let quoted = QUOTED_KEYS.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    if (QUOTED_KEYS.size < MAX_QUOTED_KEYS) QUOTED_KEYS.set(key, quoted);
  }
  return quoted;
}

/** The value as it will come back from jsonb (Dates become strings, undefined members vanish, …). */
export function asStoredJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

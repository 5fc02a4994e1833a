/**
 * Personal-field paths, as event definitions declare them: dot-separated keys, where a segment ending in `[]`
 * walks every element of an array. `subject.name`, `summary`, `notes[].text`, `aliases[]`.
 * A path naming an object or array without `[]` treats the whole of it as one value.
 */
type Json = unknown;

/** A copy of `data` in which every present, non-null value at one of `paths` is replaced by `replace(value)`. */
export function mapAtPaths(data: Json, paths: readonly string[], replace: (value: Json) => Json): Json {
  let result = data;
  for (const path of paths) result = mapAtSegments(result, parsePath(path), replace);
  return result;
}

/** Whether any of `paths` holds a non-null value in `data` (so there is something personal to protect). */
export function hasValueAtPaths(data: Json, paths: readonly string[]): boolean {
  let found = false;
  mapAtPaths(data, paths, (value) => {
    found = true;
    return value;
  });
  return found;
}

/** A copy of `value` with every string passed through `replace`, at any depth. */
export function mapStrings(value: Json, replace: (text: string) => Json): Json {
  if (typeof value === 'string') return replace(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, replace));
  if (isPlainObject(value)) {
    const copy: Record<string, Json> = {};
    for (const [key, item] of Object.entries(value)) copy[key] = mapStrings(item, replace);
    return copy;
  }
  return value;
}

export function forEachString(value: Json, visit: (text: string) => void): void {
  mapStrings(value, (text) => {
    visit(text);
    return text;
  });
}

interface Segment {
  key: string;
  each: boolean;
}

function parsePath(path: string): Segment[] {
  return path.split('.').map((part) => {
    const each = part.endsWith('[]');
    const key = each ? part.slice(0, -2) : part;
    if (key === '') throw new Error(`invalid personal-field path "${path}"`);
    return { key, each };
  });
}

function mapAtSegments(node: Json, segments: readonly Segment[], replace: (value: Json) => Json): Json {
  if (!isPlainObject(node)) return node;
  const [head, ...tail] = segments;
  if (!(head.key in node)) return node;
  const child = node[head.key];
  let next: Json;
  if (head.each) {
    next = Array.isArray(child) ? child.map((item) => mapLeafOrDeeper(item, tail, replace)) : child;
  } else {
    next = mapLeafOrDeeper(child, tail, replace);
  }
  return next === child ? node : { ...node, [head.key]: next };
}

function mapLeafOrDeeper(value: Json, rest: readonly Segment[], replace: (value: Json) => Json): Json {
  if (rest.length > 0) return mapAtSegments(value, rest, replace);
  return value === null || value === undefined ? value : replace(value);
}

function isPlainObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

import type { FieldError } from './validation';

/**
 * Checks on a request's parsed JSON (and its path and query parameters) that no DTO can express and that must run
 * before class-transformer: it recurses, so a body nested thousands of levels deep would overflow the stack, and it
 * copies `__proto__`-like keys onto instances. One iterative walk, bounded in depth, width and errors reported.
 */
export interface RequestShapeLimits {
  /** Objects and arrays nested deeper than this are refused (the deepest real body is 3 levels). */
  maxDepth: number;
  /** Longest array accepted anywhere in a request. */
  maxArrayLength: number;
  /** Field errors listed at most; a body with thousands of bad values gets one short answer. */
  maxErrors: number;
}

export const DEFAULT_REQUEST_SHAPE_LIMITS: RequestShapeLimits = {
  maxDepth: 32,
  maxArrayLength: 1000,
  maxErrors: 20,
};

/**
 * Keys that name members of `Object.prototype` (or a class): class-transformer and spreads treat them specially, so
 * they are refused as unknown fields even where a DTO would otherwise not see them.
 */
export const PROTOTYPE_KEYS: ReadonlySet<string> = new Set([
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'toLocaleString',
  'valueOf',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
]);

/** NUL (PostgreSQL cannot store it in text) or a UTF-16 surrogate without its pair (not valid UTF-8). */
// eslint-disable-next-line no-control-regex -- NUL is exactly what this looks for
const UNSTORABLE_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function hasUnstorableText(value: string): boolean {
  return UNSTORABLE_TEXT.test(value);
}

export const REASONS = {
  null: 'must not be null; leave the field out instead',
  text: 'must not contain NUL characters or unpaired UTF-16 surrogates',
  key: 'has a property name with a NUL character or an unpaired UTF-16 surrogate',
  unknownKey: (key: string) => `property ${key} should not exist`,
  depth: (max: number) => `nests objects or arrays deeper than ${max} levels`,
  arrayLength: (max: number) => `must contain no more than ${max} elements`,
};

interface Pending {
  value: unknown;
  field: string;
  depth: number;
}

export interface InspectOptions {
  /** JSON bodies: `null` is never a valid value (one rule for every optional field: leave it out). */
  refuseNull: boolean;
  limits?: RequestShapeLimits;
}

/**
 * Field errors of a parsed request part. `root` names the part's own field (a path parameter's name), or '' for
 * a body or query whose members are the fields. Reasons never quote a value from the request.
 */
export function inspectRequestValue(value: unknown, root: string, options: InspectOptions): FieldError[] {
  const limits = options.limits ?? DEFAULT_REQUEST_SHAPE_LIMITS;
  const errors = new Map<string, string[]>();
  const add = (field: string, reason: string): boolean => {
    const reasons = errors.get(field);
    if (reasons) {
      if (!reasons.includes(reason)) reasons.push(reason);
    } else errors.set(field, [reason]);
    return errors.size < limits.maxErrors;
  };
  const stack: Pending[] = [{ value, field: root, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, field, depth } = stack.pop() as Pending;
    if (current === null) {
      if (options.refuseNull && !add(field, REASONS.null)) break;
      continue;
    }
    if (typeof current === 'string') {
      if (hasUnstorableText(current) && !add(field, REASONS.text)) break;
      continue;
    }
    if (typeof current !== 'object') continue;
    if (depth >= limits.maxDepth) {
      // One error for the whole subtree: descending further is exactly what must not happen.
      if (!add(field, REASONS.depth(limits.maxDepth))) break;
      continue;
    }
    if (Array.isArray(current)) {
      if (current.length > limits.maxArrayLength) {
        if (!add(field, REASONS.arrayLength(limits.maxArrayLength))) break;
        continue;
      }
      for (let index = current.length - 1; index >= 0; index -= 1) {
        stack.push({ value: current[index], field: join(field, String(index)), depth: depth + 1 });
      }
      continue;
    }
    const keys = Object.keys(current);
    let full = false;
    for (const key of keys) {
      if (hasUnstorableText(key)) full = !add(field, REASONS.key);
      else if (PROTOTYPE_KEYS.has(key)) full = !add(join(field, key), REASONS.unknownKey(key));
      if (full) break;
    }
    if (full) break;
    // Reversed, so the fields come off the stack (and into the answer) in the order they were sent.
    for (let index = keys.length - 1; index >= 0; index -= 1) {
      const key = keys[index];
      if (hasUnstorableText(key) || PROTOTYPE_KEYS.has(key)) continue;
      stack.push({
        value: (current as Record<string, unknown>)[key],
        field: join(field, key),
        depth: depth + 1,
      });
    }
  }
  return [...errors].map(([field, reasons]) => ({ field: field === '' ? '(body)' : field, reasons }));
}

function join(parent: string, key: string): string {
  return parent === '' ? key : `${parent}.${key}`;
}

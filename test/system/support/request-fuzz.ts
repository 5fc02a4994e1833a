/**
 * Malformed requests derived from a service's OpenAPI document (`/docs-json`): for every operation, a valid base
 * request (the documented example, or one built from the schema) and variants of its body, path and query that
 * are missing, null, wrong-typed, unstorable (NUL, lone surrogates), too deep, impossible dates, odd numbers and
 * prototype keys. Pure: the e2e test sends them and checks the answers.
 */
import fc from 'fast-check';

type Schema = {
  type?: string;
  format?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  minLength?: number;
  minimum?: number;
  anyOf?: Schema[];
  oneOf?: Schema[];
};

interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header';
  schema?: Schema;
  enum?: unknown[];
}

interface OpenApiOperation {
  parameters?: OpenApiParameter[];
  requestBody?: {
    content?: Record<string, { schema?: Schema; examples?: Record<string, { value?: unknown }> }>;
  };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
}

export interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** The OpenAPI path template, `/incidents/{id}`. */
  template: string;
  pathParams: string[];
  queryParams: string[];
  bodySchema: Schema | null;
  baseBody: unknown;
}

/** One request to send: path and query already encoded; the body as raw text (it may not even be JSON). */
export interface FuzzRequest {
  operation: Operation;
  kind: string;
  path: string;
  body: string | null;
  contentType: string | null;
  /** Strings the request carries (length >= 6) that no error answer may repeat. */
  sentStrings: string[];
}

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

/** Live views (SSE) never end; everything else is fuzzed. */
const SKIPPED = (template: string) => template.endsWith('/stream');

export function operationsOf(document: OpenApiDocument): Operation[] {
  return Object.entries(document.paths).flatMap(([template, methods]) =>
    Object.entries(methods)
      .filter(([method]) => METHODS.has(method) && !SKIPPED(template))
      .map(([method, operation]) => {
        const parameters = operation.parameters ?? [];
        const content = operation.requestBody?.content?.['application/json'];
        const bodySchema = content?.schema ?? null;
        const example = Object.values(content?.examples ?? {})[0]?.value;
        return {
          method: method as Operation['method'],
          template,
          pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
          queryParams: parameters.filter((p) => p.in === 'query').map((p) => p.name),
          bodySchema,
          baseBody: withOwnDates(example ?? (bodySchema ? validValueOf(bodySchema) : undefined)),
        };
      }),
  );
}

/**
 * The documented examples use the dates that validation messages give as examples ("for example 1990-04-01"):
 * the base request gets dates of its own, so a message's example is never mistaken for an echo.
 */
function withOwnDates(value: unknown): unknown {
  if (typeof value === 'string') {
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return '1986-07-19';
    if (/^\d{4}-\d{2}-\d{2}T/.test(value)) return new Date(Date.now() - 3_600_000).toISOString();
    return value;
  }
  if (Array.isArray(value)) return value.map(withOwnDates);
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withOwnDates(v)]));
  return value;
}

/** Every enum member of the document: echoing an allowed value back ("must be one of …") is not a leak. */
export function enumValuesOf(document: OpenApiDocument): Set<string> {
  const values = new Set<string>();
  const stack: unknown[] = [document];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) stack.push(...node);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'enum' && Array.isArray(value))
          value.forEach((v) => typeof v === 'string' && values.add(v));
        else stack.push(value);
      }
    }
  }
  return values;
}

/** A plausible valid value of a schema, for routes without a documented example. */
function validValueOf(schema: Schema): unknown {
  const variant = schema.anyOf?.[0] ?? schema.oneOf?.[0];
  if (variant) return validValueOf(variant);
  if (schema.enum && schema.enum.length > 0) return schema.enum[0];
  switch (schema.type) {
    case 'object':
      return Object.fromEntries(
        (schema.required ?? []).map((name) => [name, validValueOf(schema.properties?.[name] ?? {})]),
      );
    case 'array':
      return [];
    case 'integer':
    case 'number':
      return Math.max(1, schema.minimum ?? 1);
    case 'boolean':
      return true;
    case 'string':
      if (schema.format === 'date-time') return new Date().toISOString();
      if (schema.format === 'date') return '1990-04-01';
      if (schema.format === 'uuid') return '0192f3a4-5b6c-7d8e-9f01-23456789abcd';
      return 'fuzz-valid-text';
    default:
      return 'fuzz-valid-text';
  }
}

/** Placeholders replaced in the serialised body by raw JSON that JSON.stringify cannot produce. */
const RAW = '\u0001raw\u0001';

/** Values put in place of one field. `raw` ones are JSON text, inserted as they are. */
const FIELD_VALUES: Array<{ label: string; value?: unknown; raw?: string; absent?: true }> = [
  { label: 'missing', absent: true },
  { label: 'null', value: null },
  { label: 'number', value: 12345 },
  { label: 'boolean', value: true },
  { label: 'array', value: ['FuzzArrayItem'] },
  { label: 'object', value: { fuzzNested: 'FuzzObjectValue' } },
  { label: 'string', value: 'FuzzWrongTypeText' },
  { label: 'empty string', value: '' },
  { label: 'NUL', value: 'Fuzz\u0000NulValue' },
  { label: 'lone high surrogate', value: 'Fuzz\ud800LoneHigh' },
  { label: 'lone low surrogate', value: '\udc00FuzzLoneLow' },
  { label: 'control characters', value: 'Fuzz\u0007\u001bControl' },
  { label: 'impossible date', value: '2026-02-30T10:00:00Z' },
  { label: 'year 0', value: '0000-01-01T00:00:00Z' },
  { label: 'year 9999', value: '9999-12-31T23:59:59Z' },
  { label: 'old date of birth', value: '1800-01-01' },
  { label: 'impossible calendar date', value: '1990-02-30' },
  { label: 'tiny number', raw: '1e-9' },
  { label: 'huge number', raw: '1e308' },
  { label: 'overflowing number', raw: '1e400' },
  { label: 'negative zero', raw: '-0.0' },
  { label: 'unsafe integer', raw: '9007199254740993' },
  { label: 'NaN string', value: 'NaN' },
  { label: 'Infinity string', value: 'Infinity' },
  { label: 'negative', value: -1 },
  { label: 'long string', value: `FuzzLong${'x'.repeat(5000)}` },
  { label: 'long array', value: Array.from({ length: 2000 }, () => 'item') },
  { label: 'deep objects', raw: `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}` },
  { label: 'deep arrays', raw: `${'['.repeat(2500)}${']'.repeat(2500)}` },
  {
    label: 'prototype keys',
    raw: '{"__proto__":{"polluted":"FuzzPolluted"},"constructor":{"prototype":{"x":1}}}',
  },
];

const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'prototype'];

const WHOLE_BODIES: Array<{ label: string; body: string; contentType: string | null; marker?: string }> = [
  {
    label: 'JSON string body',
    body: '"Zq55Jane Doe"',
    contentType: 'application/json',
    marker: 'Zq55Jane Doe',
  },
  {
    label: 'truncated JSON',
    body: '{"summary":"Zq56Jane Doe"',
    contentType: 'application/json',
    marker: 'Zq56Jane Doe',
  },
  {
    label: 'not JSON',
    body: 'Zq57Jane Doe lives here',
    contentType: 'application/json',
    marker: 'Zq57Jane Doe',
  },
  { label: 'text/plain', body: 'Zq58Jane Doe lives here', contentType: 'text/plain', marker: 'Zq58Jane Doe' },
  {
    label: 'form',
    body: 'name=Zq59Jane+Doe',
    contentType: 'application/x-www-form-urlencoded',
    marker: 'Zq59Jane',
  },
  { label: 'array body', body: '[{"FuzzArrayBody":1}]', contentType: 'application/json' },
  { label: 'empty object', body: '{}', contentType: 'application/json' },
  { label: 'deep body', body: `${'['.repeat(3000)}${']'.repeat(3000)}`, contentType: 'application/json' },
];

/** Path parameter values, already percent-encoded; `sent` is what the server decodes, for the echo check. */
const PATH_VALUES: Array<{ label: string; encoded: string; sent?: string }> = [
  { label: 'NUL', encoded: '%00' },
  { label: 'NUL after text', encoded: 'FuzzPath%00Nul', sent: 'FuzzPath\u0000Nul' },
  { label: 'lone surrogate (CESU bytes)', encoded: '%ED%A0%80' },
  { label: 'broken percent-encoding', encoded: '%E0%A4%A' },
  { label: 'not a uuid', encoded: 'FuzzNotAUuid', sent: 'FuzzNotAUuid' },
  { label: 'unknown uuid', encoded: '0192f3a4-5b6c-7d8e-9f01-23456789abcd' },
  { label: 'uppercase uuid', encoded: '0192F3A4-5B6C-7D8E-9F01-23456789ABCD' },
  { label: 'long', encoded: `FuzzLongPath${'y'.repeat(500)}`, sent: `FuzzLongPath${'y'.repeat(500)}` },
  { label: 'traversal', encoded: '..%2F..%2FFuzzTraversal', sent: '../../FuzzTraversal' },
  { label: 'subject-like', encoded: 'subj-0192f3a4-5b6c-7d8e-9f01-23456789abcd' },
];

/** Query values as raw `name=value` text (already encoded), with what the server decodes. */
const QUERY_VALUES: Array<{ label: string; text: (name: string) => string; sent?: string }> = [
  { label: 'impossible date', text: (n) => `${n}=2026-02-30T10:00:00Z` },
  { label: 'year 0', text: (n) => `${n}=0000-01-01T00:00:00Z` },
  { label: 'year 9999', text: (n) => `${n}=9999-12-31T23:59:59Z` },
  { label: 'date without zone', text: (n) => `${n}=2026-11-23T10:00:00` },
  { label: 'NUL', text: (n) => `${n}=%00FuzzQueryNul`, sent: '\u0000FuzzQueryNul' },
  { label: 'lone surrogate bytes', text: (n) => `${n}=%ED%A0%80FuzzQuery` },
  { label: 'text', text: (n) => `${n}=FuzzQueryText`, sent: 'FuzzQueryText' },
  { label: 'empty', text: (n) => `${n}=` },
  { label: 'negative', text: (n) => `${n}=-1` },
  { label: 'huge', text: (n) => `${n}=1e308` },
  { label: 'unsafe integer', text: (n) => `${n}=99999999999999999999` },
  { label: 'repeated', text: (n) => `${n}=FuzzRepeatOne&${n}=FuzzRepeatTwo`, sent: 'FuzzRepeatOne' },
  { label: 'nested', text: (n) => `${n}[FuzzKey]=FuzzNestedQuery`, sent: 'FuzzNestedQuery' },
  { label: 'prototype key', text: () => `__proto__[x]=FuzzProtoQuery`, sent: 'FuzzProtoQuery' },
  { label: 'unknown parameter', text: () => `fuzzUnknown=FuzzUnknownQuery`, sent: 'FuzzUnknownQuery' },
];

export interface PathValues {
  /** A value that passes for each parameter name (a real incident id, a subject reference). */
  [parameter: string]: string;
}

/** `count` requests, the same for the same seed. */
export function fuzzRequests(
  operations: readonly Operation[],
  valid: PathValues,
  seed: number,
  count: number,
): FuzzRequest[] {
  const choice = fc.record({
    operation: fc.integer({ min: 0, max: operations.length - 1 }),
    target: fc.constantFrom('body', 'body', 'body', 'prototype-key', 'whole-body', 'path', 'query', 'query'),
    pick: fc.nat(),
    value: fc.nat(),
  });
  return fc
    .sample(choice, { seed, numRuns: count })
    .map(({ operation, target, pick, value }) =>
      requestFor(operations[operation], target, pick, value, valid),
    );
}

function requestFor(
  operation: Operation,
  target: string,
  pick: number,
  valueIndex: number,
  valid: PathValues,
): FuzzRequest {
  const pathValues = Object.fromEntries(
    operation.pathParams.map((name) => [name, encodeURIComponent(valid[name] ?? 'x')]),
  );
  const sentStrings: string[] = [];
  let query = '';
  let body: string | null = operation.baseBody === undefined ? null : JSON.stringify(operation.baseBody);
  let contentType: string | null = body === null ? null : 'application/json';
  let kind: string;
  collectStrings(operation.baseBody, sentStrings);

  // A route without a body or parameters still gets body fuzzing: what it should ignore or refuse.
  const effective =
    target === 'path' && operation.pathParams.length === 0
      ? 'query'
      : target === 'query' && operation.queryParams.length === 0 && operation.baseBody !== undefined
        ? 'body'
        : target;

  if (effective === 'path') {
    const name = operation.pathParams[pick % operation.pathParams.length];
    const chosen = PATH_VALUES[valueIndex % PATH_VALUES.length];
    pathValues[name] = chosen.encoded;
    if (chosen.sent) sentStrings.push(chosen.sent);
    kind = `path ${name}: ${chosen.label}`;
  } else if (effective === 'query') {
    const names = operation.queryParams.length > 0 ? operation.queryParams : ['fuzz'];
    const name = names[pick % names.length];
    const chosen = QUERY_VALUES[valueIndex % QUERY_VALUES.length];
    query = `?${chosen.text(name)}`;
    if (chosen.sent) sentStrings.push(chosen.sent);
    kind = `query ${name}: ${chosen.label}`;
  } else if (effective === 'whole-body') {
    const chosen = WHOLE_BODIES[valueIndex % WHOLE_BODIES.length];
    body = chosen.body;
    contentType = chosen.contentType;
    if (chosen.marker) sentStrings.push(chosen.marker);
    kind = `body: ${chosen.label}`;
  } else if (effective === 'prototype-key') {
    const base = isObject(operation.baseBody) ? operation.baseBody : {};
    const objects = objectPaths(base);
    const at = objects[pick % objects.length];
    const key = PROTOTYPE_KEYS[valueIndex % PROTOTYPE_KEYS.length];
    body = withPrototypeKey(base, at, key);
    contentType = 'application/json';
    kind = `body ${at.join('.') || '(root)'}: prototype key ${key}`;
  } else {
    const base = isObject(operation.baseBody) ? operation.baseBody : {};
    const fields = fieldPaths(base, operation.bodySchema);
    const field = fields.length > 0 ? fields[pick % fields.length] : ['fuzzUnknownField'];
    const chosen = FIELD_VALUES[valueIndex % FIELD_VALUES.length];
    body = withField(base, field, chosen);
    contentType = 'application/json';
    collectStrings(chosen.value, sentStrings);
    kind = `body ${field.join('.')}: ${chosen.label}`;
  }
  const path =
    operation.template.replace(/\{([^}]+)\}/g, (_m, name: string) => pathValues[name] ?? 'x') + query;
  return {
    operation,
    kind,
    path,
    body,
    contentType,
    sentStrings: [...new Set(sentStrings.filter((s) => s.length >= 6))],
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function collectStrings(value: unknown, into: string[]): void {
  const stack = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node === 'string') into.push(node);
    else if (Array.isArray(node)) stack.push(...node);
    else if (isObject(node)) stack.push(...Object.values(node));
  }
}

/** Paths of every field of the base body and of every documented (optional) field it leaves out. */
function fieldPaths(base: Record<string, unknown>, schema: Schema | null): string[][] {
  const paths: string[][] = [];
  const walk = (value: unknown, node: Schema | undefined, path: string[]) => {
    const keys = new Set([
      ...Object.keys(isObject(value) ? value : {}),
      ...Object.keys(node?.properties ?? {}),
    ]);
    for (const key of keys) {
      const child = isObject(value) ? value[key] : undefined;
      paths.push([...path, key]);
      if (isObject(child) || (!child && node?.properties?.[key]?.type === 'object')) {
        walk(child, node?.properties?.[key], [...path, key]);
      }
      if (Array.isArray(child) && child.length > 0) paths.push([...path, key, '0']);
    }
  };
  walk(base, schema ?? undefined, []);
  return paths;
}

function objectPaths(base: Record<string, unknown>): string[][] {
  const paths: string[][] = [[]];
  const stack: Array<{ value: Record<string, unknown>; path: string[] }> = [{ value: base, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    for (const [key, child] of Object.entries(value)) {
      if (isObject(child)) {
        paths.push([...path, key]);
        stack.push({ value: child, path: [...path, key] });
      }
    }
  }
  return paths;
}

function withField(
  base: Record<string, unknown>,
  path: string[],
  chosen: { value?: unknown; raw?: string; absent?: true },
): string {
  const copy = structuredClone(base);
  let node: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) {
    if (!isObject(node[key]) && !Array.isArray(node[key])) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  const last = path[path.length - 1];
  if (chosen.absent) delete node[last];
  else node[last] = chosen.raw !== undefined ? RAW : chosen.value;
  const text = JSON.stringify(copy);
  return chosen.raw !== undefined ? text.replace(JSON.stringify(RAW), chosen.raw) : text;
}

function withPrototypeKey(base: Record<string, unknown>, at: string[], key: string): string {
  const copy = structuredClone(base);
  let node: Record<string, unknown> = copy;
  for (const part of at) node = node[part] as Record<string, unknown>;
  // Assigning `__proto__` on an object would set its prototype, not add a key: insert it as text instead.
  node[RAW] = 1;
  return JSON.stringify(copy).replace(`${JSON.stringify(RAW)}:1`, `"${key}":{"polluted":"FuzzPolluted"}`);
}

import type { EventEnvelope } from '../envelope';
import { EventEnvelopeSchema } from '../envelope-schema';
import { EVENT_DEFINITIONS, type EventType } from '../registry';
import { JsonSchemaBuilder, type JsonSchema } from '../schema/json-schema';
import { sampleEnvelope } from './sample-events';

/**
 * Boundary values of every field of an event type, derived from the same class-validator classes the validators
 * use (through their JSON Schema), so a field or a bound added later is covered without touching the tests that
 * use them. Each variant is the sample envelope (sample-events.ts) with one field changed: just inside and just
 * outside each bound, null, absent, the wrong type, impossible dates.
 */
export interface BoundaryVariant {
  /** For example `data.subject.ageYears = 131`. */
  name: string;
  envelope: EventEnvelope;
}

const ABSENT = Symbol('absent');
type Value = unknown | typeof ABSENT;

const INSTANTS = [
  '1900-01-01T00:00:00Z',
  '2100-12-31T23:59:59.999+01:00',
  '2028-02-29T12:00:00Z',
  '2026-02-30T10:00:00Z',
  '2027-02-29T10:00:00Z',
  '2026-01-01T24:00:00Z',
  '0000-01-01T00:00:00Z',
  '1899-12-31T23:59:59Z',
  '2101-01-01T00:00:00Z',
  '2026-11-23T21:04:00',
];
const DATES = ['1900-01-01', '2000-02-29', '1990-02-30', '1899-12-31', '1800-01-01', '2101-01-01'];

function typesOf(schema: JsonSchema): string[] {
  const type = schema.type;
  return Array.isArray(type) ? (type as string[]) : typeof type === 'string' ? [type] : [];
}

function valuesFor(schema: JsonSchema): Value[] {
  const values: Value[] = [null, ABSENT];
  const types = typesOf(schema);
  const number = (key: string) => (typeof schema[key] === 'number' ? (schema[key] as number) : undefined);
  if (Array.isArray(schema.enum)) values.push('not-in-the-vocabulary', schema.enum[0]);
  if (types.includes('integer') || types.includes('number')) {
    for (const bound of [number('minimum'), number('maximum')]) {
      if (bound !== undefined) values.push(bound - 1, bound, bound + 1);
    }
    values.push(1.5, '1');
  }
  if (types.includes('string')) {
    values.push(42);
    const min = number('minLength');
    const max = number('maxLength');
    if (min !== undefined) values.push('x'.repeat(Math.max(0, min - 1)));
    if (max !== undefined) values.push('x'.repeat(max), 'x'.repeat(max + 1));
    if (schema.format === 'date-time') values.push(...INSTANTS);
    if (schema.format === 'date') values.push(...DATES);
    if (schema.format === 'uuid') values.push('not-a-uuid');
  }
  if (types.includes('boolean')) values.push('true', true);
  if (types.includes('array')) {
    const items = (schema.items ?? {}) as { enum?: unknown[] };
    values.push([], 'not-an-array');
    if (Array.isArray(items.enum)) values.push(['not-in-the-vocabulary']);
    if (typeof schema.maxItems === 'number')
      values.push(Array.from({ length: schema.maxItems + 1 }, (_, index) => items.enum?.[0] ?? `x${index}`));
  }
  return values;
}

function resolve(schema: JsonSchema, defs: Record<string, JsonSchema>): JsonSchema {
  if (typeof schema.$ref === 'string') return defs[schema.$ref.split('/').pop()!];
  const anyOf = schema.anyOf as JsonSchema[] | undefined;
  const ref = anyOf?.find((option) => typeof option.$ref === 'string');
  return ref ? defs[(ref.$ref as string).split('/').pop()!] : schema;
}

function withValue(root: unknown, path: readonly string[], value: Value): unknown {
  const copy = structuredClone(root) as Record<string, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  const last = path[path.length - 1];
  if (value === ABSENT) delete node[last];
  else node[last] = value;
  return copy;
}

function* variantsOf(
  schema: JsonSchema,
  defs: Record<string, JsonSchema>,
  sample: unknown,
  path: string[],
): Generator<{ path: string[]; value: Value }> {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  for (const [property, propertySchema] of Object.entries(properties)) {
    const here = [...path, property];
    const resolved = resolve(propertySchema, defs);
    const current = (sample as Record<string, unknown> | undefined)?.[property];
    if (resolved !== propertySchema || resolved.properties) {
      yield { path: here, value: null };
      yield { path: here, value: ABSENT };
      yield { path: here, value: 'not-an-object' };
      if (current && typeof current === 'object') yield* variantsOf(resolved, defs, current, here);
      continue;
    }
    for (const value of valuesFor(propertySchema)) yield { path: here, value };
  }
}

function describeValue(value: Value): string {
  if (value === ABSENT) return '(absent)';
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 20)}…(${text.length} chars)` : text;
}

/** The boundary variants of one event type: its envelope fields and its data. */
export function boundaryVariants(type: EventType): BoundaryVariant[] {
  const base = sampleEnvelope(type);
  const builder = new JsonSchemaBuilder();
  const envelopeSchema = builder.objectSchema(EventEnvelopeSchema);
  const dataSchema = builder.objectSchema(EVENT_DEFINITIONS[type].payload);
  const variants: BoundaryVariant[] = [];
  const envelopeFields = ['actor', 'occurredAt', 'correlationId', 'causationId', 'traceparent'];
  const envelopeOnly = {
    ...envelopeSchema,
    properties: Object.fromEntries(
      Object.entries(envelopeSchema.properties as Record<string, JsonSchema>).filter(([name]) =>
        envelopeFields.includes(name),
      ),
    ),
  };
  for (const { path, value } of variantsOf(envelopeOnly, builder.defs, base, [])) {
    variants.push({
      name: `${path.join('.')} = ${describeValue(value)}`,
      envelope: withValue(base, path, value) as EventEnvelope,
    });
  }
  for (const { path, value } of variantsOf(dataSchema, builder.defs, base.data, [])) {
    variants.push({
      name: `data.${path.join('.')} = ${describeValue(value)}`,
      envelope: { ...base, data: withValue(base.data, path, value) },
    });
  }
  return variants;
}

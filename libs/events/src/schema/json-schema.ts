import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { nestedClassOf } from './decorators';

/**
 * JSON Schema (draft 2020-12) generated from class-validator metadata, so the payload classes stay the one
 * source of truth. It understands exactly the decorators this library uses and throws on any other, so a
 * new decorator cannot silently vanish from the published schema.
 */
export type JsonSchema = { [key: string]: unknown };
type SchemaClass = abstract new () => object;

export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

/** Maps one class-validator constraint to schema keywords. */
function keywordsOf(meta: ValidationMetadata): JsonSchema {
  const [first] = meta.constraints ?? [];
  switch (meta.name) {
    case 'isString':
      return { type: 'string' };
    case 'isInt':
      return { type: 'integer' };
    case 'isNumber':
      return { type: 'number' };
    case 'isBoolean':
      return { type: 'boolean' };
    case 'isObject':
      return { type: 'object' };
    case 'isArray':
      return { type: 'array' };
    case 'isIn':
      return { enum: [...(first as readonly unknown[])] };
    case 'minLength':
      return { minLength: first };
    case 'maxLength':
      return { maxLength: first };
    case 'min':
      return { minimum: first };
    case 'max':
      return { maximum: first };
    case 'arrayMaxSize':
      return { maxItems: first };
    case 'arrayMinSize':
      return { minItems: first };
    case 'matches':
      return { pattern: (first as RegExp).source };
    case 'isUuid':
      return { type: 'string', format: 'uuid' };
    case 'isInstant':
      return { type: 'string', format: 'date-time' };
    case 'isCalendarDate':
      return { type: 'string', format: 'date' };
    case 'isInstantOrLondonDate':
      // A date is the start of that day in Europe/London (london-day.ts); the routes' parameters say so.
      return { type: 'string', anyOf: [{ format: 'date-time' }, { format: 'date' }] };
    case 'deprecatedNameOf':
      // @rcrp/http's DeprecatedNameOf: an old request field name read for one release.
      return {
        deprecated: true,
        description: `Deprecated: the old name of \`${String(first)}\`; send that instead.`,
      };
    case 'maxDecimalPlaces':
      // @rcrp/http's MaxDecimalPlaces (class-validator's own option throws on 1e-9).
      return { multipleOf: Number((10 ** -(first as number)).toFixed(first as number)) };
    default:
      throw new Error(`json-schema: no mapping for class-validator constraint ${meta.name ?? meta.type}`);
  }
}

function nullable(schema: JsonSchema): JsonSchema {
  if (typeof schema.type === 'string') {
    const widened: JsonSchema = { ...schema, type: [schema.type, 'null'] };
    if (Array.isArray(schema.enum)) widened.enum = [...schema.enum, null];
    return widened;
  }
  return { anyOf: [schema, { type: 'null' }] };
}

/** Builds schemas for a class and every class nested in it, collecting nested ones into `defs`. */
export class JsonSchemaBuilder {
  readonly defs: Record<string, JsonSchema> = {};
  private readonly seen = new Map<string, SchemaClass>();

  constructor(private readonly refPrefix = '#/$defs/') {}

  /** The object schema of `target` (inline); nested classes become `$ref`s into `defs`. */
  objectSchema(target: SchemaClass): JsonSchema {
    const metadata = getMetadataStorage().getTargetValidationMetadatas(target as never, '', true, false);
    const byProperty = new Map<string, ValidationMetadata[]>();
    for (const meta of metadata) {
      byProperty.set(meta.propertyName, [...(byProperty.get(meta.propertyName) ?? []), meta]);
    }
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const [property, metas] of byProperty) {
      const optional = metas.some(
        (meta) => meta.type === 'conditionalValidation' && meta.name === 'isOptional',
      );
      const schema = this.propertySchema(target, property, metas);
      properties[property] = optional ? nullable(schema) : schema;
      if (!optional) required.push(property);
    }
    return { type: 'object', properties, required, additionalProperties: false };
  }

  /** A `$ref` to `target`'s schema, registering it in `defs`. */
  refTo(target: SchemaClass): JsonSchema {
    const name = target.name;
    const known = this.seen.get(name);
    if (known && known !== target) throw new Error(`json-schema: two classes are named ${name}`);
    if (!known) {
      this.seen.set(name, target);
      this.defs[name] = this.objectSchema(target);
    }
    return { $ref: `${this.refPrefix}${name}` };
  }

  private propertySchema(target: SchemaClass, property: string, metas: ValidationMetadata[]): JsonSchema {
    const own: JsonSchema = {};
    const items: JsonSchema = {};
    let nestedEach = false;
    let nested = false;
    for (const meta of metas) {
      if (meta.type === 'conditionalValidation') continue;
      if (meta.type === 'nestedValidation') {
        nested = true;
        nestedEach = meta.each === true;
        continue;
      }
      Object.assign(meta.each ? items : own, keywordsOf(meta));
    }
    if (nested) {
      const nestedClass = nestedClassOf(target as new () => object, property);
      if (!nestedClass) throw new Error(`json-schema: ${target.name}.${property} is nested without @Nested`);
      const ref = this.refTo(nestedClass);
      return nestedEach ? { ...own, type: 'array', items: ref } : ref;
    }
    return Object.keys(items).length > 0 ? { ...own, type: 'array', items } : own;
  }
}

/** A standalone schema document for one class, with its nested classes under `$defs`. */
export function jsonSchemaOf(
  target: SchemaClass,
  id: string,
  title: string,
  description?: string,
): JsonSchema {
  const builder = new JsonSchemaBuilder();
  const root = builder.objectSchema(target);
  return withHeader(id, title, description, root, builder.defs);
}

export function withHeader(
  id: string,
  title: string,
  description: string | undefined,
  root: JsonSchema,
  defs: Record<string, JsonSchema>,
): JsonSchema {
  const document: JsonSchema = { $schema: JSON_SCHEMA_DIALECT, $id: id, title };
  if (description) document.description = description;
  Object.assign(document, root);
  if (Object.keys(defs).length > 0) document.$defs = sortKeys(defs);
  return document;
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}

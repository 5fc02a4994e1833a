import { JsonSchemaBuilder, type JsonSchema } from '@rcrp/events';

type SchemaClass = Parameters<JsonSchemaBuilder['objectSchema']>[0];

/**
 * The OpenAPI schema of a request class, from the same class-validator definitions that validate it and that
 * generate docs/schemas (one source of truth). OpenAPI 3.0 cannot resolve JSON Schema `$defs`, so references
 * are inlined (the payload classes are not recursive).
 */
export function openApiSchemaOf(target: SchemaClass): Record<string, unknown> {
  const builder = new JsonSchemaBuilder();
  const root = builder.objectSchema(target);
  return inline(root, builder.defs) as Record<string, unknown>;
}

function inline(schema: unknown, defs: Record<string, JsonSchema>): unknown {
  if (Array.isArray(schema)) return schema.map((item) => inline(item, defs));
  if (typeof schema !== 'object' || schema === null) return schema;
  const ref = (schema as { $ref?: unknown }).$ref;
  if (typeof ref === 'string' && ref.startsWith('#/$defs/')) {
    return inline(defs[ref.slice('#/$defs/'.length)], defs);
  }
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([key]) => key !== '$schema' && key !== '$id')
      .map(([key, value]) => [key, inline(value, defs)]),
  );
}

import { EVENT_DEFINITIONS, eventTypesOf, personalFieldsOf } from './registry';
import { JsonSchemaBuilder, type JsonSchema } from './schema/json-schema';
import { SAMPLE_EVENT_DATA } from './testing/sample-events';
import { validateEventData } from './validation';

/** Follows a dotted path through a generated object schema (with `$ref`s into the builder's defs). */
function schemaAt(builder: JsonSchemaBuilder, schema: JsonSchema, path: string[]): JsonSchema | undefined {
  if (path.length === 0) return schema;
  const resolved = typeof schema.$ref === 'string' ? builder.defs[schema.$ref.split('/').pop()!] : schema;
  const anyOf = resolved.anyOf as JsonSchema[] | undefined;
  const target = anyOf ? (anyOf.find((option) => option.$ref) ?? resolved) : resolved;
  const next = typeof target.$ref === 'string' ? builder.defs[target.$ref.split('/').pop()!] : target;
  const child = (next.properties as Record<string, JsonSchema> | undefined)?.[path[0]];
  return child && schemaAt(builder, child, path.slice(1));
}

describe('event definitions', () => {
  const definitions = Object.entries(EVENT_DEFINITIONS);

  it.each(definitions)('%s is keyed by its own PascalCase type', (key, definition) => {
    expect(definition.type).toBe(key);
    expect(key).toMatch(/^[A-Z][A-Za-z0-9]+$/);
    expect(definition.schemaVersion).toBeGreaterThanOrEqual(1);
  });

  it.each(definitions)('%s: every personal field is a real path of its payload', (_type, definition) => {
    const builder = new JsonSchemaBuilder();
    const root = builder.objectSchema(definition.payload);
    for (const path of definition.personalFields) {
      expect({ path, found: schemaAt(builder, root, path.split('.')) !== undefined }).toEqual({
        path,
        found: true,
      });
    }
  });

  it.each(definitions)('%s: the sample payload is valid', (type, definition) => {
    expect(validateEventData(type, definition.schemaVersion, SAMPLE_EVENT_DATA[definition.type])).toEqual([]);
  });

  it('marks names, date of birth and free text of a report as personal, but not the age outcomes needs', () => {
    expect(personalFieldsOf('IncidentReported')).toEqual([
      'subject.name',
      'subject.dateOfBirth',
      'summary',
      'location.description',
    ]);
    expect(personalFieldsOf('IncidentReported')).not.toContain('subject.ageYears');
    expect(personalFieldsOf('AdviceGiven')).toEqual(['rationale']);
  });

  it('has no personal fields for an unknown type', () => {
    expect(personalFieldsOf('NoSuchEvent')).toEqual([]);
  });

  it('groups event types by stream type', () => {
    expect(eventTypesOf('incident')).toEqual([
      'IncidentReported',
      'IncidentDetailsAmended',
      'IncidentWithdrawn',
    ]);
    expect(eventTypesOf('subject')).toEqual([
      'SubjectDataErased',
      'SubjectProcessingRestricted',
      'SubjectRestrictionLifted',
    ]);
    expect(eventTypesOf('outcome')).toContain('Section136Detained');
    expect(eventTypesOf('triage')).toContain('CallWithdrawn');
  });

  it('cannot be changed at run time', () => {
    expect(Object.isFrozen(EVENT_DEFINITIONS)).toBe(true);
    expect(Object.isFrozen(EVENT_DEFINITIONS.IncidentReported.personalFields)).toBe(true);
  });
});

import { stringify } from 'yaml';
import { ACTOR_ROLES, DLQ_HEADERS, EVENT_HEADERS, PARKING_HEADERS, REDRIVE_HEADERS } from '../envelope';
import { EventEnvelopeSchema } from '../envelope-schema';
import type { EventDefinition } from '../event-definition';
import { INCIDENT_REPORT_MESSAGE } from '../incident-report';
import { EVENT_DEFINITIONS } from '../registry';
import { deadLetterTopic, TOPIC_OF_STREAM, TOPIC_OWNERS, TOPICS, type Topic } from '../topics';
import { JsonSchemaBuilder, jsonSchemaOf, withHeader, type JsonSchema } from './json-schema';

/**
 * Generates the published contract from the event definitions: `docs/asyncapi.yaml` (AsyncAPI 3.0.0) and
 * one JSON Schema per message under `docs/schemas/`. Pure and deterministic, so a unit test can regenerate
 * it in memory and compare with the committed files (`npm run asyncapi` writes them).
 */
export interface ContractDocs {
  asyncapiYaml: string;
  /** File name (`IncidentReported.json`) -> file content. */
  schemas: Record<string, string>;
}

const SCHEMA_ID_BASE = 'urn:rcrp:schema:';
const KAFKA_BINDING_VERSION = '0.5.0';
const ENVELOPE_SCHEMA = 'EventEnvelope';
const DEAD_LETTER = 'DeadLetter';

interface ChannelSpec {
  key: string;
  topic: Topic;
  title: string;
  description: string;
  owner: string;
  messages: string[];
  /** `send`: the owner publishes it; `receive`: the owner consumes it (inbound from external systems). */
  action: 'send' | 'receive';
}

function eventSchema(definition: EventDefinition): JsonSchema {
  const builder = new JsonSchemaBuilder();
  const envelope = builder.objectSchema(EventEnvelopeSchema);
  const properties = envelope.properties as Record<string, JsonSchema>;
  properties.type = { const: definition.type };
  properties.schemaVersion = { const: definition.schemaVersion };
  properties.data = builder.refTo(definition.payload);
  const schema = withHeader(
    `${SCHEMA_ID_BASE}${definition.type}:v${definition.schemaVersion}`,
    `${definition.type} v${definition.schemaVersion}`,
    definition.description,
    envelope,
    builder.defs,
  );
  schema['x-stream-type'] = definition.streamType;
  schema['x-personal-fields'] = [...definition.personalFields];
  return schema;
}

function schemaFiles(definitions: readonly EventDefinition[]): Record<string, JsonSchema> {
  const files: Record<string, JsonSchema> = {
    [`${ENVELOPE_SCHEMA}.json`]: jsonSchemaOf(
      EventEnvelopeSchema,
      `${SCHEMA_ID_BASE}${ENVELOPE_SCHEMA}`,
      'Event envelope',
      'Every event, in the store and on Kafka (DESIGN §3); `data` is the payload of `type` at `schemaVersion`.',
    ),
    [`${INCIDENT_REPORT_MESSAGE.name}.json`]: jsonSchemaOf(
      INCIDENT_REPORT_MESSAGE.payload,
      `${SCHEMA_ID_BASE}${INCIDENT_REPORT_MESSAGE.name}:v${INCIDENT_REPORT_MESSAGE.schemaVersion}`,
      `${INCIDENT_REPORT_MESSAGE.name} v${INCIDENT_REPORT_MESSAGE.schemaVersion}`,
      INCIDENT_REPORT_MESSAGE.description,
    ),
  };
  for (const definition of definitions) files[`${definition.type}.json`] = eventSchema(definition);
  return files;
}

function channelSpecs(definitions: readonly EventDefinition[]): ChannelSpec[] {
  const typesOn = (topic: Topic) =>
    definitions.filter((definition) => TOPIC_OF_STREAM[definition.streamType] === topic).map((d) => d.type);
  const main: ChannelSpec[] = [
    {
      key: 'incidentsInbound',
      topic: TOPICS.incidentsInbound,
      title: 'Inbound incident reports',
      description:
        'Reports published by external systems. Key: `source.externalRef` (the system has no incident id yet); ' +
        'a report whose external reference intake has already seen is the same incident.',
      owner: TOPIC_OWNERS[TOPICS.incidentsInbound],
      messages: [INCIDENT_REPORT_MESSAGE.name],
      action: 'receive',
    },
    {
      key: 'intakeEvents',
      topic: TOPICS.intakeEvents,
      title: 'Intake events',
      description:
        'The incident (and subject) streams of intake. Key: incidentId. Kept forever: a replay source.',
      owner: TOPIC_OWNERS[TOPICS.intakeEvents],
      messages: typesOn(TOPICS.intakeEvents),
      action: 'send',
    },
    {
      key: 'triageEvents',
      topic: TOPICS.triageEvents,
      title: 'Triage events',
      description: 'The triage streams. Key: incidentId. Kept forever: a replay source.',
      owner: TOPIC_OWNERS[TOPICS.triageEvents],
      messages: typesOn(TOPICS.triageEvents),
      action: 'send',
    },
    {
      key: 'outcomesEvents',
      topic: TOPICS.outcomesEvents,
      title: 'Outcome events',
      description: 'The outcome streams (section 136 and dispositions). Key: incidentId. Kept forever.',
      owner: TOPIC_OWNERS[TOPICS.outcomesEvents],
      messages: typesOn(TOPICS.outcomesEvents),
      action: 'send',
    },
  ];
  const deadLetters = main.map<ChannelSpec>((channel) => ({
    key: `${channel.key}Dlq`,
    topic: deadLetterTopic(channel.topic) as Topic,
    title: `${channel.title}: dead letters`,
    description: `Messages of ${channel.topic} a consumer could not process: the original bytes and headers plus the error headers.`,
    owner: 'every consumer of the source topic',
    messages: [DEAD_LETTER],
    action: 'send',
  }));
  return [...main, ...deadLetters];
}

const KEY_BINDING = {
  kafka: {
    key: { type: 'string', format: 'uuid', description: 'incidentId' },
    bindingVersion: KAFKA_BINDING_VERSION,
  },
};

function messages(definitions: readonly EventDefinition[]): Record<string, JsonSchema> {
  const result: Record<string, JsonSchema> = {};
  for (const definition of definitions) {
    result[definition.type] = {
      name: definition.type,
      title: `${definition.type} v${definition.schemaVersion}`,
      summary: definition.description,
      contentType: 'application/json',
      headers: { $ref: '#/components/schemas/EventHeaders' },
      payload: { $ref: `schemas/${definition.type}.json` },
      bindings: KEY_BINDING,
      'x-stream-type': definition.streamType,
      'x-personal-fields': [...definition.personalFields],
    };
  }
  result[INCIDENT_REPORT_MESSAGE.name] = {
    name: INCIDENT_REPORT_MESSAGE.name,
    title: `${INCIDENT_REPORT_MESSAGE.name} v${INCIDENT_REPORT_MESSAGE.schemaVersion}`,
    summary: INCIDENT_REPORT_MESSAGE.description,
    contentType: 'application/json',
    payload: { $ref: `schemas/${INCIDENT_REPORT_MESSAGE.name}.json` },
    bindings: {
      kafka: {
        key: { type: 'string', description: 'source.externalRef' },
        bindingVersion: KAFKA_BINDING_VERSION,
      },
    },
  };
  result[DEAD_LETTER] = {
    name: DEAD_LETTER,
    title: 'Dead letter',
    summary:
      'The original message value, unchanged (any bytes), with its original headers and the error headers.',
    contentType: 'application/octet-stream',
    headers: { $ref: '#/components/schemas/DeadLetterHeaders' },
    payload: { description: 'The original message value, byte for byte.' },
  };
  return result;
}

function headerSchemas(): Record<string, JsonSchema> {
  const text = (description: string) => ({ type: 'string', description });
  return {
    EventHeaders: {
      type: 'object',
      properties: {
        [EVENT_HEADERS.eventType]: text('The envelope `type`.'),
        [EVENT_HEADERS.schemaVersion]: text('The envelope `schemaVersion`, as a decimal string.'),
        [EVENT_HEADERS.eventId]: text("The envelope `eventId` (UUID v7): the consumers' deduplication key."),
        [EVENT_HEADERS.traceparent]: text('W3C traceparent; absent when the event was not traced.'),
        [REDRIVE_HEADERS.redrivenFrom]: text(
          'Only on a record published again by `npm run dlq -- redrive`: the dead letter it came from, `<dlq topic>/<partition>/<offset>`.',
        ),
        [REDRIVE_HEADERS.redrivenBy]: text('Only on a redriven record: who redrove it.'),
        [REDRIVE_HEADERS.redriveId]: text(
          'Only on a redriven record: the redrive it belongs to; the consumer that parked its incident lets it through.',
        ),
        [REDRIVE_HEADERS.redriveLast]: text(
          "Only on a redriven record: `true` on the last of its incident's, whose effect unparks the incident.",
        ),
      },
      required: [EVENT_HEADERS.eventType, EVENT_HEADERS.schemaVersion, EVENT_HEADERS.eventId],
    },
    DeadLetterHeaders: {
      type: 'object',
      description: 'The original headers are kept as they were, next to these.',
      properties: {
        [DLQ_HEADERS.error]: text('Why the message was refused.'),
        [DLQ_HEADERS.stage]: text(
          'Where it failed: decode, validate, handle, or parked (held behind an earlier dead letter).',
        ),
        [DLQ_HEADERS.sourceTopic]: text('The topic the message was read from.'),
        [DLQ_HEADERS.sourcePartition]: text('Its partition, as a decimal string.'),
        [DLQ_HEADERS.sourceOffset]: text('Its offset, as a decimal string.'),
        [PARKING_HEADERS.consumerGroup]: text('The consumer group that refused or held it.'),
        [PARKING_HEADERS.parkedBehind]: text(
          'On a record not tried because an earlier record of its incident is a dead letter (x-error-stage `parked`): that dead letter, `<dlq topic>/<partition>/<offset>`.',
        ),
      },
      required: Object.values(DLQ_HEADERS),
    },
  };
}

function asyncApiDocument(definitions: readonly EventDefinition[]): JsonSchema {
  const specs = channelSpecs(definitions);
  const channels: Record<string, JsonSchema> = {};
  const operations: Record<string, JsonSchema> = {};
  for (const spec of specs) {
    channels[spec.key] = {
      address: spec.topic,
      title: spec.title,
      description: spec.description,
      messages: Object.fromEntries(
        spec.messages.map((name) => [name, { $ref: `#/components/messages/${name}` }]),
      ),
      bindings: {
        kafka: {
          topic: spec.topic,
          ...(spec.key.endsWith('Dlq') || spec.key === 'incidentsInbound'
            ? {}
            : { topicConfiguration: { 'retention.ms': -1 } }),
          bindingVersion: KAFKA_BINDING_VERSION,
        },
      },
    };
    operations[`${spec.action}${spec.key[0].toUpperCase()}${spec.key.slice(1)}`] = {
      action: spec.action,
      channel: { $ref: `#/channels/${spec.key}` },
      summary: `${spec.action === 'send' ? 'Published' : 'Consumed'} by ${spec.owner}.`,
      messages: spec.messages.map((name) => ({ $ref: `#/channels/${spec.key}/messages/${name}` })),
    };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'RCRP case tracker events',
      version: '1.0.0',
      description:
        'Every topic and message of the RCRP case tracker, generated from libs/events by `npm run asyncapi`. ' +
        'Do not edit by hand. Every topic has the same partition count (KAFKA_PARTITIONS). ' +
        `Actor roles: ${ACTOR_ROLES.join(', ')}. ` +
        '`x-personal-fields` lists the dotted paths of `data` encrypted with the subject key (DESIGN §6).',
    },
    defaultContentType: 'application/json',
    servers: {
      local: {
        host: '127.0.0.1:9092',
        protocol: 'kafka',
        description: 'Development broker (KAFKA_BROKERS).',
      },
    },
    channels,
    operations,
    components: { messages: messages(definitions), schemas: headerSchemas() },
  };
}

export function generateContractDocs(
  definitions: readonly EventDefinition[] = Object.values(EVENT_DEFINITIONS),
): ContractDocs {
  const schemas = Object.fromEntries(
    Object.entries(schemaFiles(definitions)).map(([file, schema]) => [
      file,
      `${JSON.stringify(schema, null, 2)}\n`,
    ]),
  );
  const asyncapiYaml =
    '# Generated by `npm run asyncapi` from libs/events. Do not edit by hand.\n' +
    stringify(asyncApiDocument(definitions), { aliasDuplicateObjects: false, lineWidth: 0 });
  return { asyncapiYaml, schemas };
}

import {
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { ACTOR_ROLES, type ActorRole, type EventEnvelope } from './envelope';
import { IsInstant, Nested } from './schema/decorators';

/**
 * The envelope of envelope.ts as a class-validator class: validates incoming envelopes (validation.ts) and
 * generates the envelope's JSON Schema. The compiler checks it has exactly the fields of `EventEnvelope`.
 */

export class ActorSchema {
  @IsString() @MinLength(1) @MaxLength(200) id: string;
  @IsIn(ACTOR_ROLES) role: ActorRole;
}

const STREAM_ID = /^(incident|triage|outcome|subject)-.+$/;
const TYPE_NAME = /^[A-Z][A-Za-z0-9]*$/;
const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

export class EventEnvelopeSchema {
  @IsUUID() eventId: string;
  @IsString() @Matches(TYPE_NAME) type: string;
  @IsInt() @Min(1) schemaVersion: number;
  @IsUUID() incidentId: string;
  @IsString() @Matches(STREAM_ID) @MaxLength(200) streamId: string;
  @IsInt() @Min(1) streamVersion: number;
  @IsInstant() occurredAt: string;
  @IsInstant() recordedAt: string;
  @Nested(() => ActorSchema) actor: ActorSchema;
  @IsString() @MinLength(1) @MaxLength(200) correlationId: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200) causationId: string | null;
  @IsOptional() @IsString() @Matches(TRACEPARENT) traceparent: string | null;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(100) subjectRef: string | null;
  @IsObject() data: object;
}

type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false;
const _envelopeInStep: SameKeys<EventEnvelopeSchema, EventEnvelope> = true;

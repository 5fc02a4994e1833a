import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { EventEnvelope } from './envelope';
import { EventEnvelopeSchema } from './envelope-schema';
import { toFieldErrors, type FieldError, type ValidationResult } from './field-error';
import { eventDefinitionOf, personalFieldsOf, type EventDataOf, type EventType } from './registry';
import { repairEnvelopeTimes, upcast, UpcastError } from './upcasters';

/** An envelope of any known event type, with `type` narrowing `data`. */
export type AnyEventEnvelope = { [T in EventType]: EventEnvelope<T, EventDataOf<T>> }[EventType];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validates a plain JSON value against a payload class: unknown fields are refused (a typo must not be
 * silently dropped from a legal record). Returns the input itself, never a class instance, so what is
 * stored is exactly what was received.
 */
export function validatePayload<T extends object>(
  payloadClass: new () => T,
  plain: unknown,
): ValidationResult<T> {
  if (!isPlainObject(plain)) return { ok: false, errors: [{ path: '', reason: 'must be a JSON object' }] };
  const instance = plainToInstance(payloadClass, plain);
  const errors = validateSync(instance, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
  });
  return errors.length === 0 ? { ok: true, value: plain as T } : { ok: false, errors: toFieldErrors(errors) };
}

/** Field errors of `data` for `type` at `schemaVersion` (paths relative to `data`); empty when valid. */
export function validateEventData(type: string, schemaVersion: number, data: unknown): FieldError[] {
  const definition = eventDefinitionOf(type);
  if (!definition) return [{ path: 'type', reason: `type ${type} is not a known event type` }];
  if (schemaVersion !== definition.schemaVersion) {
    return [
      {
        path: 'schemaVersion',
        reason: `${type} v${schemaVersion} is not the current v${definition.schemaVersion}; upcast it first`,
      },
    ];
  }
  const result = validatePayload(definition.payload, data);
  return result.ok ? [] : result.errors;
}

/** Checks the envelope fields; absent nullable fields become null. */
function validateEnvelopeFields(raw: unknown): ValidationResult<EventEnvelope> {
  const shape = validatePayload(EventEnvelopeSchema, raw);
  if (!shape.ok) return shape;
  const envelope = {
    ...shape.value,
    causationId: shape.value.causationId ?? null,
    traceparent: shape.value.traceparent ?? null,
    subjectRef: shape.value.subjectRef ?? null,
  } as EventEnvelope;
  if (!eventDefinitionOf(envelope.type))
    return {
      ok: false,
      errors: [{ path: 'type', reason: `type ${envelope.type} is not a known event type` }],
    };
  return { ok: true, value: envelope };
}

/** `data` errors with paths (and the reasons that start with them) relative to the envelope. */
function underData(errors: readonly FieldError[]): FieldError[] {
  return errors.map(({ path, reason }) => ({
    path: path ? `data.${path}` : 'data',
    reason: reason.startsWith(path) && path ? `data.${reason}` : reason,
  }));
}

/**
 * Decodes an envelope read from Kafka or the store: checks the envelope fields, upcasts `data` to the
 * current schema version of its type (repairing the historic shapes of upcasters.ts), then validates `data`.
 * Absent nullable fields become null.
 */
export function validateEnvelope(raw: unknown): ValidationResult<AnyEventEnvelope> {
  const fields = validateEnvelopeFields(isPlainObject(raw) ? repairEnvelopeTimes(raw) : raw);
  if (!fields.ok) return fields;
  let current: EventEnvelope;
  try {
    current = upcast(fields.value);
  } catch (error) {
    if (error instanceof UpcastError)
      return { ok: false, errors: [{ path: 'schemaVersion', reason: error.message }] };
    throw error;
  }
  const dataErrors = validateEventData(current.type, current.schemaVersion, current.data).filter(
    (error) => !isProtectedPersonalValue(current, error.path),
  );
  if (dataErrors.length > 0) return { ok: false, errors: underData(dataErrors) };
  return { ok: true, value: current as AnyEventEnvelope };
}

/**
 * The producing side of the same contract (issue 15): an event about to be appended, personal fields still in
 * clear. The same classes and bounds as `validateEnvelope`, with nothing a stored event is forgiven: it must be
 * at the current schema version, no historic shape is repaired and no personal field may stand in as
 * ciphertext. Empty when the event may be stored.
 */
export function validateNewEvent(envelope: EventEnvelope): FieldError[] {
  const fields = validateEnvelopeFields(envelope);
  if (!fields.ok) return fields.errors;
  const current = eventDefinitionOf(envelope.type)!.schemaVersion;
  if (envelope.schemaVersion !== current) {
    return [{ path: 'schemaVersion', reason: `new ${envelope.type} events are written at v${current}` }];
  }
  return underData(validateEventData(envelope.type, envelope.schemaVersion, envelope.data));
}

/**
 * Events leave a service with personal fields encrypted (`enc:v1:…`, DESIGN §6) or, after erasure, as the erased
 * marker; another service cannot decrypt them. Such a value stands where, say, a date of birth should be, so its
 * constraint errors are expected and not a reason to refuse the event: every other field is still validated.
 */
const ENCRYPTED_VALUE_PREFIX = 'enc:v1:';
const ERASED_MARKER = '[erased]';

function isProtectedPersonalValue(envelope: EventEnvelope, errorPath: string): boolean {
  if (!errorPath) return false;
  const value = errorPath
    .split('.')
    .reduce<unknown>(
      (node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined),
      envelope.data,
    );
  if (typeof value !== 'string' || !(value.startsWith(ENCRYPTED_VALUE_PREFIX) || value === ERASED_MARKER))
    return false;
  const normalised = errorPath.replace(/\.\d+(?=\.|$)/g, '[]');
  return personalFieldsOf(envelope.type).includes(normalised);
}

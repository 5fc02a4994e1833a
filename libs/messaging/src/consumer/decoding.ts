import type { IHeaders } from 'kafkajs';
import type { EventEnvelope } from '@rcrp/events';

/** One reason a message was refused, copied into the DLQ's `x-error` header as `field: reason`. */
export interface FieldError {
  field: string;
  reason: string;
}

export type DecodeStage = 'decode' | 'validate';

export type DecodeOutcome<T> =
  | { ok: true; value: T }
  | { ok: false; stage: DecodeStage; errors: FieldError[] };

/** Turns a record's bytes into the handler's input, or says why not. Must not throw (a throw counts as `decode`). */
export type MessageDecoder<T> = (value: Buffer | null, headers: IHeaders) => DecodeOutcome<T>;

/**
 * Validates a parsed JSON value as an envelope. `validateEnvelope` from `@rcrp/events` fits
 * (`{ ok: true, value }` or `{ ok: false, errors: [{ path, reason }] }`).
 */
export type EnvelopeValidator = (
  input: unknown,
) =>
  | { ok: true; envelope?: EventEnvelope; value?: EventEnvelope }
  | { ok: false; errors: ReadonlyArray<{ field?: string; path?: string; reason: string }> };

export function parseJson(value: Buffer | null): DecodeOutcome<unknown> {
  if (value === null || value.length === 0) {
    return { ok: false, stage: 'decode', errors: [{ field: 'value', reason: 'empty message' }] };
  }
  try {
    return { ok: true, value: JSON.parse(value.toString('utf8')) };
  } catch (error) {
    return {
      ok: false,
      stage: 'decode',
      errors: [{ field: 'value', reason: `not JSON: ${(error as Error).message}` }],
    };
  }
}

/** Decoder for event topics: JSON, then the envelope validator. */
export function envelopeDecoder(
  validate: EnvelopeValidator = validateEnvelopeBasic,
): MessageDecoder<EventEnvelope> {
  return (value) => {
    const parsed = parseJson(value);
    if (!parsed.ok) return parsed;
    const result = validate(parsed.value);
    if (!result.ok) {
      const errors = result.errors.map((error) => ({
        field: error.field ?? error.path ?? '(root)',
        reason: error.reason,
      }));
      return { ok: false, stage: 'validate', errors };
    }
    const envelope = result.envelope ?? result.value;
    if (!envelope)
      return {
        ok: false,
        stage: 'validate',
        errors: [{ field: '(envelope)', reason: 'validator returned nothing' }],
      };
    return { ok: true, value: envelope };
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The basic default until a richer validator is injected: the envelope fields the runner and handlers rely
 * on are present and of the right type. It does not check `data` against the event type's schema.
 */
export function validateEnvelopeBasic(
  input: unknown,
): { ok: true; envelope: EventEnvelope } | { ok: false; errors: FieldError[] } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, errors: [{ field: '(root)', reason: 'must be a JSON object' }] };
  }
  const candidate = input as Record<string, unknown>;
  const errors: FieldError[] = [];
  const requireString = (field: string, pattern?: RegExp): void => {
    const value = candidate[field];
    if (typeof value !== 'string' || value.length === 0)
      errors.push({ field, reason: 'must be a non-empty string' });
    else if (pattern && !pattern.test(value)) errors.push({ field, reason: `must match ${pattern}` });
  };
  const requirePositiveInteger = (field: string): void => {
    const value = candidate[field];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
      errors.push({ field, reason: 'must be a positive integer' });
    }
  };
  const requireNullableString = (field: string): void => {
    const value = candidate[field];
    if (value !== null && value !== undefined && typeof value !== 'string')
      errors.push({ field, reason: 'must be a string or null' });
  };
  requireString('eventId', UUID);
  requireString('type', /^[A-Z][A-Za-z0-9]*$/);
  requirePositiveInteger('schemaVersion');
  requireString('incidentId', UUID);
  requireString('streamId');
  requirePositiveInteger('streamVersion');
  requireString('occurredAt');
  requireString('recordedAt');
  requireString('correlationId');
  requireNullableString('causationId');
  requireNullableString('traceparent');
  const actor = candidate.actor as Record<string, unknown> | undefined;
  if (
    typeof actor !== 'object' ||
    actor === null ||
    typeof actor.id !== 'string' ||
    typeof actor.role !== 'string'
  ) {
    errors.push({ field: 'actor', reason: 'must be { id, role }' });
  }
  if (!('data' in candidate) || candidate.data === undefined)
    errors.push({ field: 'data', reason: 'is required' });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, envelope: input as EventEnvelope };
}

export function formatErrors(errors: FieldError[]): string {
  return errors.map((error) => `${error.field}: ${error.reason}`).join('; ');
}

import type { StreamType } from './vocabulary';

/**
 * A domain event as deciders produce and consume it: the type and its payload. The application wraps it in
 * the envelope (envelope.ts); an envelope is itself a `DomainEvent`, so `evolve` accepts either.
 */
export interface DomainEvent<TType extends string = string, TData = unknown> {
  type: TType;
  data: TData;
}

export type PayloadClass = new () => object;

/** Everything the system knows about one event type, in one place. */
export interface EventDefinition<TType extends string = string> {
  type: TType;
  /** The current schema version; older versions are upcast on read (upcasters.ts). */
  schemaVersion: number;
  streamType: StreamType;
  /** class-validator payload class: validates `data` and generates its JSON Schema. */
  payload: PayloadClass;
  /**
   * Dotted paths into `data` that hold personal data (names, date of birth, free text). The event store
   * encrypts exactly these paths with the subject's key; a path that is absent in an event is skipped.
   * A path may point at an object or array, which is then encrypted whole.
   */
  personalFields: readonly string[];
  /**
   * Paths that are stored in clear but are free text an analyst must not see either (DESIGN §5): an operator's
   * reason on a subject's own events, which cannot be encrypted under the subject's key because erasure deletes it.
   */
  analystWithheldFields?: readonly string[];
  /** The personal-field paths of older schema versions whose paths differ (stored events keep their version). */
  personalFieldsByVersion?: Readonly<Record<number, readonly string[]>>;
  description: string;
}

export function defineEvent<TType extends string>(
  definition: EventDefinition<TType>,
): EventDefinition<TType> {
  return Object.freeze({ ...definition, personalFields: Object.freeze([...definition.personalFields]) });
}

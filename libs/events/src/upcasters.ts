import { registerHistoricRepairs } from './historic-repairs';
import { eventDefinitionOf } from './registry';
import { hasInstantShape, isInstant } from './schema/decorators';

/**
 * Old schema versions are upcast on read (DESIGN §3): a published event type is never changed in place,
 * so when a payload shape changes, its definition's `schemaVersion` goes up and an upcaster from the old
 * version is registered here. Upcasters chain: v1 -> v2 -> v3.
 *
 * Registered versions: ConveyanceRecorded v1 -> v2 (issue 14, coded police-vehicle reasons); CallQueued v1 -> v2
 * (issue 16, who and where on the call); Section136ConsultationRecorded and AssessmentCompleted v1 -> v2 (issue 16,
 * the professional is `clinicianId`).
 *
 * A repair is the other kind of step: it does not change the version but turns a shape that a version's events
 * were once stored in, through a validation gap since closed, into one that version's contract allows
 * (historic-repairs.ts). Stored events are immutable, so every reader must be able to apply them; a repair marks
 * what it changed in the data so nobody mistakes a repaired value for a recorded one.
 */
export type Upcaster = (data: unknown) => unknown;

/** The envelope fields a repair may fall back on. */
export interface UpcastContext {
  actor?: { id: string };
  recordedAt?: string;
}

/** Returns the repaired copy of `data` (it may modify the copy it is given), or undefined when none is needed. */
export type Repair = (data: unknown, context: UpcastContext) => unknown;

export class UpcastError extends Error {
  override readonly name = 'UpcastError';
}

interface Versioned extends UpcastContext {
  type: string;
  schemaVersion: number;
  data: unknown;
  occurredAt?: string;
}

export class UpcasterRegistry {
  private readonly upcasters = new Map<string, Upcaster>();
  private readonly repairs = new Map<string, Repair>();

  constructor(private readonly currentVersionOf: (type: string) => number | undefined) {}

  /** Registers the step from `fromVersion` to `fromVersion + 1` of `type`. */
  register(type: string, fromVersion: number, upcaster: Upcaster): void {
    const key = `${type}@${fromVersion}`;
    if (this.upcasters.has(key))
      throw new UpcastError(`an upcaster for ${type} v${fromVersion} is already registered`);
    this.upcasters.set(key, upcaster);
  }

  /** Registers the repair of `type`'s historic shapes at `version`; it runs before any upcaster from it. */
  registerRepair(type: string, version: number, repair: Repair): void {
    const key = `${type}@${version}`;
    if (this.repairs.has(key))
      throw new UpcastError(`a repair for ${type} v${version} is already registered`);
    this.repairs.set(key, repair);
  }

  /**
   * A copy of the event at the current schema version of its type, repaired; the input is not modified, and is
   * returned itself when nothing changed.
   */
  upcast<E extends Versioned>(event: E): E {
    const current = this.currentVersionOf(event.type);
    if (current === undefined) throw new UpcastError(`unknown event type ${event.type}`);
    if (event.schemaVersion > current) {
      throw new UpcastError(`${event.type} v${event.schemaVersion} is newer than the known v${current}`);
    }
    const repairedEnvelope = repairEnvelopeTimes(event);
    let { data, schemaVersion } = repairedEnvelope;
    for (;;) {
      const repair = this.repairs.get(`${event.type}@${schemaVersion}`);
      const repaired = repair?.(structuredClone(data), repairedEnvelope);
      if (repaired !== undefined) data = repaired;
      if (schemaVersion >= current) break;
      const upcaster = this.upcasters.get(`${event.type}@${schemaVersion}`);
      if (!upcaster) throw new UpcastError(`no upcaster for ${event.type} from v${schemaVersion}`);
      data = upcaster(structuredClone(data));
      schemaVersion += 1;
    }
    return schemaVersion === event.schemaVersion && data === event.data && repairedEnvelope === event
      ? event
      : { ...repairedEnvelope, schemaVersion, data };
  }
}

/**
 * `occurredAt` comes from the caller (a report's `reportedAt`, a command's `at`); before issue 15 an impossible one
 * such as 2026-02-30 was accepted. The store's own `recordedAt` is the nearest moment known to be real. Returns the
 * input itself when there is nothing to repair.
 */
export function repairEnvelopeTimes<E extends { occurredAt?: unknown; recordedAt?: unknown }>(event: E): E {
  const { occurredAt, recordedAt } = event;
  if (!hasInstantShape(occurredAt) || isInstant(occurredAt) || !isInstant(recordedAt)) return event;
  return { ...event, occurredAt: recordedAt };
}

const defaultRegistry = new UpcasterRegistry((type) => eventDefinitionOf(type)?.schemaVersion);
registerHistoricRepairs(defaultRegistry);

/**
 * ConveyanceRecorded v1 -> v2: the free-text police-vehicle reason becomes `{ code: 'other', detail }` (the text
 * is kept whole as the detail; it may still be encrypted or erased, which the detail's personal path covers).
 */
export function conveyanceRecordedV1ToV2(data: unknown): unknown {
  const v1 = data as { policeVehicleReason?: unknown } & Record<string, unknown>;
  const reason = v1.policeVehicleReason;
  return {
    ...v1,
    policeVehicleReason:
      typeof reason === 'string' && reason !== '' ? { code: 'other', detail: reason } : null,
  };
}
defaultRegistry.register('ConveyanceRecorded', 1, conveyanceRecordedV1ToV2);

/**
 * CallQueued v1 -> v2: calls queued before issue 16 did not carry who and where; the fields read as not recorded
 * (null). A read model that needs them for an old call can be rebuilt from intake's topic (a replay).
 */
export function callQueuedV1ToV2(data: unknown): unknown {
  return {
    officerId: null,
    force: null,
    borough: null,
    category: null,
    locationKind: null,
    sourceSystem: null,
    externalRef: null,
    ...(data as Record<string, unknown>),
  };
}
defaultRegistry.register('CallQueued', 1, callQueuedV1ToV2);

/** `data` with its member `from` named `to` (kept where it was absent); what every rename of a field is. */
export function renamedField(from: string, to: string): Upcaster {
  return (data) => {
    const { [from]: value, ...rest } = data as Record<string, unknown>;
    return value === undefined ? rest : { ...rest, [to]: value };
  };
}

/**
 * Section136ConsultationRecorded v1 -> v2 (`professionalId` -> `clinicianId`) and AssessmentCompleted v1 -> v2
 * (`assessedBy` -> `clinicianId`): the professional has one name across triage and outcomes. Neither field is
 * personal, so the personal paths are those of v1.
 */
export const section136ConsultationRecordedV1ToV2 = renamedField('professionalId', 'clinicianId');
export const assessmentCompletedV1ToV2 = renamedField('assessedBy', 'clinicianId');
defaultRegistry.register('Section136ConsultationRecorded', 1, section136ConsultationRecordedV1ToV2);
defaultRegistry.register('AssessmentCompleted', 1, assessmentCompletedV1ToV2);

export function registerUpcaster(type: string, fromVersion: number, upcaster: Upcaster): void {
  defaultRegistry.register(type, fromVersion, upcaster);
}

export function registerRepair(type: string, version: number, repair: Repair): void {
  defaultRegistry.registerRepair(type, version, repair);
}

export function upcast<E extends Versioned>(event: E): E {
  return defaultRegistry.upcast(event);
}

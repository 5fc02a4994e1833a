import { eventDefinitionOf } from './registry';

/**
 * Old schema versions are upcast on read (DESIGN §3): a published event type is never changed in place,
 * so when a payload shape changes, its definition's `schemaVersion` goes up and an upcaster from the old
 * version is registered here. Upcasters chain: v1 -> v2 -> v3.
 *
 * Registered versions: ConveyanceRecorded v1 -> v2 (issue 14, coded police-vehicle reasons).
 */
export type Upcaster = (data: unknown) => unknown;

export class UpcastError extends Error {
  override readonly name = 'UpcastError';
}

interface Versioned {
  type: string;
  schemaVersion: number;
  data: unknown;
}

export class UpcasterRegistry {
  private readonly upcasters = new Map<string, Upcaster>();

  constructor(private readonly currentVersionOf: (type: string) => number | undefined) {}

  /** Registers the step from `fromVersion` to `fromVersion + 1` of `type`. */
  register(type: string, fromVersion: number, upcaster: Upcaster): void {
    const key = `${type}@${fromVersion}`;
    if (this.upcasters.has(key))
      throw new UpcastError(`an upcaster for ${type} v${fromVersion} is already registered`);
    this.upcasters.set(key, upcaster);
  }

  /** A copy of the event at the current schema version of its type; the input is not modified. */
  upcast<E extends Versioned>(event: E): E {
    const current = this.currentVersionOf(event.type);
    if (current === undefined) throw new UpcastError(`unknown event type ${event.type}`);
    if (event.schemaVersion > current) {
      throw new UpcastError(`${event.type} v${event.schemaVersion} is newer than the known v${current}`);
    }
    let { data, schemaVersion } = event;
    while (schemaVersion < current) {
      const upcaster = this.upcasters.get(`${event.type}@${schemaVersion}`);
      if (!upcaster) throw new UpcastError(`no upcaster for ${event.type} from v${schemaVersion}`);
      data = upcaster(structuredClone(data));
      schemaVersion += 1;
    }
    return schemaVersion === event.schemaVersion ? event : { ...event, schemaVersion, data };
  }
}

const defaultRegistry = new UpcasterRegistry((type) => eventDefinitionOf(type)?.schemaVersion);

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

export function registerUpcaster(type: string, fromVersion: number, upcaster: Upcaster): void {
  defaultRegistry.register(type, fromVersion, upcaster);
}

export function upcast<E extends Versioned>(event: E): E {
  return defaultRegistry.upcast(event);
}

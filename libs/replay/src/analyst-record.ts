import type { AppConfig } from '@rcrp/config';
import type { EventEnvelope } from '@rcrp/events';
import {
  analystEventOf,
  analystHiddenFieldsOf,
  analystMemberOf,
  decodeMasterKey,
  ENCRYPTED_PREFIX,
  Pseudonymiser,
} from '@rcrp/personal-data';

/** What the CLI prints by default: the analyst view of DESIGN §5/§6, the same one the services' analyst reads use. */
export type AnalystRecord = Record<string, unknown>;

/** Values that must never reach an analyst even if a field is missing from `personalFieldsOf`. */
const WITHHELD = '[withheld]';

export function analystPseudonymiser(masterKeyBase64: string): Pseudonymiser {
  // Validate the key here so a bad key fails before any output is written.
  decodeMasterKey(masterKeyBase64);
  return new Pseudonymiser({ personalData: { masterKey: masterKeyBase64 } } as unknown as AppConfig);
}

/**
 * Personal fields dropped, subject reference -> stable pseudonym, age -> age band (libs/runtime analystEventOf);
 * then, as a second line of defence, any ciphertext still left anywhere is withheld: a ciphertext carries the
 * subject reference in clear and is personal data in itself.
 */
export function analystRecordOf(event: EventEnvelope, pseudonyms: Pseudonymiser): AnalystRecord {
  return withholdCiphertext(analystEventOf(event, pseudonyms)) as AnalystRecord;
}

function withholdCiphertext(value: unknown): unknown {
  if (typeof value === 'string') return value.startsWith(ENCRYPTED_PREFIX) ? WITHHELD : value;
  if (Array.isArray(value)) return value.map(withholdCiphertext);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) out[key] = withholdCiphertext(member);
  return out;
}

/** Subjects recur (one per case, many events each); their HMAC pseudonym is worth remembering, within a bound. */
const PSEUDONYM_CACHE_LIMIT = 100_000;

/**
 * `analystRecordOf` for an event the caller owns and will not use again (the replay's freshly parsed JSON): the
 * same record, key for key (analyst-record.spec.ts compares the two on every event type), built by changing the
 * event in place in one walk instead of a deep copy and three walks. A replay does this a million times.
 */
export function analystRecordOfOwned(
  event: EventEnvelope,
  pseudonyms: Pseudonymiser,
  cache: Map<string, string | null> = new Map(),
): AnalystRecord {
  const pseudonymOf = (subjectRef: string | null): string | null => {
    if (!subjectRef) return null;
    let pseudonym = cache.get(subjectRef);
    if (pseudonym === undefined) {
      if (cache.size >= PSEUDONYM_CACHE_LIMIT) cache.clear();
      pseudonym = pseudonyms.pseudonymFor(subjectRef);
      cache.set(subjectRef, pseudonym);
    }
    return pseudonym;
  };
  const data = event.data as unknown;
  for (const path of analystHiddenFieldsOf(event.type, event.schemaVersion))
    removePath(data, path.replace(/\[\]/g, '').split('.'));
  const record: AnalystRecord = {};
  for (const key in event) {
    const value = (event as unknown as Record<string, unknown>)[key];
    const rule = key === 'data' ? undefined : analystMemberOf(key, value, pseudonymOf);
    if (rule === 'drop') continue;
    if (rule) record[rule[0]] = rule[1];
    else record[key] = key === 'data' ? pseudonymiseData(value, pseudonymOf) : withholdCiphertext(value);
  }
  return record;
}

function removePath(target: unknown, path: readonly string[], depth = 0): void {
  if (Array.isArray(target)) {
    for (const item of target) removePath(item, path, depth);
    return;
  }
  if (typeof target !== 'object' || target === null) return;
  const record = target as Record<string, unknown>;
  const head = path[depth];
  if (depth === path.length - 1) {
    delete record[head];
    return;
  }
  removePath(record[head], path, depth + 1);
}

/** libs/personal-data's pseudonymise and withholdCiphertext above, in one walk. */
function pseudonymiseData(
  value: unknown,
  pseudonymOf: (subjectRef: string | null) => string | null,
): unknown {
  if (typeof value === 'string') return value.startsWith(ENCRYPTED_PREFIX) ? WITHHELD : value;
  if (Array.isArray(value)) return value.map((item) => pseudonymiseData(item, pseudonymOf));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key in value) {
    const member = (value as Record<string, unknown>)[key];
    const rule = analystMemberOf(key, member, pseudonymOf);
    if (rule === 'drop') continue;
    if (rule) out[rule[0]] = rule[1];
    else out[key] = pseudonymiseData(member, pseudonymOf);
  }
  return out;
}

import type { AppConfig } from '@rcrp/config';
import type { EventEnvelope } from '@rcrp/events';
import { decodeMasterKey, ENCRYPTED_PREFIX } from '@rcrp/personal-data';
import { analystEventOf, Pseudonymiser } from '@rcrp/runtime';

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

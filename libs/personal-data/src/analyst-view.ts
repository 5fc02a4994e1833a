import { EventEnvelope, personalFieldsOf } from '@rcrp/events';
import { ageBandOf } from '.';
import type { Pseudonymiser } from './pseudonymiser';

function removePath(target: unknown, path: readonly string[]): void {
  if (typeof target !== 'object' || target === null) return;
  const [head, ...rest] = path;
  const record = target as Record<string, unknown>;
  if (rest.length === 0) {
    delete record[head];
    return;
  }
  const next = record[head];
  if (Array.isArray(next)) next.forEach((item) => removePath(item, rest));
  else removePath(next, rest);
}

/** Replaces subject references with pseudonyms and exact ages with age bands, at any depth. */
function pseudonymise(value: unknown, pseudonyms: Pseudonymiser): unknown {
  if (Array.isArray(value)) return value.map((item) => pseudonymise(item, pseudonyms));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    if (key === 'subjectRef' || (key === 'ref' && typeof member === 'string' && member.startsWith('subj-'))) {
      out[key === 'ref' ? 'pseudonym' : 'subjectPseudonym'] = pseudonyms.pseudonymFor(member as string);
    } else if (key === 'ageYears') {
      out.ageBand = ageBandOf(member as number | null);
    } else {
      out[key] = pseudonymise(member, pseudonyms);
    }
  }
  return out;
}

/**
 * An event as an analyst may see it (DESIGN §5, §6): personal fields (names, date of birth, free text) removed,
 * the subject reference replaced by its stable pseudonym, exact age by an age band.
 */
export function analystEventOf(event: EventEnvelope, pseudonyms: Pseudonymiser): Record<string, unknown> {
  const data = structuredClone(event.data) as unknown;
  for (const path of personalFieldsOf(event.type)) removePath(data, path.split('.'));
  const { subjectRef, ...envelope } = event;
  return {
    ...envelope,
    subjectPseudonym: pseudonyms.pseudonymFor(subjectRef),
    data: pseudonymise(data, pseudonyms),
  };
}

import { EventEnvelope, eventDefinitionOf, personalFieldsOf } from '@rcrp/events';
import { ageBandOf } from './pseudonyms';
import type { Pseudonymiser } from './pseudonymiser';

/**
 * What an analyst may see (DESIGN §5, §6), as one rule over field paths, for events and for the views built from
 * them alike, so no route picks fields by hand:
 * - every personal path of the record (names, date of birth, free text) is removed: for an event, the paths its
 *   definition declares (`personalFields` and `analystWithheldFields`); for a view, the paths declared beside the view (`*_VIEW_PERSONAL_PATHS`);
 * - a `dateOfBirth` is removed wherever it appears, whatever the paths say;
 * - an exact age, any key `ageYears` or ending in `AgeYears` (`subjectAgeYears`, `currentAgeYears`), becomes the
 *   age band under the same name with `Band` for `Years` (`ageBand`, `subjectAgeBand`);
 * - a subject reference (`subjectRef`, or `ref` holding a `subj-` value) becomes its stable pseudonym
 *   (`subjectPseudonym`, `pseudonym`), also inside a subject stream's id (`subject-<pseudonym>`).
 * Paths are dotted; an array on the way is walked element by element (`advice.rationale` removes every advice's
 * rationale). The input is not modified.
 */
export function analystRecordOf(
  record: unknown,
  personalPaths: readonly string[],
  pseudonyms: Pseudonymiser,
): Record<string, unknown> {
  const copy = structuredClone(record) as Record<string, unknown>;
  for (const path of personalPaths) removePath(copy, path.replace(/\[\]/g, '').split('.'));
  return pseudonymise(copy, pseudonyms) as Record<string, unknown>;
}

/**
 * A copy of `record` without the values at `paths` (dotted, arrays walked), and nothing else changed: for views that
 * a role may see in part (an officer's view of the triage of their own incident).
 */
export function withoutPaths<T>(record: T, paths: readonly string[]): T {
  const copy = structuredClone(record);
  for (const path of paths) removePath(copy, path.replace(/\[\]/g, '').split('.'));
  return copy;
}

/** An event as an analyst may see it: `analystRecordOf` over the envelope, with the event type's personal paths. */
export function analystEventOf(event: EventEnvelope, pseudonyms: Pseudonymiser): Record<string, unknown> {
  const paths = analystHiddenFieldsOf(event.type, event.schemaVersion).map((path) => `data.${path}`);
  return analystRecordOf(event, paths, pseudonyms);
}

/** The paths of an event's `data` an analyst never sees: its personal fields and its clear free text. */
export function analystHiddenFieldsOf(type: string, schemaVersion?: number): readonly string[] {
  return [
    ...personalFieldsOf(type, schemaVersion),
    ...(eventDefinitionOf(type)?.analystWithheldFields ?? []),
  ];
}

const EXACT_AGE = /^(ageYears|.+AgeYears)$/;
const SUBJECT_STREAM_PREFIX = 'subject-';

/**
 * The key rule of `analystRecordOf` for one member of an object: `'drop'`, a replacement key and value, or
 * `undefined` when the member passes (and its contents are walked). Exported so a faster walk (the replay's, which
 * changes the parsed event in place) applies exactly this rule.
 */
export function analystMemberOf(
  key: string,
  member: unknown,
  pseudonymOf: (subjectRef: string) => string | null,
): 'drop' | readonly [string, unknown] | undefined {
  if (key === 'dateOfBirth') return 'drop';
  if (key === 'subjectRef')
    return ['subjectPseudonym', typeof member === 'string' ? pseudonymOf(member) : null];
  if (key === 'ref' && typeof member === 'string' && member.startsWith('subj-'))
    return ['pseudonym', pseudonymOf(member)];
  // A subject's own stream is named after its reference (`subject-subj-…`).
  if (key === 'streamId' && typeof member === 'string' && member.startsWith(SUBJECT_STREAM_PREFIX))
    return [key, `${SUBJECT_STREAM_PREFIX}${pseudonymOf(member.slice(SUBJECT_STREAM_PREFIX.length))}`];
  if (EXACT_AGE.test(key) && (typeof member === 'number' || member === null))
    return [key.replace(/Years$/, 'Band'), ageBandOf(member)];
  return undefined;
}

function removePath(target: unknown, path: readonly string[]): void {
  if (Array.isArray(target)) {
    for (const item of target) removePath(item, path);
    return;
  }
  if (typeof target !== 'object' || target === null) return;
  const [head, ...rest] = path;
  const record = target as Record<string, unknown>;
  if (rest.length === 0) delete record[head];
  else removePath(record[head], rest);
}

function pseudonymise(value: unknown, pseudonyms: Pseudonymiser): unknown {
  if (Array.isArray(value)) return value.map((item) => pseudonymise(item, pseudonyms));
  if (typeof value !== 'object' || value === null) return value;
  const pseudonymOf = (subjectRef: string) => pseudonyms.pseudonymFor(subjectRef);
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    const rule = analystMemberOf(key, member, pseudonymOf);
    if (rule === 'drop') continue;
    if (rule) out[rule[0]] = rule[1];
    else out[key] = pseudonymise(member, pseudonyms);
  }
  return out;
}

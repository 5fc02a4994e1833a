/**
 * The whole case record as the console shows and prints it. The merge and its order are `npm run case-record`'s
 * own (scripts/case-record/record.ts, pure and free of imports, so the web build takes it as it is): one copy of the
 * ordering, whichever way the record is produced.
 */
import {
  mergeCaseRecord,
  SERVICES,
  verificationText,
  type CaseRecord,
  type CaseRecordEntry,
  type ServiceName,
  type ServicePart,
} from '../../../../../../scripts/case-record/record';

export { mergeCaseRecord, SERVICES, verificationText };
export type { CaseRecord, CaseRecordEntry, ServiceName, ServicePart };

/** What a value reads once its subject is erased (libs/personal-data ERASED_VALUE): nobody can read it again. */
export const ERASED = '[erased]';

/** One service's answer to its events route: its part, nothing yet (404), or not for this role (403). */
export type PartRead =
  | { kind: 'part'; part: ServicePart }
  | { kind: 'none' }
  | { kind: 'refused'; status: number; message: string };

export const SERVICE_LABELS: Readonly<Record<ServiceName, string>> = {
  intake: 'Intake (the report)',
  triage: 'Triage (the line)',
  outcomes: 'Outcomes (section 136 and disposition)',
};

/** The record from the three reads: a refused or empty part contributes no events and says so in `availability`. */
export function caseRecordOf(
  reads: Record<ServiceName, PartRead>,
  meta: { incidentId: string; generatedAt: string; generatedBy: string; reason: string },
): { record: CaseRecord; availability: Record<ServiceName, PartRead['kind']> } {
  const parts: Partial<Record<ServiceName, ServicePart>> = {};
  for (const service of SERVICES) {
    const read = reads[service];
    if (read.kind === 'part') parts[service] = read.part;
  }
  const availability = Object.fromEntries(SERVICES.map((s) => [s, reads[s].kind])) as Record<
    ServiceName,
    PartRead['kind']
  >;
  return { record: mergeCaseRecord(parts, meta), availability };
}

/** `Section136DetentionDecided` → `Section 136 detention decided`: an event type as a person reads it. */
export function eventLabel(type: string): string {
  const words = type
    .replace(/([a-z])([A-Z0-9])/g, '$1 $2')
    .replace(/([0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(' ');
  return words
    .map((word, index) => (index === 0 || /^[A-Z0-9]+$/.test(word) ? word : word.toLowerCase()))
    .join(' ');
}

export interface DataLine {
  /** The field's dotted path, `location.kind`, `factors.0`. */
  path: string;
  value: string;
  erased: boolean;
}

/** An event's data as one line per field (nested objects by dotted path), erased values marked so they stand out. */
export function dataLines(data: unknown, prefix = ''): DataLine[] {
  if (data === null || data === undefined) return prefix ? [{ path: prefix, value: '—', erased: false }] : [];
  if (Array.isArray(data)) {
    if (data.length === 0) return prefix ? [{ path: prefix, value: '(none)', erased: false }] : [];
    return data.flatMap((item, index) => dataLines(item, prefix ? `${prefix}.${index}` : String(index)));
  }
  if (typeof data === 'object') {
    return Object.entries(data as Record<string, unknown>).flatMap(([key, value]) =>
      dataLines(value, prefix ? `${prefix}.${key}` : key),
    );
  }
  const value = String(data);
  return [{ path: prefix, value, erased: value === ERASED }];
}

/** The latest `at` a person recorded in the outcome stream (clock notices excluded): late entries are measured from it. */
export function lastRecordedAt(record: CaseRecord): string | null {
  const entries = record.entries.filter(
    (entry) => entry.service === 'outcomes' && entry.actor.role !== 'system',
  );
  return entries.length === 0 ? null : entries[entries.length - 1]!.at;
}

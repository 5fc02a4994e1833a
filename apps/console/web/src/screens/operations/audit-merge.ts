import { addDays } from '../statistics/period';

/** The three services, each with its own read audit (`GET /audit`, libs/personal-data/src/audit). */
export const AUDITED_SERVICES = ['intake', 'triage', 'outcomes'] as const;
export type AuditedService = (typeof AUDITED_SERVICES)[number];

/** One read of a case's personal data, as a service's `GET /audit` answers it. */
export interface AuditEntry {
  position: string;
  recordedAt: string;
  actor: { id: string; role: string };
  incidentId: string;
  subjectRef: string | null;
  resource: string;
  reason: string;
}

export interface MergedAuditEntry extends AuditEntry {
  service: AuditedService;
}

/** What the operator filters the audit by; the days are whole London days, both included. */
export interface AuditFilter {
  from: string;
  through: string;
  actor: string;
  incidentId: string;
}

/** Each service's newest reads, at most this many (its `limit`, 1-1000). */
export const AUDIT_LIMIT = 200;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function auditFilterProblems(filter: AuditFilter): Partial<Record<keyof AuditFilter, string>> {
  const problems: Partial<Record<keyof AuditFilter, string>> = {};
  const incidentId = filter.incidentId.trim();
  if (incidentId !== '' && !UUID.test(incidentId)) problems.incidentId = 'Enter an incident id (a UUID)';
  if (filter.from && filter.through && filter.through < filter.from)
    problems.through = 'The last day must not be before the first';
  return problems;
}

/**
 * The query of `GET /audit` for a filter: empty fields are left out. The services take a date as the start of that
 * day in London and `to` inclusively, so the last day is sent as the day after it.
 */
export function auditQuery(filter: AuditFilter): string {
  const params = new URLSearchParams();
  if (filter.from) params.set('from', filter.from);
  if (filter.through) params.set('to', addDays(filter.through, 1));
  if (filter.actor.trim()) params.set('actor', filter.actor.trim());
  if (filter.incidentId.trim()) params.set('incidentId', filter.incidentId.trim().toLowerCase());
  params.set('limit', String(AUDIT_LIMIT));
  return `?${params.toString()}`;
}

/**
 * The three audits as one list, newest first (as each service orders its own), each read tagged with the service
 * that recorded it. Reads at the same instant keep a fixed order: by service, then newest position first.
 */
export function mergeAudit(
  byService: Partial<Record<AuditedService, readonly AuditEntry[]>>,
): MergedAuditEntry[] {
  const merged = AUDITED_SERVICES.flatMap((service) =>
    (byService[service] ?? []).map((entry) => ({ ...entry, service })),
  );
  return merged.sort(
    (a, b) =>
      Date.parse(b.recordedAt) - Date.parse(a.recordedAt) ||
      AUDITED_SERVICES.indexOf(a.service) - AUDITED_SERVICES.indexOf(b.service) ||
      comparePositions(b.position, a.position),
  );
}

/** Positions are bigint strings: compared as numbers, not as text ("10" after "9"). */
function comparePositions(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** Whether a service answered its limit in full, so older reads may be missing from the merged list. */
export function truncatedServices(
  byService: Partial<Record<AuditedService, readonly AuditEntry[]>>,
): AuditedService[] {
  return AUDITED_SERVICES.filter((service) => (byService[service]?.length ?? 0) >= AUDIT_LIMIT);
}

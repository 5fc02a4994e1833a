import type { ApiClient } from '../../api/api-client';
import {
  AUDITED_SERVICES,
  auditQuery,
  type AuditedService,
  type AuditEntry,
  type AuditFilter,
} from './audit-merge';
import { deadLetterRows, type DeadLetterRow } from './dead-letters';
import {
  SUBJECT_ACTION_PATHS,
  subjectRequestBody,
  type SubjectAction,
  type SubjectRecord,
} from './subject-request';

/** Each service's read audit; a service that refuses or is down is reported beside the others' reads. */
export async function readAudits(
  api: ApiClient,
  filter: AuditFilter,
  signal?: AbortSignal,
): Promise<{
  entries: Partial<Record<AuditedService, AuditEntry[]>>;
  failed: Array<{ service: AuditedService; error: unknown }>;
}> {
  const answers = await Promise.allSettled(
    AUDITED_SERVICES.map((service) =>
      api.request<{ entries: AuditEntry[] }>(`/api/${service}/audit${auditQuery(filter)}`, { signal }),
    ),
  );
  const entries: Partial<Record<AuditedService, AuditEntry[]>> = {};
  const failed: Array<{ service: AuditedService; error: unknown }> = [];
  answers.forEach((answer, index) => {
    const service = AUDITED_SERVICES[index];
    if (answer.status === 'fulfilled') entries[service] = answer.value.entries;
    else failed.push({ service, error: answer.reason });
  });
  return { entries, failed };
}

/** What the operations screen reads of an intake record: who it is about, and the personal fields it shows. */
export interface IntakeRecord {
  incidentId: string;
  version: number;
  status: string;
  subject: { ref: string; name?: string | null; dateOfBirth?: string | null };
  summary: string;
}

/** `GET /incidents/:id` of intake: personal data, so read with a reason (audited). */
export function readIntakeRecord(api: ApiClient, incidentId: string, reason: string): Promise<IntakeRecord> {
  return api.request<IntakeRecord>(`/api/intake/incidents/${encodeURIComponent(incidentId)}`, {
    headers: { 'X-Access-Reason': reason },
  });
}

export async function readSubjectRecords(
  api: ApiClient,
  incidentIds: readonly string[],
  reason: string,
): Promise<SubjectRecord[]> {
  const records = await Promise.all(incidentIds.map((id) => readIntakeRecord(api, id, reason)));
  return records.map((record) => ({ incidentId: record.incidentId, subjectRef: record.subject.ref }));
}

export function sendSubjectRequest(
  api: ApiClient,
  subjectRef: string,
  action: SubjectAction,
  legalBasis: string,
  reason: string,
): Promise<unknown> {
  return api.request(
    `/api/intake/subjects/${encodeURIComponent(subjectRef)}/${SUBJECT_ACTION_PATHS[action]}`,
    {
      method: 'POST',
      body: subjectRequestBody(action, legalBasis, reason),
    },
  );
}

/**
 * The dead-letter counts of the three services, from their public `GET /metrics` and `GET /health/ready` (through
 * the console's forward; readiness answers 503 with its report when a check is down, which is still read).
 */
export async function readDeadLetters(
  signal?: AbortSignal,
): Promise<{ rows: DeadLetterRow[]; unreachable: AuditedService[] }> {
  const unreachable: AuditedService[] = [];
  const perService = await Promise.all(
    AUDITED_SERVICES.map(async (service) => {
      const [metrics, readiness] = await Promise.all([
        fetch(`/api/${service}/metrics`, { signal })
          .then((answer) => (answer.ok ? answer.text() : null))
          .catch(() => null),
        fetch(`/api/${service}/health/ready`, { signal, headers: { Accept: 'application/json' } })
          .then((answer) => (answer.status === 200 || answer.status === 503 ? answer.json() : null))
          .catch(() => null),
      ]);
      if (metrics === null && readiness === null) unreachable.push(service);
      return deadLetterRows(service, metrics, readiness);
    }),
  );
  return { rows: perService.flat(), unreachable };
}

import type { ApiClient } from '../../api/api-client';
import { ApiError } from '../../api/api-problem';
import { SERVICES, type PartRead, type ServiceName, type ServicePart } from './case-record';
import type { OutcomeView } from './outcome-view';

/** Each service's events route as the console reaches it (docs/intake.md, docs/triage.md, docs/outcomes.md). */
const EVENTS_PATH: Record<ServiceName, (id: string) => string> = {
  intake: (id) => `/api/intake/incidents/${id}/events`,
  triage: (id) => `/api/triage/triage/${id}/events`,
  outcomes: (id) => `/api/outcomes/outcomes/${id}/events`,
};

const reasonHeader = (reason: string) => ({ 'X-Access-Reason': reason.trim() });

/** The three parts of the case, each read with the reason (so each service audits it); 404 and 403 are answers. */
export async function readCaseParts(
  api: ApiClient,
  incidentId: string,
  reason: string,
  signal?: AbortSignal,
): Promise<Record<ServiceName, PartRead>> {
  const id = encodeURIComponent(incidentId);
  const reads = await Promise.all(
    SERVICES.map(async (service): Promise<PartRead> => {
      try {
        const part = await api.request<ServicePart>(EVENTS_PATH[service](id), {
          headers: reasonHeader(reason),
          signal,
        });
        return { kind: 'part', part };
      } catch (error) {
        if (error instanceof ApiError && error.problem.status === 404) return { kind: 'none' };
        if (error instanceof ApiError && error.problem.status === 403)
          return { kind: 'refused', status: 403, message: error.problem.message };
        throw error;
      }
    }),
  );
  return Object.fromEntries(SERVICES.map((service, index) => [service, reads[index]!])) as Record<
    ServiceName,
    PartRead
  >;
}

/** `GET /outcomes/:incidentId`: the outcome state now, its version the `If-Match` of the next write. */
export function readOutcome(
  api: ApiClient,
  incidentId: string,
  reason: string,
  signal?: AbortSignal,
): Promise<OutcomeView> {
  return api.request<OutcomeView>(`/api/outcomes/outcomes/${encodeURIComponent(incidentId)}`, {
    headers: reasonHeader(reason),
    signal,
  });
}

/** `GET /incidents?externalRef=`: the incident a CAD reference names (no personal data: no reason needed). */
export async function findByExternalRef(api: ApiClient, externalRef: string): Promise<string[]> {
  const answer = await api.request<{ items: Array<{ incidentId: string }> }>(
    `/api/intake/incidents?externalRef=${encodeURIComponent(externalRef.trim())}&limit=5`,
  );
  return answer.items.map((item) => item.incidentId);
}

/** The outcome writes (docs/outcomes.md, "HTTP"), each below `/outcomes/:incidentId`. */
export type OutcomeAction =
  | 'consultation'
  | 'detention'
  | 'place-of-safety'
  | 'conveyance'
  | 'arrival'
  | 'transfer'
  | 'welfare-check'
  | 'extension'
  | 'assessment'
  | 'end'
  | 'disposition'
  | 'closure';

const ROUTE: Record<OutcomeAction, string> = {
  consultation: 'section-136/consultation',
  detention: 'section-136/detention',
  'place-of-safety': 'section-136/place-of-safety',
  conveyance: 'section-136/conveyance',
  arrival: 'section-136/arrival',
  transfer: 'section-136/transfer',
  'welfare-check': 'section-136/welfare-check',
  extension: 'section-136/extension',
  assessment: 'section-136/assessment',
  end: 'section-136/end',
  disposition: 'disposition',
  closure: 'closure',
};

export function actOnOutcome(
  api: ApiClient,
  incidentId: string,
  action: OutcomeAction,
  body: object,
  version: number | null,
): Promise<{ incidentId: string; version: number }> {
  return api.request(`/api/outcomes/outcomes/${encodeURIComponent(incidentId)}/${ROUTE[action]}`, {
    method: 'POST',
    body,
    headers: version === null ? {} : { 'If-Match': `"${version}"` },
  });
}

import type { ApiClient } from '../../api/api-client';
import type { CallView, WriteAnswer } from './call-view';

/** Triage's routes as the console reaches them (docs/openapi/triage.json), below `/api/triage`. */
const TRIAGE = '/api/triage/triage';

export type CallAction = 'answer' | 'risk-assessment' | 'records-check' | 'advice' | 'close';

export const ACTION_LABELS: Readonly<Record<CallAction, string>> = {
  answer: 'Answer',
  'risk-assessment': 'Risk assessment',
  'records-check': 'Records check',
  advice: 'Advice',
  close: 'Close',
};

/** `GET /triage/:incidentId`: personal data, so the reason is required and the read is audited. */
export function readCall(
  api: ApiClient,
  incidentId: string,
  reason: string,
  signal?: AbortSignal,
): Promise<CallView> {
  return api.request<CallView>(`${TRIAGE}/${encodeURIComponent(incidentId)}`, {
    headers: { 'X-Access-Reason': reason.trim() },
    signal,
  });
}

/** `POST /triage/:incidentId/<action>` with `If-Match` when the version the clinician saw is known. */
export function actOnCall(
  api: ApiClient,
  incidentId: string,
  action: CallAction,
  body: object,
  version: number | null,
): Promise<WriteAnswer> {
  return api.request<WriteAnswer>(`${TRIAGE}/${encodeURIComponent(incidentId)}/${action}`, {
    method: 'POST',
    body,
    headers: version === null ? {} : { 'If-Match': `"${version}"` },
  });
}

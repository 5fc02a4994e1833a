import type { LocationKind, PresentingConcern, RcrpCategory } from '@rcrp/events/vocabulary';

/**
 * A waiting call as `GET /triage/queue/stream` sends it (triage's QueueEntry, apps/triage/src/calls/calls.service.ts;
 * docs/openapi/triage.json). No personal data: who and where are the officer's and the report's.
 */
export interface QueueEntry {
  incidentId: string;
  priority: number;
  presentingConcerns: PresentingConcern[];
  queuedAt: string;
  /** As of the snapshot or the change only: the screen counts from `queuedAt`. */
  waitingSeconds: number;
  version: number;
  officerId: string | null;
  force: string | null;
  borough: string | null;
  category: RcrpCategory | null;
  locationKind: LocationKind | null;
  sourceSystem: string | null;
  externalRef: string | null;
}

import type {
  LocationKind,
  PresentingConcern,
  Profession,
  RcrpCategory,
  Recommendation,
  RiskLevel,
} from '@rcrp/events/vocabulary';

export type CallStatus = 'queued' | 'answered' | 'closed' | 'abandoned' | 'withdrawn';

/**
 * A call as `GET /triage/:incidentId` answers a clinician or an operator (triage's CallView,
 * apps/triage/src/calls/call-view.ts), the fields this screen uses.
 */
export interface CallView {
  incidentId: string;
  version: number;
  status: CallStatus;
  priority: number;
  presentingConcerns: PresentingConcern[];
  queuedAt: string;
  context: {
    officerId: string | null;
    force: string | null;
    borough: string | null;
    category: RcrpCategory | null;
    locationKind: LocationKind | null;
    sourceSystem: string | null;
    externalRef: string | null;
  };
  answer: { answeredAt: string; clinicianId: string; profession: Profession } | null;
  riskAssessments: Array<{
    assessedAt: string;
    clinicianId: string;
    level: RiskLevel;
    factors: string[];
    rationale: string;
  }>;
  recordsChecks: Array<{
    checkedAt: string;
    clinicianId: string;
    knownToServices: boolean;
    notes: string | null;
  }>;
  advice: Array<{
    givenAt: string;
    clinicianId: string;
    profession: Profession;
    recommendation: Recommendation;
    rationale: string;
  }>;
  closedAt: string | null;
  timeToAnswerSeconds: number | null;
  timeToAdviceSeconds: number | null;
}

/** What a write answers (every service's writes, libs/runtime write-request.ts). */
export interface WriteAnswer {
  incidentId: string;
  version: number;
  events: Array<{ type: string }>;
}

/**
 * What changed between the call as the clinician had it and as it is now, in words, for the notice after a
 * version conflict (409): the clinician must see what someone else recorded before acting again.
 */
export function describeCallChanges(before: CallView, after: CallView): string[] {
  const changes: string[] = [];
  if (before.status !== after.status) changes.push(`the call is now ${after.status} (was ${before.status})`);
  if (!before.answer && after.answer) changes.push(`answered by ${after.answer.clinicianId}`);
  const added = (what: string, was: number, now: number, by: string[]) => {
    if (now > was)
      changes.push(`${now - was} new ${what}${now - was === 1 ? '' : 's'} by ${[...new Set(by)].join(', ')}`);
  };
  added(
    'risk assessment',
    before.riskAssessments.length,
    after.riskAssessments.length,
    after.riskAssessments.slice(before.riskAssessments.length).map((item) => item.clinicianId),
  );
  added(
    'records check',
    before.recordsChecks.length,
    after.recordsChecks.length,
    after.recordsChecks.slice(before.recordsChecks.length).map((item) => item.clinicianId),
  );
  added(
    'advice',
    before.advice.length,
    after.advice.length,
    after.advice.slice(before.advice.length).map((item) => item.clinicianId),
  );
  if (before.priority !== after.priority) changes.push(`priority ${after.priority} (was ${before.priority})`);
  if (changes.length === 0 && after.version !== before.version) {
    changes.push(`version ${after.version} (was ${before.version})`);
  }
  return changes;
}

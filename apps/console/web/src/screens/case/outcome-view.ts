/**
 * The outcome state as `GET /outcomes/:incidentId` answers it (apps/outcomes/src/outcomes/outcome-view.ts), the
 * fields this screen shows.
 */
export interface OutcomeView {
  incidentId: string;
  version: number;
  asOf: string | null;
  incident: {
    reportedAt: string;
    withdrawn: boolean;
    locationKind: string;
    subjectAgeYears?: number | null;
  } | null;
  consultation:
    | { kind: 'consulted'; profession: string; clinicianId: string | null; at: string }
    | { kind: 'not-practicable'; at: string }
    | null;
  detention: {
    status: 'active' | 'ended';
    detainedAt: string;
    ruleSetId: string;
    placeOfSafety: { kind: string; keptWhereFound: boolean } | null;
    clockStartedAt: string | null;
    deadline: string | null;
    extended: boolean;
    minutesRemaining: number | null;
    atPoliceStationSince: string | null;
    nextWelfareCheckDue: string | null;
    assessmentCompleted: boolean;
    endedAt: string | null;
  } | null;
  dispositions: string[];
  closed: boolean;
}

/** The stage the case is at, in words. */
export function outcomeStage(view: OutcomeView): string {
  if (view.closed) return 'Closed';
  const detention = view.detention;
  if (!detention) return view.dispositions.length > 0 ? 'Disposition recorded' : 'No section 136 recorded';
  if (detention.status === 'ended') return 'Detention ended';
  if (!detention.placeOfSafety) return 'Detained, no place of safety chosen';
  if (!detention.clockStartedAt) return 'Detained, on the way to the place of safety';
  return detention.assessmentCompleted ? 'Detained, assessed' : 'Detained at the place of safety';
}

/** What someone else changed, for the notice after a version conflict (409). */
export function describeOutcomeChanges(before: OutcomeView, after: OutcomeView): string[] {
  const changes: string[] = [];
  if (!before.consultation && after.consultation) changes.push('a consultation was recorded');
  if (!before.detention && after.detention) changes.push('the detention was recorded');
  const b = before.detention;
  const a = after.detention;
  if (a && b) {
    if (!b.placeOfSafety && a.placeOfSafety) changes.push(`place of safety chosen (${a.placeOfSafety.kind})`);
    else if (a.placeOfSafety && b.placeOfSafety && a.placeOfSafety.kind !== b.placeOfSafety.kind)
      changes.push(`moved to ${a.placeOfSafety.kind} (was ${b.placeOfSafety.kind})`);
    if (!b.clockStartedAt && a.clockStartedAt) changes.push('the arrival was recorded: the clock started');
    if (!b.extended && a.extended) changes.push('the detention was extended');
    if (!b.assessmentCompleted && a.assessmentCompleted) changes.push('the assessment was recorded');
    if (b.status !== a.status) changes.push(`the detention is now ${a.status}`);
  }
  if (after.dispositions.length > before.dispositions.length) changes.push('a disposition was recorded');
  if (!before.closed && after.closed) changes.push('the case was closed');
  if (changes.length === 0 && after.version !== before.version)
    changes.push(`version ${after.version} (was ${before.version})`);
  return changes;
}

import type { StreamEvent } from '../../api/event-stream-parser';
import { applyLiveListEvent, emptyLiveList, type LiveList } from '../../api/live-list';

/**
 * A running detention as `GET /detentions/active/stream` sends it (outcomes' ActiveDetention,
 * apps/outcomes/src/outcomes/outcome-reads.service.ts). `minutesRemaining` is not pushed as it ticks: the board
 * counts down from `deadline` itself.
 */
export interface ActiveDetention {
  incidentId: string;
  detainedAt: string;
  placeOfSafety: { kind: string | null; name: string | null };
  clockStartedAt: string | null;
  deadline: string | null;
  minutesRemaining: number | null;
  extended: boolean;
  deadlineApproachingNoticed: boolean;
  limitExceeded: boolean;
  limitExceededBeforeExtensionRecorded: boolean;
  nextWelfareCheckDue: string | null;
  welfareCheckOverdue: boolean;
  policeStationUseInvalidated: { at: string; ruleId: string } | null;
  version: number;
}

export type BoardState = LiveList<ActiveDetention>;
export const EMPTY_BOARD: BoardState = emptyLiveList();

export function applyBoardEvent(state: BoardState, event: StreamEvent): BoardState {
  return applyLiveListEvent(state, event, (detention: ActiveDetention) => detention.incidentId);
}

/** The warning comes 2 hours before the deadline (outcomes' DETENTION_WARNING_LEAD_MINUTES default, rule 7). */
export const WARNING_BEFORE_SECONDS = 2 * 60 * 60;

export type CountdownState = 'not-started' | 'running' | 'warning' | 'breached';

export interface Countdown {
  state: CountdownState;
  /** Whole seconds to the deadline; negative once it has passed; null before the clock starts. */
  secondsLeft: number | null;
}

/**
 * The countdown to a deadline at `nowMs`: running, in its last 2 hours (warning), or passed (breached, from the
 * deadline's own second on, as outcomes counts `limitExceeded`).
 */
export function countdownTo(deadline: string | null, nowMs: number): Countdown {
  const at = deadline === null ? NaN : Date.parse(deadline);
  if (Number.isNaN(at)) return { state: 'not-started', secondsLeft: null };
  const secondsLeft = Math.ceil((at - nowMs) / 1000);
  if (secondsLeft <= 0) return { state: 'breached', secondsLeft };
  if (secondsLeft <= WARNING_BEFORE_SECONDS) return { state: 'warning', secondsLeft };
  return { state: 'running', secondsLeft };
}

/**
 * Most urgent first, as outcomes orders its board: the earliest deadline first (so a breach, then a warning), those
 * whose clock has not started (not yet at a place of safety) last, then the earliest detained, then incident id.
 */
export function compareDetentions(a: ActiveDetention, b: ActiveDetention): number {
  const deadline = (d: ActiveDetention) => (d.deadline === null ? Infinity : Date.parse(d.deadline));
  const byDeadline = deadline(a) - deadline(b);
  if (byDeadline !== 0 && !Number.isNaN(byDeadline)) return byDeadline;
  const byDetained = Date.parse(a.detainedAt) - Date.parse(b.detainedAt);
  if (byDetained !== 0) return byDetained;
  return a.incidentId < b.incidentId ? -1 : a.incidentId > b.incidentId ? 1 : 0;
}

export function orderedBoard(state: BoardState): ActiveDetention[] {
  return [...state.entries.values()].sort(compareDetentions);
}

export type NoticeKind =
  | 'deadline-approaching'
  | 'limit-exceeded'
  | 'welfare-overdue'
  | 'police-station-under-18';

export interface BoardNotice {
  kind: NoticeKind;
  incidentId: string;
  message: string;
}

const NOTICE_TEXT: Record<NoticeKind, string> = {
  'deadline-approaching': 'Detention deadline approaching (2 hours or less)',
  'limit-exceeded': 'Detention limit exceeded',
  'welfare-overdue': 'Welfare check overdue at the police station',
  'police-station-under-18': 'Under 18 held at a police station: move them now',
};

/**
 * The notices a change to one detention brings: what the clock (or an amendment) gave since the board last showed
 * it, so the screen alerts once per notice, not on every update.
 */
export function noticesOf(
  before: ActiveDetention | undefined,
  after: ActiveDetention,
  place: string,
): BoardNotice[] {
  const became = (now: boolean, was: boolean | undefined) => now && !was;
  const kinds: NoticeKind[] = [];
  if (became(after.deadlineApproachingNoticed, before?.deadlineApproachingNoticed))
    kinds.push('deadline-approaching');
  if (became(after.limitExceeded, before?.limitExceeded)) kinds.push('limit-exceeded');
  if (became(after.welfareCheckOverdue, before?.welfareCheckOverdue)) kinds.push('welfare-overdue');
  if (
    became(
      after.policeStationUseInvalidated !== null,
      before ? before.policeStationUseInvalidated !== null : false,
    )
  )
    kinds.push('police-station-under-18');
  return kinds.map((kind) => ({
    kind,
    incidentId: after.incidentId,
    message: `${NOTICE_TEXT[kind]}: ${place}`,
  }));
}

/** Where the person is held, as a row and an alert name it. */
export function placeOf(detention: ActiveDetention, labelOf: (value: string | null) => string): string {
  const { kind, name } = detention.placeOfSafety;
  if (!kind && !name) return 'no place of safety yet';
  return [name, kind ? labelOf(kind) : null].filter(Boolean).join(', ');
}

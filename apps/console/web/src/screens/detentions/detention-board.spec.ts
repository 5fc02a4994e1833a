import {
  applyBoardEvent,
  compareDetentions,
  countdownTo,
  EMPTY_BOARD,
  noticesOf,
  orderedBoard,
  type ActiveDetention,
} from './detention-board';

const detention = (
  incidentId: string,
  deadline: string | null,
  extra: Partial<ActiveDetention> = {},
): ActiveDetention => ({
  incidentId,
  detainedAt: '2026-12-01T09:00:00Z',
  placeOfSafety: { kind: 'health-based-place-of-safety', name: 'Maudsley HBPoS' },
  clockStartedAt: deadline ? '2026-12-01T10:00:00Z' : null,
  deadline,
  minutesRemaining: null,
  extended: false,
  deadlineApproachingNoticed: false,
  limitExceeded: false,
  limitExceededBeforeExtensionRecorded: false,
  nextWelfareCheckDue: null,
  welfareCheckOverdue: false,
  policeStationUseInvalidated: null,
  version: 3,
  ...extra,
});

const NOW = Date.parse('2026-12-02T08:00:00Z');

describe('the countdown to a deadline', () => {
  it('runs until 2 hours before the deadline', () => {
    expect(countdownTo('2026-12-02T10:00:01Z', NOW)).toEqual({ state: 'running', secondsLeft: 7201 });
  });
  it('warns from 2 hours before', () => {
    expect(countdownTo('2026-12-02T10:00:00Z', NOW)).toEqual({ state: 'warning', secondsLeft: 7200 });
    expect(countdownTo('2026-12-02T08:00:01Z', NOW)).toEqual({ state: 'warning', secondsLeft: 1 });
  });
  it('is breached from the deadline on, counting the time over', () => {
    expect(countdownTo('2026-12-02T08:00:00Z', NOW)).toEqual({ state: 'breached', secondsLeft: 0 });
    expect(countdownTo('2026-12-02T07:30:00Z', NOW)).toEqual({ state: 'breached', secondsLeft: -1800 });
  });
  it('has not started before the place of safety (no deadline)', () => {
    expect(countdownTo(null, NOW)).toEqual({ state: 'not-started', secondsLeft: null });
  });
  it('ticks: a second later is a second less', () => {
    const deadline = '2026-12-02T12:00:00Z';
    expect(countdownTo(deadline, NOW + 1000).secondsLeft).toBe(countdownTo(deadline, NOW).secondsLeft! - 1);
  });
});

describe('the board order', () => {
  it('puts the earliest deadline first, no deadline last, then the earliest detained, then incident id', () => {
    const board = [
      detention('not-started', null),
      detention('later', '2026-12-02T20:00:00Z'),
      detention('breached', '2026-12-02T07:00:00Z'),
      detention('b-same', '2026-12-02T09:00:00Z'),
      detention('a-same', '2026-12-02T09:00:00Z'),
      detention('early-detained', '2026-12-02T09:00:00Z', { detainedAt: '2026-12-01T08:00:00Z' }),
    ];
    expect([...board].sort(compareDetentions).map((d) => d.incidentId)).toEqual([
      'breached',
      'early-detained',
      'a-same',
      'b-same',
      'later',
      'not-started',
    ]);
  });

  it('keeps the live events: snapshot, added, updated, removed', () => {
    let board = applyBoardEvent(EMPTY_BOARD, {
      id: '1',
      event: 'snapshot',
      data: { asOf: '2026-12-02T08:00:00Z', items: [detention('a', '2026-12-02T20:00:00Z')] },
    });
    board = applyBoardEvent(board, { id: '2', event: 'added', data: detention('b', '2026-12-02T09:00:00Z') });
    expect(orderedBoard(board).map((d) => d.incidentId)).toEqual(['b', 'a']);
    board = applyBoardEvent(board, {
      id: '3',
      event: 'updated',
      data: detention('a', '2026-12-02T08:30:00Z'),
    });
    expect(orderedBoard(board).map((d) => d.incidentId)).toEqual(['a', 'b']);
    board = applyBoardEvent(board, { id: '4', event: 'removed', data: { key: 'a' } });
    expect(orderedBoard(board).map((d) => d.incidentId)).toEqual(['b']);
    expect(applyBoardEvent(board, { id: '5', event: 'removed', data: { key: 'zz' } })).toBe(board);
  });
});

describe('the notices a change brings', () => {
  const before = detention('a', '2026-12-02T09:00:00Z');
  it('alerts once when the warning, the breach, an overdue welfare check or an under-18 notice arrives', () => {
    const after = detention('a', '2026-12-02T09:00:00Z', {
      deadlineApproachingNoticed: true,
      limitExceeded: true,
      welfareCheckOverdue: true,
      policeStationUseInvalidated: { at: '2026-12-02T07:59:00Z', ruleId: 'POS-POLICE-STATION-UNDER-18' },
    });
    expect(noticesOf(before, after, 'Brixton').map((notice) => notice.kind)).toEqual([
      'deadline-approaching',
      'limit-exceeded',
      'welfare-overdue',
      'police-station-under-18',
    ]);
    expect(noticesOf(after, after, 'Brixton')).toEqual([]);
  });
  it('names the place in the message', () => {
    const after = { ...before, limitExceeded: true };
    expect(noticesOf(before, after, 'Maudsley HBPoS')).toEqual([
      { kind: 'limit-exceeded', incidentId: 'a', message: 'Detention limit exceeded: Maudsley HBPoS' },
    ]);
  });
  it('treats a new detention that already carries a notice as news', () => {
    expect(noticesOf(undefined, { ...before, welfareCheckOverdue: true }, 'x').map((n) => n.kind)).toEqual([
      'welfare-overdue',
    ]);
  });
});

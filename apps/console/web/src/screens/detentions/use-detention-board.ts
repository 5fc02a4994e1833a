import { useEffect, useRef, useState } from 'react';
import { openLiveStream, type StreamStatus } from '../../api/live-stream';
import { useSession } from '../../session/session-context';
import { useAnnounce } from '../../ui/announcer';
import { labelOf } from '../../ui/labels';
import {
  applyBoardEvent,
  EMPTY_BOARD,
  noticesOf,
  orderedBoard,
  placeOf,
  type ActiveDetention,
  type BoardNotice,
  type BoardState,
} from './detention-board';

/** How many alerts stay on screen (the newest first). */
const ALERTS_KEPT = 10;

export interface LiveBoard {
  detentions: ActiveDetention[];
  status: StreamStatus;
  refused: number | null;
  loaded: boolean;
  /** The notices that arrived since the board opened, newest first, each with when it arrived. */
  alerts: Array<BoardNotice & { arrivedAt: string }>;
}

/**
 * The running detentions from `GET /api/outcomes/detentions/active/stream`, most urgent first. A notice the clock
 * gives (deadline approaching, limit exceeded, welfare check overdue) or an under-18 alert arriving after the snapshot
 * is announced through the live region and kept in the alerts list.
 */
export function useDetentionBoard(): LiveBoard {
  const { session, signOut } = useSession();
  const announce = useAnnounce();
  const [board, setBoard] = useState<BoardState>(EMPTY_BOARD);
  const [loaded, setLoaded] = useState(false);
  const [status, setStatus] = useState<StreamStatus>('connecting');
  const [refused, setRefused] = useState<number | null>(null);
  const [alerts, setAlerts] = useState<LiveBoard['alerts']>([]);
  const token = useRef(session?.token ?? null);
  token.current = session?.token ?? null;
  // The board as last applied, read by the stream's callback (which outlives any one render).
  const current = useRef<BoardState>(EMPTY_BOARD);

  useEffect(() => {
    let wasLive = false;
    const close = openLiveStream({
      url: '/api/outcomes/detentions/active/stream',
      token: () => token.current,
      onEvent: (event) => {
        const before = current.current;
        const after = applyBoardEvent(before, event);
        current.current = after;
        setBoard(after);
        if (event.event === 'snapshot') setLoaded(true);
        if (event.event !== 'added' && event.event !== 'updated') return;
        const detention = event.data as ActiveDetention;
        const notices = noticesOf(
          before.entries.get(detention.incidentId),
          detention,
          placeOf(detention, labelOf),
        );
        if (notices.length === 0) return;
        announce(notices.map((notice) => notice.message).join('. '));
        const arrivedAt = new Date().toISOString();
        setAlerts((kept) =>
          [...notices.map((notice) => ({ ...notice, arrivedAt })), ...kept].slice(0, ALERTS_KEPT),
        );
      },
      onStatus: (next) => {
        setStatus(next);
        if (next === 'live') wasLive = true;
        if (next === 'reconnecting' && wasLive) {
          wasLive = false;
          announce('The detention board lost its connection; reconnecting.');
        }
      },
      onRefused: (code) => {
        if (code === 401) signOut('Your sign-in is no longer accepted. Sign in again to go on.');
        else setRefused(code);
      },
    });
    return close;
  }, [announce, signOut]);

  return { detentions: orderedBoard(board), status, refused, loaded, alerts };
}

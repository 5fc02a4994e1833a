import { useEffect, useRef, useState } from 'react';
import { openLiveStream, type StreamStatus } from '../../api/live-stream';
import { useSession } from '../../session/session-context';
import { useAnnounce } from '../../ui/announcer';
import { labelOf } from '../../ui/labels';
import type { QueueEntry } from './queue-entry';
import { applyQueueEvent, EMPTY_QUEUE, orderedQueue, type QueueState } from './queue-order';

/** How long a new call stays highlighted. */
const NEW_FOR_MS = 15_000;

export interface LiveQueue {
  calls: QueueEntry[];
  status: StreamStatus;
  /** A 403 or similar that ends the stream for good. */
  refused: number | null;
  /** Incident ids that arrived in the last few seconds. */
  fresh: ReadonlySet<string>;
  /** The snapshot has arrived: an empty list means no calls, not "not loaded yet". */
  loaded: boolean;
}

/**
 * The waiting calls from `GET /api/triage/triage/queue/stream`, kept in queue order; each call added after the
 * snapshot is announced and highlighted for a while.
 */
export function useLiveQueue(): LiveQueue {
  const { session, signOut } = useSession();
  const announce = useAnnounce();
  const [state, setState] = useState<QueueState>(EMPTY_QUEUE);
  const [loaded, setLoaded] = useState(false);
  const [status, setStatus] = useState<StreamStatus>('connecting');
  const [refused, setRefused] = useState<number | null>(null);
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());
  const token = useRef(session?.token ?? null);
  token.current = session?.token ?? null;
  const wasLive = useRef(false);

  useEffect(() => {
    const timers = new Set<ReturnType<typeof setTimeout>>();
    const close = openLiveStream({
      url: '/api/triage/triage/queue/stream',
      token: () => token.current,
      onEvent: (event) => {
        setState((current) => applyQueueEvent(current, event));
        if (event.event === 'snapshot') setLoaded(true);
        if (event.event === 'added') {
          const entry = event.data as QueueEntry;
          announce(
            `New call, priority ${entry.priority}: ${entry.presentingConcerns.map(labelOf).join(', ')}${
              entry.borough ? `, ${entry.borough}` : ''
            }`,
          );
          setFresh((current) => new Set(current).add(entry.incidentId));
          const timer = setTimeout(() => {
            timers.delete(timer);
            setFresh((current) => {
              const next = new Set(current);
              next.delete(entry.incidentId);
              return next;
            });
          }, NEW_FOR_MS);
          timers.add(timer);
        }
      },
      onStatus: (next) => {
        setStatus(next);
        if (next === 'live') wasLive.current = true;
        if (next === 'reconnecting' && wasLive.current) {
          wasLive.current = false;
          announce('The live queue lost its connection; reconnecting.');
        }
      },
      onRefused: (code) => {
        if (code === 401) signOut('Your sign-in is no longer accepted. Sign in again to go on.');
        else setRefused(code);
      },
    });
    return () => {
      close();
      for (const timer of timers) clearTimeout(timer);
    };
  }, [announce, signOut]);

  return { calls: orderedQueue(state), status, refused, fresh, loaded };
}

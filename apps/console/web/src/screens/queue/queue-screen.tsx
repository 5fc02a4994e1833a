import { Link, useParams } from 'react-router';
import type { StreamStatus } from '../../api/live-stream';
import { labelOf } from '../../ui/labels';
import { useNow } from '../../ui/use-now';
import { describeDuration, formatDuration, secondsSince } from '../../ui/waiting-time';
import { CallPanel } from './call-panel';
import type { QueueEntry } from './queue-entry';
import { useLiveQueue } from './use-live-queue';

const STATUS_TEXT: Record<StreamStatus, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
};

/**
 * The clinicians' live queue (issue 17): the waiting calls as triage streams them, most urgent first, each with a
 * waiting time that ticks; a call opened from it (`/queue/<incidentId>`) is worked in the panel beside it.
 */
export default function QueueScreen() {
  const live = useLiveQueue();
  const now = useNow(1000);
  const incidentId = useParams()['*'] || null;
  const selected = incidentId ? (live.calls.find((call) => call.incidentId === incidentId) ?? null) : null;

  return (
    <div className={incidentId ? 'queue-layout queue-layout--with-call' : 'queue-layout'}>
      <section aria-labelledby="queue-title" className="queue">
        <div className="screen-header">
          <h1 id="queue-title">Live queue</h1>
          <p className={`stream-status stream-status--${live.status}`} data-testid="stream-status">
            {live.refused ? `Not available for your role (HTTP ${live.refused})` : STATUS_TEXT[live.status]}
          </p>
        </div>
        <p className="hint">
          {live.loaded
            ? `${live.calls.length} waiting ${live.calls.length === 1 ? 'call' : 'calls'}, most urgent first. New calls appear here and are announced.`
            : 'Loading the queue…'}
        </p>
        {live.loaded && live.calls.length === 0 && <p className="placeholder">No calls are waiting.</p>}
        {live.calls.length > 0 && (
          <div className="table-scroll" role="region" aria-label="Waiting calls" tabIndex={0}>
            <table className="queue-table">
              <caption className="visually-hidden">Waiting calls, most urgent first</caption>
              <thead>
                <tr>
                  <th scope="col">Priority</th>
                  <th scope="col">Waiting</th>
                  <th scope="col">Concerns</th>
                  <th scope="col">CAD reference</th>
                  <th scope="col">Source</th>
                  <th scope="col">Officer</th>
                  <th scope="col">Force</th>
                  <th scope="col">Borough</th>
                  <th scope="col">Location</th>
                  <th scope="col">
                    <span className="visually-hidden">Action</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {live.calls.map((call) => (
                  <QueueRow
                    key={call.incidentId}
                    call={call}
                    now={now}
                    fresh={live.fresh.has(call.incidentId)}
                    selected={call.incidentId === incidentId}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {incidentId && <CallPanel key={incidentId} incidentId={incidentId} entry={selected} />}
    </div>
  );
}

function QueueRow({
  call,
  now,
  fresh,
  selected,
}: {
  call: QueueEntry;
  now: number;
  fresh: boolean;
  selected: boolean;
}) {
  const waited = secondsSince(call.queuedAt, now);
  const name = call.externalRef ?? `incident ${call.incidentId.slice(0, 8)}`;
  return (
    <tr
      className={[fresh ? 'row--new' : '', selected ? 'row--selected' : ''].join(' ').trim() || undefined}
      aria-current={selected ? 'true' : undefined}
      data-testid="queue-row"
      data-incident-id={call.incidentId}
    >
      <td className="num">
        {call.priority}
        {fresh && <span className="badge badge--new">New</span>}
      </td>
      <td className="num">
        <time dateTime={call.queuedAt} data-testid="waiting">
          <span aria-hidden="true">{formatDuration(waited)}</span>
          <span className="visually-hidden">{describeDuration(waited)}</span>
        </time>
      </td>
      <td>{call.presentingConcerns.map(labelOf).join(', ')}</td>
      <td className="mono">{call.externalRef ?? '—'}</td>
      <td className="nowrap">{call.sourceSystem ?? 'Line call'}</td>
      <td className="nowrap">{call.officerId ?? '—'}</td>
      <td>{call.force ?? '—'}</td>
      <td>{call.borough ?? '—'}</td>
      <td>{labelOf(call.locationKind)}</td>
      <td>
        <Link className="button button--primary" to={`/queue/${call.incidentId}`}>
          Answer<span className="visually-hidden"> {name}</span>
        </Link>
      </td>
    </tr>
  );
}

import { formatTime } from '../../ui/format-time';
import { Link } from 'react-router';
import type { StreamStatus } from '../../api/live-stream';
import { labelOf } from '../../ui/labels';
import { useNow } from '../../ui/use-now';
import { describeDuration, formatDuration } from '../../ui/waiting-time';
import { countdownTo, placeOf, type ActiveDetention, type Countdown } from './detention-board';
import { useDetentionBoard } from './use-detention-board';
import './detentions.css';

const STATUS_TEXT: Record<StreamStatus, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
};

/**
 * The detention board (issue 17): every running section 136 detention as outcomes streams it, most urgent first,
 * each with a countdown to its deadline that ticks every second, the 2-hour warning and the breach highlighted,
 * welfare checks due at police stations and the under-18 alert; a notice that arrives is announced and listed.
 */
export default function DetentionsScreen() {
  const board = useDetentionBoard();
  const now = useNow(1000);
  return (
    <section aria-labelledby="detentions-title" className="detentions">
      <div className="screen-header">
        <h1 id="detentions-title">Detentions</h1>
        <p className={`stream-status stream-status--${board.status}`} data-testid="stream-status">
          {board.refused ? `Not available for your role (HTTP ${board.refused})` : STATUS_TEXT[board.status]}
        </p>
      </div>
      {board.alerts.length > 0 && (
        <section aria-labelledby="alerts-title" className="board-alerts" data-testid="board-alerts">
          <h2 id="alerts-title">Alerts</h2>
          <ul>
            {board.alerts.map((alert) => (
              <li
                key={`${alert.incidentId}-${alert.kind}-${alert.arrivedAt}`}
                className={`alert alert--${alert.kind}`}
              >
                <time dateTime={alert.arrivedAt}>{formatTime(alert.arrivedAt)}</time>{' '}
                <Link to={`/case/${alert.incidentId}`}>{alert.message}</Link>
              </li>
            ))}
          </ul>
        </section>
      )}
      <p className="hint">
        {board.loaded
          ? `${board.detentions.length} running ${board.detentions.length === 1 ? 'detention' : 'detentions'}, most urgent first. The 24-hour period runs from arrival at the place of safety; the warning comes 2 hours before the deadline.`
          : 'Loading the board…'}
      </p>
      {board.loaded && board.detentions.length === 0 && (
        <p className="placeholder">No detention is running.</p>
      )}
      {board.detentions.length > 0 && (
        <div className="table-scroll" role="region" aria-label="Running detentions" tabIndex={0}>
          <table className="queue-table board-table">
            <caption className="visually-hidden">Running detentions, most urgent first</caption>
            <thead>
              <tr>
                <th scope="col">Time left</th>
                <th scope="col">Deadline</th>
                <th scope="col">Place of safety</th>
                <th scope="col">Clock started</th>
                <th scope="col">Welfare check</th>
                <th scope="col">Alerts</th>
                <th scope="col">
                  <span className="visually-hidden">Case</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {board.detentions.map((detention) => (
                <DetentionRow key={detention.incidentId} detention={detention} now={now} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function DetentionRow({ detention, now }: { detention: ActiveDetention; now: number }) {
  const countdown = countdownTo(detention.deadline, now);
  const place = placeOf(detention, labelOf);
  const underEighteen = detention.policeStationUseInvalidated;
  return (
    <tr
      className={`board-row board-row--${countdown.state}`}
      data-testid="detention-row"
      data-incident-id={detention.incidentId}
      data-deadline={detention.deadline ?? ''}
      data-state={countdown.state}
    >
      <td className="num">
        <CountdownCell countdown={countdown} />
      </td>
      <td className="nowrap">
        {detention.deadline ? (
          <time dateTime={detention.deadline} data-testid="deadline">
            {formatTime(detention.deadline)}
          </time>
        ) : (
          'not started'
        )}
        {detention.extended && <span className="badge">Extended</span>}
      </td>
      <td>{place}</td>
      <td className="nowrap">{detention.clockStartedAt ? formatTime(detention.clockStartedAt) : '—'}</td>
      <td className="nowrap">
        {detention.nextWelfareCheckDue ? (
          <span
            className={detention.welfareCheckOverdue ? 'flag flag--breached' : undefined}
            data-testid="welfare"
          >
            {detention.welfareCheckOverdue ? 'Overdue since ' : 'Due '}
            <time dateTime={detention.nextWelfareCheckDue}>{formatTime(detention.nextWelfareCheckDue)}</time>
          </span>
        ) : (
          '—'
        )}
      </td>
      <td>
        {underEighteen && (
          <span className="flag flag--breached" data-testid="under-18">
            Under 18 at a police station: move them ({underEighteen.ruleId})
          </span>
        )}
        {(detention.limitExceeded || detention.limitExceededBeforeExtensionRecorded) && (
          <span className="flag flag--breached">
            {detention.limitExceeded ? 'Limit exceeded' : 'Limit exceeded before the extension was recorded'}
          </span>
        )}
        {!detention.limitExceeded && detention.deadlineApproachingNoticed && (
          <span className="flag flag--warning">Deadline approaching</span>
        )}
      </td>
      <td>
        <Link className="button" to={`/case/${detention.incidentId}`}>
          Open case<span className="visually-hidden"> at {place}</span>
        </Link>
      </td>
    </tr>
  );
}

function CountdownCell({ countdown }: { countdown: Countdown }) {
  if (countdown.secondsLeft === null) return <span data-testid="countdown">Not started</span>;
  const breached = countdown.state === 'breached';
  const seconds = Math.abs(countdown.secondsLeft);
  return (
    <span className={`countdown countdown--${countdown.state}`} data-testid="countdown">
      <span aria-hidden="true">
        {breached ? `+${formatDuration(seconds)} over` : formatDuration(seconds)}
      </span>
      <span className="visually-hidden">
        {breached ? `Limit exceeded ${describeDuration(seconds)} ago` : `${describeDuration(seconds)} left`}
        {countdown.state === 'warning' ? ', warning' : ''}
      </span>
    </span>
  );
}

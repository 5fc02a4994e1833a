import { formatTime } from '../../ui/format-time';
import { labelOf } from '../../ui/labels';
import {
  dataLines,
  eventLabel,
  SERVICE_LABELS,
  verificationText,
  type CaseRecord,
  type PartRead,
  type ServiceName,
} from './case-record';

/** Each service's stream and its hash-chain check, or why it has no part in the record. */
export function StreamList({
  record,
  availability,
  reads,
}: {
  record: CaseRecord;
  availability: Record<ServiceName, PartRead['kind']>;
  reads: Record<ServiceName, PartRead>;
}) {
  return (
    <ul className="stream-list" data-testid="streams">
      {record.streams.map((stream) => {
        const read = reads[stream.service];
        const text =
          availability[stream.service] === 'refused'
            ? `not available to your role${read.kind === 'refused' ? ` (${read.message})` : ''}`
            : verificationText(stream);
        const broken = typeof stream.verification === 'object';
        return (
          <li
            key={stream.service}
            data-testid={`stream-${stream.service}`}
            className={broken ? 'stream--broken' : undefined}
          >
            <strong>{SERVICE_LABELS[stream.service]}</strong>
            {stream.streamId && <span className="mono"> {stream.streamId}</span>}: {text}
          </li>
        );
      })}
    </ul>
  );
}

/** The record in the order things happened: when, which service, what, who, the details, when it was recorded. */
export function RecordTable({ record }: { record: CaseRecord }) {
  if (record.entries.length === 0)
    return <p className="placeholder">Nothing is recorded for this case yet.</p>;
  return (
    <div className="table-scroll" role="region" aria-label="The case record" tabIndex={0}>
      <table className="queue-table record-table" data-testid="record">
        <caption className="visually-hidden">The case record, in the order things happened</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Service</th>
            <th scope="col">What</th>
            <th scope="col">Who</th>
            <th scope="col">Details</th>
            <th scope="col">Recorded</th>
          </tr>
        </thead>
        <tbody>
          {record.entries.map((entry) => (
            <tr key={entry.eventId} data-testid="record-entry" data-type={entry.type}>
              <td className="record-time">
                <time dateTime={entry.at}>{formatTime(entry.at)}</time>
              </td>
              <td>{entry.service}</td>
              <td>{eventLabel(entry.type)}</td>
              <td className="nowrap">
                {entry.actor.id} ({labelOf(entry.actor.role)})
              </td>
              <td>
                <dl className="data-lines">
                  {dataLines(entry.data).map((line) => (
                    <div key={line.path}>
                      <dt>{line.path}</dt>
                      <dd>
                        {line.erased ? (
                          <span
                            className="erased"
                            data-testid="erased"
                            title="Erased: nobody can read this again"
                          >
                            {line.value}
                          </span>
                        ) : (
                          line.value
                        )}
                      </dd>
                    </div>
                  ))}
                </dl>
              </td>
              <td className="record-time">
                <time dateTime={entry.recordedAt}>{formatTime(entry.recordedAt)}</time>
                {entry.recordedAt !== entry.at &&
                  Date.parse(entry.recordedAt) - Date.parse(entry.at) > 15 * 60_000 && (
                    <span className="badge">Late entry</span>
                  )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

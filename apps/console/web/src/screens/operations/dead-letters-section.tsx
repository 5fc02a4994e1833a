import { useQuery } from '@tanstack/react-query';
import { readDeadLetters } from './operations-api';

/** Dead letters per consumer and topic of each service, and the incidents held back behind them. */
export function DeadLettersSection() {
  const counts = useQuery({
    queryKey: ['dead-letters'],
    queryFn: ({ signal }) => readDeadLetters(signal),
    refetchInterval: 30_000,
  });
  return (
    <section aria-labelledby="dlq-title" className="card">
      <h2 id="dlq-title">Dead letters</h2>
      <p className="hint">
        From each service’s metrics and readiness: records its consumers sent to a dead-letter topic since the
        process started, and incidents held back behind one until an operator redrives or skips it (
        <code>npm run dlq -- list</code>
        ). Read every 30 seconds.
      </p>
      {counts.isPending && <p>Loading the counts…</p>}
      {counts.data && counts.data.unreachable.length > 0 && (
        <p className="problem" role="alert">
          Not reached: {counts.data.unreachable.join(', ')}.
        </p>
      )}
      {counts.data && counts.data.rows.length === 0 && <p className="placeholder">No consumer reported.</p>}
      {counts.data && counts.data.rows.length > 0 && (
        <div className="table-scroll" role="region" aria-label="Dead letters per consumer" tabIndex={0}>
          <table className="figures-table" data-testid="dead-letters">
            <caption className="visually-hidden">Dead letters per service, consumer and topic</caption>
            <thead>
              <tr>
                <th scope="col">Service</th>
                <th scope="col">Consumer</th>
                <th scope="col">Topic read</th>
                <th scope="col">Dead letters</th>
                <th scope="col">By reason</th>
                <th scope="col">Incidents parked</th>
              </tr>
            </thead>
            <tbody>
              {counts.data.rows.map((row) => (
                <tr key={`${row.service}-${row.consumer}`} data-testid="dead-letter-row">
                  <td>{row.service}</td>
                  <td className="mono">{row.consumer}</td>
                  <td className="mono">{row.topics.join(', ') || '—'}</td>
                  <td className="num">{row.deadLettered ?? 'not read'}</td>
                  <td>
                    {Object.entries(row.byReason)
                      .filter(([, count]) => count > 0)
                      .map(([reason, count]) => `${reason}: ${count}`)
                      .join(', ') || '—'}
                  </td>
                  <td className="num">{row.parked ?? 'not read'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { problemOf } from '../../api/api-problem';
import { useSignedIn } from '../../session/session-context';
import { Field } from '../../ui/form-fields';
import { ProblemMessage } from '../../ui/problem-message';
import {
  AUDIT_LIMIT,
  auditFilterProblems,
  mergeAudit,
  truncatedServices,
  type AuditFilter,
} from './audit-merge';
import { readAudits } from './operations-api';

const EMPTY: AuditFilter = { from: '', through: '', actor: '', incidentId: '' };

/** Who read which case, when and why: the three services' read audits as one list, newest first. */
export function AuditSection() {
  const { api } = useSignedIn();
  const [draft, setDraft] = useState<AuditFilter>(EMPTY);
  const [filter, setFilter] = useState<AuditFilter>(EMPTY);
  const [problems, setProblems] = useState<ReturnType<typeof auditFilterProblems>>({});
  const audits = useQuery({
    queryKey: ['audit', filter],
    queryFn: ({ signal }) => readAudits(api, filter, signal),
  });
  const merged = audits.data ? mergeAudit(audits.data.entries) : [];
  const truncated = audits.data ? truncatedServices(audits.data.entries) : [];

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const found = auditFilterProblems(draft);
    setProblems(found);
    if (Object.keys(found).length === 0) setFilter({ ...draft });
  };
  const input = (name: keyof AuditFilter, label: string, type: 'date' | 'text', hint?: string) => (
    <Field label={label} error={problems[name]} hint={hint}>
      {(control) => (
        <input
          {...control}
          type={type}
          name={name}
          value={draft[name]}
          onChange={(event) => setDraft({ ...draft, [name]: event.target.value })}
        />
      )}
    </Field>
  );

  return (
    <section aria-labelledby="audit-title" className="card">
      <h2 id="audit-title">Read audit</h2>
      <p className="hint">
        Every read of a case’s personal data in intake, triage and outcomes, newest first.
      </p>
      <form className="period-form" onSubmit={apply} noValidate aria-label="Filter the read audit">
        {input('from', 'From (day)', 'date')}
        {input('through', 'To (day, included)', 'date')}
        {input('actor', 'Reader', 'text', 'Staff id, e.g. RN-0042')}
        {input('incidentId', 'Incident id', 'text')}
        <button type="submit" className="button button--primary">
          Filter
        </button>
      </form>
      {audits.isPending && <p>Loading the audit…</p>}
      {audits.isError && <ProblemMessage problem={problemOf(audits.error)} />}
      {audits.data?.failed.map(({ service, error }) => (
        <ProblemMessage
          key={service}
          problem={problemOf(error)}
          title={`The ${service} audit could not be read`}
        />
      ))}
      {truncated.length > 0 && (
        <p className="notice">
          {truncated.join(', ')} answered its newest {AUDIT_LIMIT} reads only: narrow the filter to see older
          ones.
        </p>
      )}
      {audits.data && merged.length === 0 && <p className="placeholder">No reads match.</p>}
      {merged.length > 0 && (
        <div className="table-scroll" role="region" aria-label="Reads of personal data" tabIndex={0}>
          <table className="figures-table" data-testid="audit-table">
            <caption className="visually-hidden">Reads of personal data, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Reader</th>
                <th scope="col">Service</th>
                <th scope="col">Incident</th>
                <th scope="col">What was read</th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {merged.map((entry) => (
                <tr key={`${entry.service}-${entry.position}`} data-testid="audit-row">
                  <td className="num">
                    <time dateTime={entry.recordedAt}>
                      {new Date(entry.recordedAt).toLocaleString('en-GB')}
                    </time>
                  </td>
                  <td className="nowrap">
                    {entry.actor.id} ({entry.actor.role})
                  </td>
                  <td>{entry.service}</td>
                  <td className="mono">{entry.incidentId}</td>
                  <td className="mono">{entry.resource}</td>
                  <td>{entry.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

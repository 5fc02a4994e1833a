import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { problemOf } from '../../api/api-problem';
import { ROLE_LABELS } from '../../session/roles';
import { useSignedIn } from '../../session/session-context';
import { Field } from '../../ui/form-fields';
import { formatTime } from '../../ui/format-time';
import { labelOf } from '../../ui/labels';
import { ProblemMessage } from '../../ui/problem-message';
import { accessReasonError } from '../queue/call-forms';
import { findByExternalRef, readCaseParts, readOutcome } from './case-api';
import { caseRecordOf, lastRecordedAt } from './case-record';
import { RecordTable, StreamList } from './case-record-table';
import { outcomeStage, type OutcomeView } from './outcome-view';
import { Section136Actions } from './section-136-actions';
import './case.css';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The case view (issue 17): `/case` opens a case by incident id or CAD reference; `/case/<incidentId>` asks why
 * (sent as `X-Access-Reason`, so each service audits the read), then shows the whole record, the outcome state and,
 * for clinicians and officers, the section 136 steps; `/case/<incidentId>/print` is the record for evidence.
 */
export default function CaseScreen() {
  const [incidentId, view] = (useParams()['*'] ?? '').split('/');
  const location = useLocation();
  const passed = (location.state as { reason?: string } | null)?.reason ?? null;
  // The reason lives in this page only: asked again for each case (never carried to another), never stored.
  const [given, setGiven] = useState<{ incidentId: string; reason: string } | null>(null);
  const reason = passed ?? (given && given.incidentId === incidentId ? given.reason : null);
  if (!incidentId) return <OpenCase />;
  if (reason === null)
    return (
      <ReasonPrompt incidentId={incidentId} onReason={(text) => setGiven({ incidentId, reason: text })} />
    );
  return view === 'print' ? (
    <PrintRecord incidentId={incidentId} reason={reason} />
  ) : (
    <CaseView incidentId={incidentId} reason={reason} />
  );
}

function OpenCase() {
  const { api } = useSignedIn();
  const navigate = useNavigate();
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [matches, setMatches] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const wanted = value.trim();
    setMatches([]);
    if (wanted === '') return setError('is required: an incident id or a CAD reference');
    if (UUID.test(wanted)) return navigate(`/case/${wanted.toLowerCase()}`);
    setBusy(true);
    try {
      const found = await findByExternalRef(api, wanted);
      if (found.length === 1) return navigate(`/case/${found[0]}`);
      setError(found.length === 0 ? 'no incident has this CAD reference' : undefined);
      setMatches(found);
    } catch (failure) {
      setError(problemOf(failure).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="case-title">
      <h1 id="case-title">Open a case</h1>
      <form className="form card" onSubmit={submit} noValidate data-testid="open-case-form">
        <Field label="Incident id or CAD reference" hint="For example CAD-20261123-0417." error={error}>
          {(control) => (
            <input
              {...control}
              name="case"
              value={value}
              onChange={(event) => setValue(event.target.value)}
            />
          )}
        </Field>
        <button type="submit" className="button button--primary" disabled={busy}>
          Open case
        </button>
      </form>
      {matches.length > 1 && (
        <ul>
          {matches.map((id) => (
            <li key={id}>
              <Link to={`/case/${id}`}>Incident {id}</Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ReasonPrompt({ incidentId, onReason }: { incidentId: string; onReason(reason: string): void }) {
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | undefined>();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problem = accessReasonError(value);
    setError(problem);
    if (!problem) onReason(value.trim());
  };
  return (
    <section aria-labelledby="reason-title">
      <h1 id="reason-title" ref={heading} tabIndex={-1}>
        Case {incidentId}
      </h1>
      <form className="form card" onSubmit={submit} noValidate data-testid="reason-form">
        <p>
          The case record holds personal data. Each service records this read with your name and your reason.
        </p>
        <Field
          label="Reason for reading this case"
          hint="10-500 characters, e.g. the step you are about to record."
          error={error}
        >
          {(control) => (
            <input
              {...control}
              name="accessReason"
              value={value}
              onChange={(event) => setValue(event.target.value)}
            />
          )}
        </Field>
        <button type="submit" className="button button--primary">
          Read the case
        </button>
      </form>
    </section>
  );
}

/** The record and the outcome, read together with the one reason; the outcome is retried while outcomes has not heard of the incident. */
function useCase(incidentId: string, reason: string) {
  const { api, sub } = useSignedIn();
  const parts = useQuery({
    queryKey: ['case', 'parts', incidentId, reason],
    queryFn: ({ signal }) => readCaseParts(api, incidentId, reason, signal),
    retry: false,
  });
  const outcome = useQuery({
    queryKey: ['case', 'outcome', incidentId, reason],
    queryFn: ({ signal }) => readOutcome(api, incidentId, reason, signal),
    retry: false,
    refetchInterval: (query) => (problemOf(query.state.error).status === 404 ? 2000 : false),
  });
  const [generatedAt] = useState(() => new Date().toISOString());
  const merged = parts.data
    ? caseRecordOf(parts.data, {
        incidentId,
        generatedAt: parts.dataUpdatedAt ? new Date(parts.dataUpdatedAt).toISOString() : generatedAt,
        generatedBy: sub,
        reason,
      })
    : null;
  const reload = async (): Promise<OutcomeView | undefined> => {
    const [, after] = await Promise.all([parts.refetch(), outcome.refetch()]);
    return after.data;
  };
  return { parts, outcome, merged, reload };
}

function CaseView({ incidentId, reason }: { incidentId: string; reason: string }) {
  const { role } = useSignedIn();
  const { parts, outcome, merged, reload } = useCase(incidentId, reason);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const canAct = role === 'clinician' || role === 'officer';
  const outcomeProblem = outcome.isError ? problemOf(outcome.error) : null;
  return (
    <div className="case-layout">
      <section aria-labelledby="case-title" className="case-record">
        <div className="screen-header">
          <h1 id="case-title" ref={heading} tabIndex={-1}>
            Case {incidentId}
          </h1>
          <Link to={`/case/${incidentId}/print`} state={{ reason }} className="button">
            Print record
          </Link>
        </div>
        <p className="hint">Read because: {reason}</p>
        {parts.isPending && <p>Loading the record…</p>}
        {parts.isError && (
          <ProblemMessage problem={problemOf(parts.error)} title="The record could not be read" />
        )}
        {merged && parts.data && (
          <>
            <h2>Streams</h2>
            <StreamList record={merged.record} availability={merged.availability} reads={parts.data} />
            <h2>What happened, in order</h2>
            <RecordTable record={merged.record} />
          </>
        )}
      </section>
      <aside aria-labelledby="outcome-title" className="case-side">
        <h2 id="outcome-title">Outcome</h2>
        {outcome.isPending && <p>Loading the outcome…</p>}
        {outcomeProblem?.status === 404 && (
          <p className="notice" data-testid="outcome-unknown">
            Outcomes has not heard of this incident yet (it follows intake within seconds); trying again.
          </p>
        )}
        {outcomeProblem && outcomeProblem.status !== 404 && (
          <ProblemMessage problem={outcomeProblem} title="The outcome could not be read" />
        )}
        {outcome.data && <OutcomeSummary view={outcome.data} />}
        {outcome.data && canAct && (
          <Section136Actions
            incidentId={incidentId}
            view={outcome.data}
            lastRecordedAt={merged ? lastRecordedAt(merged.record) : null}
            reload={reload}
          />
        )}
      </aside>
    </div>
  );
}

function OutcomeSummary({ view }: { view: OutcomeView }) {
  const detention = view.detention;
  return (
    <dl className="facts" data-testid="outcome-summary">
      <Fact term="Stage">
        <span data-testid="outcome-stage">{outcomeStage(view)}</span>
      </Fact>
      {view.incident && <Fact term="Location">{labelOf(view.incident.locationKind)}</Fact>}
      <Fact term="Consultation">
        {view.consultation
          ? view.consultation.kind === 'consulted'
            ? `${labelOf(view.consultation.profession)}${view.consultation.clinicianId ? ` (${view.consultation.clinicianId})` : ''}`
            : 'Not practicable'
          : '—'}
      </Fact>
      {detention && (
        <>
          <Fact term="Detained">{formatTime(detention.detainedAt)}</Fact>
          <Fact term="Place of safety">
            {detention.placeOfSafety ? labelOf(detention.placeOfSafety.kind) : '—'}
            {detention.placeOfSafety?.keptWhereFound ? ' (kept where found)' : ''}
          </Fact>
          <Fact term="Clock started">
            {detention.clockStartedAt ? formatTime(detention.clockStartedAt) : 'not yet'}
          </Fact>
          <Fact term="Deadline">
            {detention.deadline ? (
              <time dateTime={detention.deadline} data-testid="outcome-deadline">
                {formatTime(detention.deadline)}
              </time>
            ) : (
              '—'
            )}
            {detention.extended ? ' (extended)' : ''}
          </Fact>
          {detention.nextWelfareCheckDue && (
            <Fact term="Next welfare check">{formatTime(detention.nextWelfareCheckDue)}</Fact>
          )}
          <Fact term="Rule set">{detention.ruleSetId}</Fact>
        </>
      )}
      {view.dispositions.length > 0 && (
        <Fact term="Dispositions">{view.dispositions.map(labelOf).join(', ')}</Fact>
      )}
      <Fact term="Version">
        <span data-testid="outcome-version">{view.version}</span>
      </Fact>
    </dl>
  );
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** The record for evidence: who printed it, when and why, each stream's hash-chain check, every entry; a print stylesheet drops the console's frame. */
function PrintRecord({ incidentId, reason }: { incidentId: string; reason: string }) {
  const { sub, role } = useSignedIn();
  const { parts, merged } = useCase(incidentId, reason);
  const [printedAt] = useState(() => new Date().toISOString());
  return (
    <article aria-labelledby="print-title" className="print-record" data-testid="print-record">
      <div className="screen-header no-print">
        <Link to={`/case/${incidentId}`} state={{ reason }} className="button">
          Back to the case
        </Link>
        <button type="button" className="button button--primary" onClick={() => window.print()}>
          Print
        </button>
      </div>
      <h1 id="print-title">Case record {incidentId}</h1>
      <p data-testid="printed-by">
        Printed by <strong>{sub}</strong> ({ROLE_LABELS[role]}) on{' '}
        <time dateTime={printedAt}>{formatTime(printedAt)}</time>. Reason: {reason}. Section 136 rule set in
        force: {merged?.record.ruleSet ?? 'none recorded'}.
      </p>
      {parts.isPending && <p>Loading the record…</p>}
      {parts.isError && (
        <ProblemMessage problem={problemOf(parts.error)} title="The record could not be read" />
      )}
      {merged && parts.data && (
        <>
          <h2>Streams and their hash-chain verification</h2>
          <StreamList record={merged.record} availability={merged.availability} reads={parts.data} />
          <h2>What happened, in order</h2>
          <RecordTable record={merged.record} />
        </>
      )}
    </article>
  );
}

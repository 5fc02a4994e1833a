import { PROFESSIONS, RECOMMENDATIONS, RISK_LEVELS } from '@rcrp/events/vocabulary';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Link } from 'react-router';
import { problemOf, reasonsFor, type ApiProblem } from '../../api/api-problem';
import { useSignedIn } from '../../session/session-context';
import { useAnnounce } from '../../ui/announcer';
import { Field, TextAreaField, VocabularySelect } from '../../ui/form-fields';
import { labelOf } from '../../ui/labels';
import { ProblemMessage } from '../../ui/problem-message';
import { formatDuration } from '../../ui/waiting-time';
import {
  accessReasonError,
  checkAdvice,
  checkAnswer,
  checkRecordsCheck,
  checkRiskAssessment,
  DEFAULT_ACCESS_REASON,
  type Checked,
} from './call-forms';
import { describeCallChanges, type CallView } from './call-view';
import type { QueueEntry } from './queue-entry';
import { ACTION_LABELS, actOnCall, readCall, type CallAction } from './triage-api';

/** What a form hands the panel: the action and its checked body; the panel sends it and answers with a problem. */
type Act = (action: CallAction, body: object) => Promise<ApiProblem | null>;

/**
 * One call, worked from answer to close (issue 17). Reading the call is a read of personal data: the reason is
 * asked once for this call (with a short default) and sent as `X-Access-Reason` on each read. Every write carries
 * `If-Match` with the version on screen; a 409 reloads the call and says what someone else changed.
 */
export function CallPanel({ incidentId, entry }: { incidentId: string; entry: QueueEntry | null }) {
  const { api, role } = useSignedIn();
  // The call as the queue last showed it: answering takes it out of the queue before the answer comes back.
  const [known, setKnown] = useState(entry);
  useEffect(() => {
    if (entry) setKnown(entry);
  }, [entry]);
  const announce = useAnnounce();
  const [reason, setReason] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [changed, setChanged] = useState<string | null>(null);
  const [onBehalfOf, setOnBehalfOf] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  const asOperator = role === 'operator';
  const call = useQuery({
    queryKey: ['triage', 'call', incidentId, reason],
    queryFn: ({ signal }) => readCall(api, incidentId, reason ?? '', signal),
    enabled: reason !== null,
  });
  const view = call.data ?? null;

  useEffect(() => heading.current?.focus(), []);
  useEffect(() => {
    if (view?.answer && onBehalfOf === '') setOnBehalfOf(view.answer.clinicianId);
  }, [view, onBehalfOf]);

  const act: Act = async (action, body) => {
    const before = view;
    setDone(null);
    setChanged(null);
    if (asOperator && action !== 'answer' && action !== 'close' && onBehalfOf.trim() === '') {
      return localProblem('clinicianId', 'is required when an operator records for a clinician');
    }
    const withClinician =
      asOperator && action !== 'answer' && action !== 'close'
        ? { ...body, clinicianId: onBehalfOf.trim() }
        : body;
    try {
      await actOnCall(api, incidentId, action, withClinician, before?.version ?? known?.version ?? null);
      const message = `${ACTION_LABELS[action]} recorded.`;
      setDone(message);
      announce(message);
      if (reason !== null) await call.refetch();
      return null;
    } catch (error) {
      const problem = problemOf(error);
      if (problem.status === 409 && reason !== null) {
        const after = (await call.refetch()).data;
        const what = before && after ? describeCallChanges(before, after) : [];
        const versions = problem.conflict
          ? ` (you had version ${problem.conflict.expectedVersion ?? '?'}, it is now at ${problem.conflict.actualVersion ?? '?'})`
          : '';
        setChanged(
          `This call changed before your ${ACTION_LABELS[action].toLowerCase()} was recorded${versions}. ` +
            `It has been reloaded${what.length > 0 ? `: ${what.join('; ')}` : ''}. Check it, then submit again.`,
        );
      }
      return problem;
    }
  };

  const title = known?.externalRef ?? view?.context.externalRef ?? `Incident ${incidentId.slice(0, 8)}`;
  return (
    <section className="call-panel" aria-labelledby="call-title" data-testid="call-panel">
      <div className="screen-header">
        <h2 id="call-title" ref={heading} tabIndex={-1}>
          Call {title}
        </h2>
        <Link to="/queue" className="button">
          Back to the queue
        </Link>
      </div>
      {done && (
        <p className="notice notice--done" role="status" data-testid="done">
          {done}
        </p>
      )}
      {changed && (
        <p className="notice notice--changed" role="alert" data-testid="changed">
          {changed}
        </p>
      )}
      {known && !view && <EntrySummary entry={known} />}
      {asOperator && (
        <Field
          label="Recording for clinician (id)"
          hint="An operator records on behalf of the clinician who acted."
          error={onBehalfOf.trim() === '' && view?.answer ? 'is required' : undefined}
        >
          {(control) => (
            <input {...control} value={onBehalfOf} onChange={(event) => setOnBehalfOf(event.target.value)} />
          )}
        </Field>
      )}
      {!view && known && reason === null && (
        <AnswerForm
          asOperator={asOperator}
          act={act}
          onAnswered={(answeredWith) => setReason(answeredWith)}
        />
      )}
      {!view && !entry && reason === null && <OpenCallForm onOpen={setReason} />}
      {call.isPending && reason !== null && <p>Loading the call…</p>}
      {call.isError && <ProblemMessage problem={problemOf(call.error)} title="The call could not be read" />}
      {view && <CallSummary view={view} />}
      {view?.status === 'queued' && (
        <AnswerForm asOperator={asOperator} act={act} onAnswered={() => undefined} withoutReason />
      )}
      {view?.status === 'answered' && (
        <>
          <RiskAssessmentForm act={act} />
          <RecordsCheckForm act={act} />
          <AdviceForm act={act} profession={view.answer?.profession ?? ''} />
          <CloseForm act={act} advised={view.advice.length > 0} />
        </>
      )}
    </section>
  );
}

function localProblem(field: string, reason: string): ApiProblem {
  return {
    status: 400,
    message: `${field}: ${reason}`,
    ruleId: null,
    fields: [{ field, reasons: [reason] }],
    conflict: null,
  };
}

function EntrySummary({ entry }: { entry: QueueEntry }) {
  return (
    <dl className="facts">
      <Fact term="Priority">{entry.priority}</Fact>
      <Fact term="Concerns">{entry.presentingConcerns.map(labelOf).join(', ')}</Fact>
      <Fact term="Officer">
        {entry.officerId ?? '—'} ({entry.force ?? '—'})
      </Fact>
      <Fact term="Where">
        {labelOf(entry.locationKind)}, {entry.borough ?? '—'}
      </Fact>
      <Fact term="Category">{labelOf(entry.category)}</Fact>
    </dl>
  );
}

function CallSummary({ view }: { view: CallView }) {
  return (
    <>
      <dl className="facts" data-testid="call-summary">
        <Fact term="Status">
          <span data-testid="call-status">{labelOf(view.status)}</span>
        </Fact>
        <Fact term="Priority">{view.priority}</Fact>
        <Fact term="Concerns">{view.presentingConcerns.map(labelOf).join(', ')}</Fact>
        <Fact term="Officer">
          {view.context.officerId ?? '—'} ({view.context.force ?? '—'})
        </Fact>
        <Fact term="Where">
          {labelOf(view.context.locationKind)}, {view.context.borough ?? '—'}
        </Fact>
        {view.answer && (
          <Fact term="Answered">
            by {view.answer.clinicianId} ({labelOf(view.answer.profession)})
            {view.timeToAnswerSeconds !== null && ` after ${formatDuration(view.timeToAnswerSeconds)}`}
          </Fact>
        )}
        <Fact term="Version">{view.version}</Fact>
      </dl>
      {(view.riskAssessments.length > 0 || view.recordsChecks.length > 0 || view.advice.length > 0) && (
        <section aria-labelledby="call-history" className="history">
          <h3 id="call-history">Recorded so far</h3>
          <ul data-testid="call-history">
            {view.riskAssessments.map((item, index) => (
              <li key={`risk-${index}`}>
                Risk <strong>{labelOf(item.level)}</strong> ({item.clinicianId}): {item.rationale}
                {item.factors.length > 0 && ` Factors: ${item.factors.join('; ')}.`}
              </li>
            ))}
            {view.recordsChecks.map((item, index) => (
              <li key={`records-${index}`}>
                Records check ({item.clinicianId}):{' '}
                {item.knownToServices ? 'known to services' : 'not known to services'}
                {item.notes && `. ${item.notes}`}
              </li>
            ))}
            {view.advice.map((item, index) => (
              <li key={`advice-${index}`}>
                Advice <strong>{labelOf(item.recommendation)}</strong> ({item.clinicianId},{' '}
                {labelOf(item.profession)}): {item.rationale}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
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

/**
 * A form's life: its values, the errors found before sending, the services' refusal after, and the submit that
 * checks then acts. `reset` empties it after a write that may be repeated (advice).
 */
function useCallForm<F extends Record<string, string>, B extends object>(
  initial: F,
  check: (form: F) => Checked<Extract<keyof F, string>, B>,
  send: (body: B) => Promise<ApiProblem | null>,
  // Each write is a new record (a second risk assessment, more advice): the form empties once it is recorded.
  { resetOnSuccess = true } = {},
) {
  const [values, setValues] = useState<F>(initial);
  const [errors, setErrors] = useState<Partial<Record<Extract<keyof F, string>, string>>>({});
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (field: keyof F) => (value: string) => setValues((current) => ({ ...current, [field]: value }));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = check(values);
    setProblem(null);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    setBusy(true);
    const refused = await send(result.body);
    setBusy(false);
    setProblem(refused);
    if (!refused && resetOnSuccess) setValues(initial);
  };
  const errorOf = (field: Extract<keyof F, string>) =>
    errors[field] ?? (reasonsFor(problem, field).join(', ') || undefined);
  return { values, set, submit, errorOf, problem, busy };
}

function FormCard({
  title,
  children,
  onSubmit,
  testId,
}: {
  title: string;
  children: ReactNode;
  onSubmit(event: FormEvent): void;
  testId: string;
}) {
  const id = `form-${testId}`;
  return (
    <form className="form card" onSubmit={onSubmit} noValidate aria-labelledby={id} data-testid={testId}>
      <h3 id={id}>{title}</h3>
      {children}
    </form>
  );
}

function AnswerForm({
  asOperator,
  act,
  onAnswered,
  withoutReason = false,
}: {
  asOperator: boolean;
  act: Act;
  onAnswered(reason: string): void;
  withoutReason?: boolean;
}) {
  const [reason, setReason] = useState(DEFAULT_ACCESS_REASON);
  const [reasonError, setReasonError] = useState<string | undefined>();
  const form = useCallForm(
    { profession: 'registered-nurse', clinicianId: '' },
    (values) => checkAnswer(values, asOperator),
    async (body) => {
      const refused = await act('answer', body);
      if (!refused) onAnswered(reason.trim());
      return refused;
    },
  );
  const submit = (event: FormEvent) => {
    const error = withoutReason ? undefined : accessReasonError(reason);
    setReasonError(error);
    if (error) {
      event.preventDefault();
      return;
    }
    void form.submit(event);
  };
  return (
    <FormCard title="Answer the call" onSubmit={submit} testId="answer-form">
      <VocabularySelect
        label="Your profession"
        name="profession"
        value={form.values.profession}
        options={PROFESSIONS}
        onChange={form.set('profession')}
        error={form.errorOf('profession')}
      />
      {asOperator && (
        <Field label="Clinician who answers (id)" error={form.errorOf('clinicianId')}>
          {(control) => (
            <input
              {...control}
              value={form.values.clinicianId}
              onChange={(event) => form.set('clinicianId')(event.target.value)}
            />
          )}
        </Field>
      )}
      {!withoutReason && <ReasonField value={reason} onChange={setReason} error={reasonError} />}
      <ProblemMessage problem={form.problem} />
      <button type="submit" className="button button--primary" disabled={form.busy}>
        Answer call
      </button>
    </FormCard>
  );
}

function ReasonField({
  value,
  onChange,
  error,
}: {
  value: string;
  onChange(value: string): void;
  error?: string;
}) {
  return (
    <Field
      label="Reason for reading this call"
      hint="Recorded in the read audit with your name (10-500 characters)."
      error={error}
    >
      {(control) => (
        <input
          {...control}
          name="accessReason"
          value={value}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </Field>
  );
}

/** For a call that is no longer waiting (answered elsewhere, or opened from a link): read it with a reason. */
function OpenCallForm({ onOpen }: { onOpen(reason: string): void }) {
  const [reason, setReason] = useState(DEFAULT_ACCESS_REASON);
  const [error, setError] = useState<string | undefined>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problem = accessReasonError(reason);
    setError(problem);
    if (!problem) onOpen(reason.trim());
  };
  return (
    <FormCard title="Open the call" onSubmit={submit} testId="open-form">
      <p className="hint">
        This call is not waiting in the queue (answered, closed or withdrawn, or not yet queued).
      </p>
      <ReasonField value={reason} onChange={setReason} error={error} />
      <button type="submit" className="button button--primary">
        Open call
      </button>
    </FormCard>
  );
}

function RiskAssessmentForm({ act }: { act: Act }) {
  const form = useCallForm({ level: '', factors: '', rationale: '' }, checkRiskAssessment, (body) =>
    act('risk-assessment', body),
  );
  return (
    <FormCard title="Risk assessment" onSubmit={form.submit} testId="risk-form">
      <VocabularySelect
        label="Level of risk"
        name="level"
        value={form.values.level}
        options={RISK_LEVELS}
        onChange={form.set('level')}
        error={form.errorOf('level')}
      />
      <TextAreaField
        label="Risk factors"
        name="factors"
        hint="One a line; up to 20."
        value={form.values.factors}
        onChange={form.set('factors')}
        error={form.errorOf('factors')}
      />
      <TextAreaField
        label="Rationale"
        name="rationale"
        value={form.values.rationale}
        onChange={form.set('rationale')}
        error={form.errorOf('rationale')}
      />
      <ProblemMessage problem={form.problem} />
      <button type="submit" className="button button--primary" disabled={form.busy}>
        Record risk assessment
      </button>
    </FormCard>
  );
}

function RecordsCheckForm({ act }: { act: Act }) {
  const form = useCallForm({ knownToServices: '', notes: '' }, checkRecordsCheck, (body) =>
    act('records-check', body),
  );
  const error = form.errorOf('knownToServices');
  return (
    <FormCard title="Records check" onSubmit={form.submit} testId="records-form">
      <fieldset aria-describedby={error ? 'known-error' : undefined}>
        <legend>Known to mental health services?</legend>
        {(['yes', 'no'] as const).map((value) => (
          <label key={value} className="choice">
            <input
              type="radio"
              name="knownToServices"
              value={value}
              checked={form.values.knownToServices === value}
              onChange={() => form.set('knownToServices')(value)}
            />
            {value === 'yes' ? 'Yes' : 'No'}
          </label>
        ))}
        {error && (
          <p id="known-error" className="field__error">
            {error}
          </p>
        )}
      </fieldset>
      <TextAreaField
        label="Notes (optional)"
        name="notes"
        rows={2}
        value={form.values.notes}
        onChange={form.set('notes')}
        error={form.errorOf('notes')}
      />
      <ProblemMessage problem={form.problem} />
      <button type="submit" className="button button--primary" disabled={form.busy}>
        Record records check
      </button>
    </FormCard>
  );
}

function AdviceForm({ act, profession }: { act: Act; profession: string }) {
  const form = useCallForm({ profession, recommendation: '', rationale: '' }, checkAdvice, (body) =>
    act('advice', body),
  );
  return (
    <FormCard title="Advice to the officer" onSubmit={form.submit} testId="advice-form">
      <VocabularySelect
        label="Profession of the clinician advising"
        name="profession"
        value={form.values.profession}
        options={PROFESSIONS}
        onChange={form.set('profession')}
        error={form.errorOf('profession')}
        hint="Advice from these professions counts as the section 136 consultation."
      />
      <VocabularySelect
        label="Recommendation"
        name="recommendation"
        value={form.values.recommendation}
        options={RECOMMENDATIONS}
        onChange={form.set('recommendation')}
        error={form.errorOf('recommendation')}
        hint="Section 136 is the last resort."
      />
      <TextAreaField
        label="Rationale"
        name="rationale"
        value={form.values.rationale}
        onChange={form.set('rationale')}
        error={form.errorOf('rationale')}
      />
      <ProblemMessage problem={form.problem} />
      <button type="submit" className="button button--primary" disabled={form.busy}>
        Give advice
      </button>
    </FormCard>
  );
}

function CloseForm({ act, advised }: { act: Act; advised: boolean }) {
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(await act('close', {}));
    setBusy(false);
  };
  return (
    <FormCard title="Close the triage" onSubmit={submit} testId="close-form">
      <p className="hint">
        {advised ? 'Advice has been given.' : 'Triage can be closed once advice has been given.'}
      </p>
      <ProblemMessage problem={problem} />
      <button type="submit" className="button" disabled={busy}>
        Close triage
      </button>
    </FormCard>
  );
}

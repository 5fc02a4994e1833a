import { useEffect, useRef, useState, type FormEvent } from 'react';
import { problemOf, type ApiProblem } from '../../api/api-problem';
import { useSignedIn } from '../../session/session-context';
import { useAnnounce } from '../../ui/announcer';
import { Field, TextAreaField } from '../../ui/form-fields';
import { ProblemMessage } from '../../ui/problem-message';
import {
  readIntakeRecord,
  readSubjectRecords,
  sendSubjectRequest,
  type IntakeRecord,
} from './operations-api';
import {
  incidentIdsOf,
  lookupReason,
  SUBJECT_ACTION_LABELS,
  SUBJECT_ACTIONS,
  subjectOf,
  subjectRequestProblems,
  type SubjectAction,
  type SubjectRequestForm,
} from './subject-request';

const EMPTY: SubjectRequestForm = { action: '', incidentIds: '', legalBasis: '', reason: '' };

type Step =
  | { kind: 'form' }
  | { kind: 'confirm'; subjectRef: string; incidentIds: string[] }
  | { kind: 'done'; subjectRef: string; incidentIds: string[]; action: SubjectAction };

/**
 * Erasure and restriction of a subject's personal data: the operator names the incidents, the console reads who
 * they are about (intake's record, audited), and asks to confirm naming the subject and every incident before
 * anything is sent. After it, the intake record can be read again to see the effect (`[erased]`).
 */
export function SubjectSection() {
  const { api } = useSignedIn();
  const announce = useAnnounce();
  const [form, setForm] = useState<SubjectRequestForm>(EMPTY);
  const [problems, setProblems] = useState<ReturnType<typeof subjectRequestProblems>>({});
  const [step, setStep] = useState<Step>({ kind: 'form' });
  const [refusal, setRefusal] = useState<{ problem: ApiProblem | null; text?: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [record, setRecord] = useState<IntakeRecord | null>(null);
  // The form gives way to the confirmation, then to the result: focus follows, so the keyboard is where they are.
  const stepBox = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (step.kind !== 'form') stepBox.current?.focus();
  }, [step.kind]);

  const find = async (event: FormEvent) => {
    event.preventDefault();
    const found = subjectRequestProblems(form);
    setProblems(found);
    setRefusal(null);
    if (Object.keys(found).length > 0 || form.action === '') return;
    setBusy(true);
    try {
      const incidentIds = incidentIdsOf(form.incidentIds);
      const subject = subjectOf(
        await readSubjectRecords(api, incidentIds, lookupReason(form.action, form.legalBasis)),
      );
      if ('problem' in subject) setRefusal({ problem: null, text: subject.problem });
      else setStep({ kind: 'confirm', subjectRef: subject.subjectRef, incidentIds });
    } catch (error) {
      setRefusal({ problem: problemOf(error) });
    } finally {
      setBusy(false);
    }
  };

  const confirm = async () => {
    if (step.kind !== 'confirm' || form.action === '') return;
    setBusy(true);
    setRefusal(null);
    try {
      await sendSubjectRequest(api, step.subjectRef, form.action, form.legalBasis, form.reason);
      setStep({
        kind: 'done',
        subjectRef: step.subjectRef,
        incidentIds: step.incidentIds,
        action: form.action,
      });
      announce(`${SUBJECT_ACTION_LABELS[form.action]}: done for ${step.subjectRef}.`);
    } catch (error) {
      setRefusal({ problem: problemOf(error) });
    } finally {
      setBusy(false);
    }
  };

  const readBack = async (incidentId: string) => {
    setRefusal(null);
    try {
      setRecord(await readIntakeRecord(api, incidentId, 'Checking the effect of a subject request'));
    } catch (error) {
      setRefusal({ problem: problemOf(error) });
    }
  };

  const restart = () => {
    setForm(EMPTY);
    setStep({ kind: 'form' });
    setRecord(null);
    setRefusal(null);
  };

  return (
    <section aria-labelledby="subject-title" className="card">
      <h2 id="subject-title">Erasure and restriction</h2>
      {step.kind === 'form' && (
        <form className="form" onSubmit={find} noValidate data-testid="subject-form">
          <fieldset aria-describedby={problems.action ? 'subject-action-error' : undefined}>
            <legend>What to do</legend>
            {SUBJECT_ACTIONS.map((action) => (
              <label className="choice" key={action}>
                <input
                  type="radio"
                  name="action"
                  value={action}
                  checked={form.action === action}
                  onChange={() => setForm({ ...form, action })}
                />
                {SUBJECT_ACTION_LABELS[action]}
              </label>
            ))}
            {problems.action && (
              <p id="subject-action-error" className="field__error">
                {problems.action}
              </p>
            )}
          </fieldset>
          <TextAreaField
            label="Incident ids of the subject"
            name="incidentIds"
            rows={2}
            value={form.incidentIds}
            onChange={(incidentIds) => setForm({ ...form, incidentIds })}
            error={problems.incidentIds}
            hint="One or more, separated by spaces or lines; the subject is read from intake's record of each."
          />
          <Field label="Legal basis" error={problems.legalBasis} hint="e.g. UK GDPR Art. 17(1)(b)">
            {(control) => (
              <input
                {...control}
                type="text"
                name="legalBasis"
                value={form.legalBasis}
                onChange={(event) => setForm({ ...form, legalBasis: event.target.value })}
              />
            )}
          </Field>
          <TextAreaField
            label="Reason"
            name="reason"
            value={form.reason}
            onChange={(reason) => setForm({ ...form, reason })}
            error={problems.reason}
          />
          <button type="submit" className="button button--primary" disabled={busy}>
            Find the subject
          </button>
        </form>
      )}
      {step.kind === 'confirm' && form.action !== '' && (
        <div
          ref={stepBox}
          tabIndex={-1}
          className="notice notice--changed"
          role="alertdialog"
          aria-labelledby="confirm-title"
          data-testid="confirm"
        >
          <h3 id="confirm-title">
            {SUBJECT_ACTION_LABELS[form.action]} of subject{' '}
            <code data-testid="confirm-subject">{step.subjectRef}</code>?
          </h3>
          <p>The subject of {step.incidentIds.length === 1 ? 'incident' : 'incidents'}:</p>
          <ul data-testid="confirm-incidents">
            {step.incidentIds.map((id) => (
              <li key={id} className="mono">
                {id}
              </li>
            ))}
          </ul>
          <p>
            Legal basis: <strong>{form.legalBasis.trim()}</strong>. Reason:{' '}
            <strong>{form.reason.trim()}</strong>.
          </p>
          {form.action === 'erasure' && (
            <p>
              <strong>This cannot be undone:</strong> the subject’s key is destroyed and every personal field
              reads “[erased]” in all three services.
            </p>
          )}
          <div className="period-form">
            <button type="button" className="button button--primary" onClick={confirm} disabled={busy}>
              Confirm: {SUBJECT_ACTION_LABELS[form.action].toLowerCase()}
            </button>
            <button
              type="button"
              className="button"
              onClick={() => setStep({ kind: 'form' })}
              disabled={busy}
            >
              Cancel
            </button>
          </div>
        </div>
      )}
      {step.kind === 'done' && (
        <div ref={stepBox} tabIndex={-1} className="notice notice--done" data-testid="subject-done">
          <p>
            {SUBJECT_ACTION_LABELS[step.action]}: done for <code>{step.subjectRef}</code>.
          </p>
          <div className="period-form">
            {step.incidentIds.map((id) => (
              <button type="button" className="button" key={id} onClick={() => readBack(id)}>
                Read intake’s record of {id}
              </button>
            ))}
            <button type="button" className="button" onClick={restart}>
              Another request
            </button>
          </div>
          {record && (
            <dl className="facts" data-testid="intake-record">
              <dt>Incident</dt>
              <dd className="mono">{record.incidentId}</dd>
              <dt>Subject</dt>
              <dd className="mono">{record.subject.ref}</dd>
              <dt>Name</dt>
              <dd data-testid="record-name">{record.subject.name ?? '—'}</dd>
              <dt>Date of birth</dt>
              <dd>{record.subject.dateOfBirth ?? '—'}</dd>
              <dt>Summary</dt>
              <dd data-testid="record-summary">{record.summary}</dd>
            </dl>
          )}
        </div>
      )}
      {refusal &&
        (refusal.problem ? (
          <ProblemMessage problem={refusal.problem} />
        ) : (
          <p className="problem" role="alert">
            {refusal.text}
          </p>
        ))}
    </section>
  );
}

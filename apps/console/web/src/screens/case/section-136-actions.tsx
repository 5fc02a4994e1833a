import { useState, type FormEvent } from 'react';
import { problemOf, reasonsFor, type ApiProblem } from '../../api/api-problem';
import { useSignedIn } from '../../session/session-context';
import { useAnnounce } from '../../ui/announcer';
import { Field, TextAreaField, VocabularySelect } from '../../ui/form-fields';
import { labelOf } from '../../ui/labels';
import { ProblemMessage } from '../../ui/problem-message';
import { actOnOutcome, type OutcomeAction } from './case-api';
import { describeOutcomeChanges, type OutcomeView } from './outcome-view';
import {
  ACTIONS,
  actionSpec,
  checkAction,
  visibleFields,
  type FieldSpec,
  type FormErrors,
  type FormValues,
} from './section-136-forms';

/** The step a person most likely records next, chosen when the form opens. */
function nextStep(view: OutcomeView): OutcomeAction {
  const detention = view.detention;
  if (view.closed) return 'disposition';
  if (!detention) return view.consultation ? 'detention' : 'consultation';
  if (detention.status === 'ended') return view.dispositions.length > 0 ? 'closure' : 'disposition';
  if (!detention.placeOfSafety) return 'place-of-safety';
  if (!detention.clockStartedAt) return 'arrival';
  return detention.assessmentCompleted ? 'end' : 'assessment';
}

/**
 * The section 136 steps and the disposition as forms (clinicians and officers). Each write carries `If-Match` with
 * the outcome version on screen; a rule's refusal (422) is shown in the form with its rule id; a conflict (409)
 * reloads the outcome and says what someone else recorded.
 */
export function Section136Actions({
  incidentId,
  view,
  lastRecordedAt,
  reload,
}: {
  incidentId: string;
  view: OutcomeView;
  lastRecordedAt: string | null;
  reload(): Promise<OutcomeView | undefined>;
}) {
  const { api } = useSignedIn();
  const announce = useAnnounce();
  const [action, setAction] = useState<OutcomeAction>(() => nextStep(view));
  const [values, setValues] = useState<FormValues>({});
  const [errors, setErrors] = useState<FormErrors>({});
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [changed, setChanged] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const spec = actionSpec(action);

  const choose = (next: OutcomeAction) => {
    setAction(next);
    setValues({});
    setErrors({});
    setProblem(null);
  };
  const set = (name: string) => (value: string) => setValues((current) => ({ ...current, [name]: value }));
  const errorOf = (name: string) =>
    errors[name] ??
    (problem?.fields
      .filter((field) => field.field === name || field.field.endsWith(`.${name}`))
      .flatMap((field) => field.reasons)
      .join(', ') ||
      reasonsFor(problem, name).join(', ') ||
      undefined);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    setChanged(null);
    setProblem(null);
    const checked = checkAction(spec, values, { nowMs: Date.now(), lastRecordedAt });
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await actOnOutcome(api, incidentId, action, checked.body, view.version);
      const message = `${spec.title} recorded.`;
      setDone(message);
      announce(message);
      setValues({});
      const after = await reload();
      if (after) setAction(nextStep(after));
    } catch (error) {
      const refused = problemOf(error);
      setProblem(refused);
      if (refused.status === 409) {
        const after = await reload();
        const what = after ? describeOutcomeChanges(view, after) : [];
        setChanged(
          `This case changed before your ${spec.title.toLowerCase()} was recorded` +
            (refused.conflict
              ? ` (you had version ${refused.conflict.expectedVersion ?? '?'}, it is now at ${refused.conflict.actualVersion ?? '?'})`
              : '') +
            `. It has been reloaded${what.length > 0 ? `: ${what.join('; ')}` : ''}. Check it, then submit again.`,
        );
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="actions-title" className="case-actions" data-testid="s136-actions">
      <h2 id="actions-title">Record a step</h2>
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
      <div className="field">
        <label htmlFor="s136-step">Step</label>
        <select
          id="s136-step"
          value={action}
          onChange={(event) => choose(event.target.value as OutcomeAction)}
        >
          {ACTIONS.map((item) => (
            <option key={item.action} value={item.action}>
              {item.title}
            </option>
          ))}
        </select>
      </div>
      <form
        className="form card"
        onSubmit={submit}
        noValidate
        aria-labelledby="s136-form-title"
        data-testid={`${action}-form`}
      >
        <h3 id="s136-form-title">{spec.title}</h3>
        {visibleFields(spec, values).map((field) => (
          <FormField
            key={field.name}
            field={field}
            value={values[field.name] ?? ''}
            onChange={set(field.name)}
            error={errorOf(field.name)}
          />
        ))}
        <Field
          label="When it happened (optional)"
          hint="Leave empty for now. More than 15 minutes before the latest record is a late entry."
          error={errorOf('at')}
        >
          {(control) => (
            <input
              {...control}
              type="datetime-local"
              name="at"
              value={values.at ?? ''}
              onChange={(event) => set('at')(event.target.value)}
            />
          )}
        </Field>
        <TextAreaField
          label="Reason for a late entry"
          name="lateEntryReason"
          rows={2}
          hint="Required when recording after the fact (rule 10)."
          value={values.lateEntryReason ?? ''}
          onChange={set('lateEntryReason')}
          error={errorOf('lateEntryReason')}
        />
        <ProblemMessage problem={problem?.status === 409 ? null : problem} />
        <button type="submit" className="button button--primary" disabled={busy}>
          {spec.submit}
        </button>
      </form>
    </section>
  );
}

function FormField({
  field,
  value,
  onChange,
  error,
}: {
  field: FieldSpec;
  value: string;
  onChange(value: string): void;
  error?: string;
}) {
  switch (field.kind) {
    case 'select':
      return (
        <VocabularySelect
          label={field.label}
          name={field.name}
          value={value}
          options={field.options ?? []}
          onChange={onChange}
          error={error}
          hint={field.hint}
        />
      );
    case 'textarea':
      return (
        <TextAreaField
          label={field.label}
          name={field.name}
          rows={2}
          value={value}
          onChange={onChange}
          error={error}
          hint={field.hint}
        />
      );
    case 'yes-no':
      return (
        <fieldset aria-describedby={error ? `${field.name}-error` : undefined}>
          <legend>{field.label}</legend>
          {field.hint && <p className="hint">{field.hint}</p>}
          {(['yes', 'no'] as const).map((choice) => (
            <label key={choice} className="choice">
              <input
                type="radio"
                name={field.name}
                value={choice}
                checked={value === choice}
                onChange={() => onChange(choice)}
              />
              {labelOf(choice)}
            </label>
          ))}
          {error && (
            <p id={`${field.name}-error`} className="field__error">
              {error}
            </p>
          )}
        </fieldset>
      );
    default:
      return (
        <Field label={field.label} hint={field.hint} error={error}>
          {(control) => (
            <input
              {...control}
              name={field.name}
              type={field.kind === 'number' ? 'number' : 'text'}
              step={field.kind === 'number' ? '0.25' : undefined}
              value={value}
              onChange={(event) => onChange(event.target.value)}
            />
          )}
        </Field>
      );
  }
}

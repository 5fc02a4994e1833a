import type { ApiProblem } from '../api/api-problem';

/**
 * A refusal shown where it happened: the services' message, the rule that refused it (422) and any fields named.
 * `role="alert"` so it is read out as soon as it appears.
 */
export function ProblemMessage({ problem, title }: { problem: ApiProblem | null; title?: string }) {
  if (!problem) return null;
  return (
    <div className="problem" role="alert" data-testid="problem">
      <p className="problem__title">{title ?? titleOf(problem)}</p>
      <p>{problem.message}</p>
      {problem.ruleId && (
        <p className="problem__rule">
          Rule: <code data-testid="rule-id">{problem.ruleId}</code>
        </p>
      )}
      {problem.fields.length > 0 && (
        <ul>
          {problem.fields.map((field) => (
            <li key={field.field}>
              <code>{field.field}</code>: {field.reasons.join(', ')}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function titleOf(problem: ApiProblem): string {
  if (problem.status === 422) return 'Refused by a rule';
  if (problem.status === 400) return 'Something in the form needs correcting';
  if (problem.status === 409) return 'Changed by someone else';
  if (problem.status === 403) return 'Not allowed';
  if (problem.status === 0 || problem.status >= 500) return 'Not available';
  return 'Not done';
}

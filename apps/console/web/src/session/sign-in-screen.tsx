import { useQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { Navigate, useLocation } from 'react-router';
import { ApiError, problemOf, type ApiProblem } from '../api/api-problem';
import { homeFor } from '../app/screens';
import { ProblemMessage } from '../ui/problem-message';
import { ROLE_LABELS, ROLES, type Role } from './roles';
import type { Session } from './session';
import { useSession } from './session-context';

/** `GET /auth/options` (apps/console/src/sign-in). */
interface SignInOptions {
  developmentSignIn: boolean;
  issuer: string | null;
}

const NAME_PATTERN = /^[A-Za-z0-9._@-]+$/;

export function SignInScreen() {
  const { session, endedBecause, api } = useSession();
  const location = useLocation();
  const options = useQuery({
    queryKey: ['console', 'sign-in-options'],
    queryFn: ({ signal }) => api.request<SignInOptions>('/auth/options', { signal }),
    staleTime: Infinity,
  });
  if (session) {
    const from = (location.state as { from?: string } | null)?.from;
    return <Navigate to={from && from !== '/sign-in' ? from : homeFor(session.role)} replace />;
  }
  return (
    <section className="sign-in" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">Sign in</h1>
      {endedBecause && (
        <p className="notice" role="status">
          {endedBecause}
        </p>
      )}
      {options.isPending && <p>Loading…</p>}
      {options.isError && <ProblemMessage problem={problemOf(options.error)} />}
      {options.data?.developmentSignIn && <DevelopmentSignIn />}
      {options.data && !options.data.developmentSignIn && <ProductionSignIn issuer={options.data.issuer} />}
    </section>
  );
}

/** Development: choose a role and a name; the console mints a short-lived token with the services' secret. */
function DevelopmentSignIn() {
  const { signIn, api } = useSession();
  const [role, setRole] = useState<Role>('clinician');
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const nameId = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const sub = name.trim();
    const error =
      sub === ''
        ? 'Enter your name or staff id'
        : !NAME_PATTERN.test(sub)
          ? 'Use letters, digits and . _ @ - only'
          : null;
    setNameError(error);
    setProblem(null);
    if (error) return;
    setBusy(true);
    try {
      signIn(await api.request<Session>('/auth/dev-token', { method: 'POST', body: { role, sub } }));
    } catch (failure) {
      setProblem(failure instanceof ApiError ? failure.problem : problemOf(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form" onSubmit={submit} noValidate aria-describedby="dev-sign-in-note">
      <p id="dev-sign-in-note" className="hint">
        Development sign-in: the console issues a one-hour token for the role and name you choose. It does not
        exist in production.
      </p>
      <fieldset>
        <legend>Role</legend>
        {ROLES.map((value) => (
          <label key={value} className="choice">
            <input
              type="radio"
              name="role"
              value={value}
              checked={role === value}
              onChange={() => setRole(value)}
            />
            {ROLE_LABELS[value]}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor={nameId}>Name or staff id</label>
        <input
          id={nameId}
          name="sub"
          autoComplete="username"
          placeholder="e.g. RN-0042"
          value={name}
          onChange={(event) => setName(event.target.value)}
          aria-invalid={nameError ? true : undefined}
          aria-describedby={nameError ? `${nameId}-error` : undefined}
        />
        {nameError && (
          <p id={`${nameId}-error`} className="field__error">
            {nameError}
          </p>
        )}
      </div>
      <ProblemMessage problem={problem} />
      <button type="submit" className="button button--primary" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}

/** Production: OpenID Connect against AUTH_ISSUER (to come; the services already verify the provider's tokens). */
function ProductionSignIn({ issuer }: { issuer: string | null }) {
  return (
    <div className="placeholder" data-testid="production-sign-in">
      <p>
        In production you sign in with your organisation&apos;s account through OpenID Connect, configured by{' '}
        <code>AUTH_ISSUER</code>
        {issuer ? (
          <>
            {' '}
            (<span className="mono">{issuer}</span>)
          </>
        ) : (
          ' (not set)'
        )}
        .
      </p>
      <p>
        That sign-in is coming to this console; development sign-in is off because NODE_ENV is production.
      </p>
    </div>
  );
}

import { useQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { Navigate, useLocation } from 'react-router';
import { ApiError, problemOf, type ApiProblem } from '../api/api-problem';
import { homeFor } from '../app/screens';
import { ProblemMessage } from '../ui/problem-message';
import { oidcProblem, startOidcSignIn, type OidcSettings } from './oidc-sign-in';
import { ROLE_LABELS, ROLES, type Role } from './roles';
import type { Session } from './session';
import { useSession } from './session-context';

/** `GET /auth/options` (apps/console/src/sign-in). */
export interface SignInOptions {
  developmentSignIn: boolean;
  issuer: string | null;
  oidc: OidcSettings | null;
}

export const SIGN_IN_OPTIONS_QUERY = ['console', 'sign-in-options'];

const NAME_PATTERN = /^[A-Za-z0-9._@-]+$/;

/** `notice`: what brought the person here, when the page was reloaded on the way (back from signing out). */
export function SignInScreen({ notice }: { notice?: string }) {
  const { session, endedBecause, api } = useSession();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from;
  const options = useQuery({
    queryKey: SIGN_IN_OPTIONS_QUERY,
    queryFn: ({ signal }) => api.request<SignInOptions>('/auth/options', { signal }),
    staleTime: Infinity,
  });
  if (session) {
    return <Navigate to={from && from !== '/sign-in' ? from : homeFor(session.role)} replace />;
  }
  return (
    <section className="sign-in" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">Sign in</h1>
      {(endedBecause ?? notice) && (
        <p className="notice" role="status">
          {endedBecause ?? notice}
        </p>
      )}
      {options.isPending && <p>Loading…</p>}
      {options.isError && <ProblemMessage problem={problemOf(options.error)} />}
      {options.data?.developmentSignIn && <DevelopmentSignIn />}
      {options.data && !options.data.developmentSignIn && (
        <ProductionSignIn issuer={options.data.issuer} oidc={options.data.oidc} from={from} />
      )}
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

/** Production: OpenID Connect at AUTH_ISSUER (authorisation code with PKCE); the page goes to the provider and back. */
function ProductionSignIn({
  issuer,
  oidc,
  from,
}: {
  issuer: string | null;
  oidc: OidcSettings | null;
  from: string | undefined;
}) {
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);
  if (!oidc) {
    return (
      <div className="placeholder" data-testid="production-sign-in">
        <p>
          Sign-in through your organisation&apos;s identity provider is not configured: the console needs{' '}
          <code>AUTH_ISSUER</code>
          {issuer ? (
            <>
              {' '}
              (<span className="mono">{issuer}</span>)
            </>
          ) : (
            ' (not set)'
          )}{' '}
          and <code>CONSOLE_OIDC_CLIENT_ID</code>. Development sign-in is off in production.
        </p>
      </div>
    );
  }
  const start = async () => {
    setBusy(true);
    setProblem(null);
    try {
      await startOidcSignIn(oidc, from);
    } catch (failure) {
      setProblem(oidcProblem(failure));
      setBusy(false);
    }
  };
  return (
    <div className="form" data-testid="production-sign-in">
      <p id="oidc-sign-in-note" className="hint">
        You sign in with your organisation&apos;s account at <span className="mono">{oidc.issuer}</span>, then
        come back here.
      </p>
      <ProblemMessage problem={problem} />
      <button
        type="button"
        className="button button--primary"
        disabled={busy}
        aria-describedby="oidc-sign-in-note"
        onClick={() => void start()}
      >
        {busy ? 'Going to sign in…' : "Sign in with your organisation's account"}
      </button>
    </div>
  );
}

import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { ApiProblem } from '../api/api-problem';
import { homeFor } from '../app/screens';
import { ProblemMessage } from '../ui/problem-message';
import { completeOidcSignIn, oidcProblem } from './oidc-sign-in';
import { useSession } from './session-context';
import { SIGN_IN_OPTIONS_QUERY, type SignInOptions } from './sign-in-screen';

/** CALLBACK_PATH: the provider sends the browser back here with the code, which becomes the session. */
export function SignInCallbackScreen() {
  const { api, signIn } = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [problem, setProblem] = useState<ApiProblem | null>(null);

  useEffect(() => {
    let current = true;
    const url = window.location.href;
    void (async () => {
      try {
        const options = await queryClient.fetchQuery({
          queryKey: SIGN_IN_OPTIONS_QUERY,
          queryFn: ({ signal }) => api.request<SignInOptions>('/auth/options', { signal }),
          staleTime: Infinity,
        });
        if (!options.oidc) throw new Error('this console has no OpenID Connect sign-in configured');
        const { session, from } = await completeOidcSignIn(options.oidc, url);
        if (!current) return;
        signIn(session);
        void navigate(from && !from.startsWith('/sign-in') ? from : homeFor(session.role), { replace: true });
      } catch (failure) {
        if (current) setProblem(oidcProblem(failure));
      }
    })();
    return () => {
      current = false;
    };
  }, [api, navigate, queryClient, signIn]);

  return (
    <section className="sign-in" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">Signing in</h1>
      {problem ? (
        <>
          <ProblemMessage problem={problem} />
          <p>
            <Link to="/sign-in">Back to sign in</Link>
          </p>
        </>
      ) : (
        <p role="status">Completing your sign-in…</p>
      )}
    </section>
  );
}

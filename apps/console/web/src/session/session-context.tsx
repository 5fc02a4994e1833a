import { useQueryClient } from '@tanstack/react-query';
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { createApiClient, type ApiClient } from '../api/api-client';
import { endOidcSession, followRenewals } from './oidc-sign-in';
import { clearSession, loadSession, saveSession, type Session } from './session';

interface SessionValue {
  session: Session | null;
  /** Why the last session ended, for the sign-in screen (expired, refused). */
  endedBecause: string | null;
  signIn(session: Session): void;
  /** `atProvider`: the person chose to sign out, so their session at the OpenID provider ends too. */
  signOut(reason?: string, how?: { atProvider?: boolean }): void;
  api: ApiClient;
}

const SessionContext = createContext<SessionValue | null>(null);

/**
 * Who is signed in, and the API client that speaks for them. Signing out (or the token expiring, or a 401) clears
 * every cached query, so nothing one person read stays in memory for the next (issue 17: decrypted records never
 * outlive the session), and drops the token from this tab's storage. A session from the OpenID provider is renewed
 * before its token expires (oidc-sign-in.ts), so a shift is not interrupted.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [session, setSession] = useState<Session | null>(() =>
    loadSession(window.sessionStorage, Date.now()),
  );
  const [endedBecause, setEndedBecause] = useState<string | null>(null);
  const tokenRef = useRef<string | null>(session?.token ?? null);
  tokenRef.current = session?.token ?? null;
  const providerRef = useRef(session?.provider);
  providerRef.current = session?.provider;

  const signOut = useCallback(
    (reason?: string, how: { atProvider?: boolean } = {}) => {
      const provider = providerRef.current;
      tokenRef.current = null;
      providerRef.current = undefined;
      clearSession(window.sessionStorage);
      queryClient.clear();
      setSession(null);
      setEndedBecause(reason ?? null);
      if (provider) void endOidcSession(provider, how.atProvider === true);
    },
    [queryClient],
  );

  const signIn = useCallback(
    (next: Session) => {
      queryClient.clear();
      saveSession(window.sessionStorage, next);
      tokenRef.current = next.token;
      setEndedBecause(null);
      setSession(next);
    },
    [queryClient],
  );

  // Each token the provider renews replaces the last; the queries stay, as the person is the same.
  const provider = session?.provider ? JSON.stringify(session.provider) : null;
  useEffect(() => {
    if (provider === null) return;
    return followRenewals(
      JSON.parse(provider) as NonNullable<Session['provider']>,
      (next) => {
        saveSession(window.sessionStorage, next);
        tokenRef.current = next.token;
        setSession(next);
      },
      (reason) => signOut(reason),
    );
  }, [provider, signOut]);

  // The token stops working at expiresAt: end the session then rather than fail request by request.
  useEffect(() => {
    if (!session) return;
    const left = Date.parse(session.expiresAt) - Date.now();
    const timer = setTimeout(
      () => signOut('Your sign-in expired. Sign in again to go on.'),
      Math.max(0, left),
    );
    return () => clearTimeout(timer);
  }, [session, signOut]);

  const api = useMemo(
    () =>
      createApiClient({
        token: () => tokenRef.current,
        onUnauthorized: () => signOut('Your sign-in is no longer accepted. Sign in again to go on.'),
      }),
    [signOut],
  );

  const value = useMemo(
    () => ({ session, endedBecause, signIn, signOut, api }),
    [session, endedBecause, signIn, signOut, api],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession is used outside SessionProvider');
  return value;
}

/** For screens behind the sign-in gate, where a session always exists. */
export function useSignedIn(): Session & { api: ApiClient; signOut: SessionValue['signOut'] } {
  const { session, api, signOut } = useSession();
  if (!session) throw new Error('useSignedIn is used outside the sign-in gate');
  return { ...session, api, signOut };
}

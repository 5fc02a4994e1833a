import { Suspense, useEffect, useRef } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { ROLE_LABELS } from '../session/roles';
import { useSession } from '../session/session-context';
import { screenAt, screensFor } from './screens';

/**
 * The frame of every page: a skip link, the banner with who is signed in and sign-out, the navigation for the
 * role, and the main landmark the screens render into. Moving to another screen moves focus to its content, as a
 * page load would.
 */
export function Shell() {
  const { session, signOut } = useSession();
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  const screen = screenAt(location.pathname)?.path ?? location.pathname;
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [screen]);

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="banner">
        <p className="banner__title">RCRP console</p>
        {session && (
          <nav aria-label="Screens" className="nav">
            <ul>
              {screensFor(session.role).map((entry) => (
                <li key={entry.path}>
                  <NavLink to={`/${entry.path}`} title={entry.summary}>
                    {entry.label}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
        )}
        {session && (
          <div className="banner__who">
            <span>
              <span className="visually-hidden">Signed in as </span>
              <strong data-testid="signed-in-as">{session.sub}</strong>, {ROLE_LABELS[session.role]}
            </span>
            <button
              type="button"
              className="button"
              onClick={() => signOut('You signed out.', { atProvider: true })}
            >
              Sign out
            </button>
          </div>
        )}
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <Suspense fallback={<p>Loading…</p>}>
          <Outlet />
        </Suspense>
      </main>
      <footer className="footer">
        <p>Right Care, Right Person: every action here is recorded with your name.</p>
      </footer>
    </>
  );
}
